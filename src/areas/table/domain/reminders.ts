import { calendarDateIn, dayjs, instantFromLocal } from '../../../platform/time';
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
 * The day-before one ("Domani…") goes out only on the day before, in local time, and only for
 * a meeting that was set (`scheduledAt`: convened or last moved) before that day's reminder
 * time: a meeting convened in the afternoon for the next morning gets the hour-before one only.
 */
export function dueReminders(startsAt: Date, now: Date, timezone: string, scheduledAt: Date): ReminderKind[] {
  if (now.getTime() >= startsAt.getTime()) return [];
  const times = reminderTimes(startsAt, timezone);
  const tomorrow = dayjs(now).tz(timezone).add(1, 'day').format('YYYY-MM-DD');
  const dayBeforeApplies = calendarDateIn(startsAt, timezone) === tomorrow && scheduledAt.getTime() < times.day_before.getTime();
  return (Object.keys(times) as ReminderKind[]).filter(
    (kind) => now.getTime() >= times[kind].getTime() && (kind !== 'day_before' || dayBeforeApplies),
  );
}

/** An open action item whose due date (a calendar date) is before today. */
export function isOverdue(item: Pick<ActionItem, 'status' | 'dueDate'>, today: string): boolean {
  return item.status === 'open' && item.dueDate < today;
}
