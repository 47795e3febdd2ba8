import { dayjs, instantFromLocal } from '../../lib/time';
import type { ActionItem } from './types';

export type ReminderKind = 'day_before' | 'hour_before';

/** When each reminder of a meeting is due: 09:00 local time the day before, and one hour before. */
export function reminderTimes(startsAt: Date, timezone: string): Record<ReminderKind, Date> {
  const dayBefore = dayjs(startsAt).tz(timezone).subtract(1, 'day').format('YYYY-MM-DD');
  return {
    day_before: instantFromLocal(dayBefore, '09:00', timezone) ?? new Date(startsAt.getTime() - 24 * 3600_000),
    hour_before: new Date(startsAt.getTime() - 3600_000),
  };
}

/**
 * The reminders due at `now`: past their time and before the meeting starts. A reminder missed
 * while the app was down is still due until the meeting begins; after that it no longer helps.
 */
export function dueReminders(startsAt: Date, now: Date, timezone: string): ReminderKind[] {
  if (now.getTime() >= startsAt.getTime()) return [];
  const times = reminderTimes(startsAt, timezone);
  return (Object.keys(times) as ReminderKind[]).filter((kind) => now.getTime() >= times[kind].getTime());
}

/** An open action item whose due date (a calendar date) is before today. */
export function isOverdue(item: Pick<ActionItem, 'status' | 'dueDate'>, today: string): boolean {
  return item.status === 'open' && item.dueDate < today;
}
