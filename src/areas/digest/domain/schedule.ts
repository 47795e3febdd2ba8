import type { DigestPeriod } from '../../../platform/reporting';
import { addDays, calendarDateIn, dayjs, instantFromLocal, wallClock } from '../../../platform/time';

/** A digest is "late" when it goes out this long after its scheduled time (the app was down). */
export const LATE_AFTER_MS = 15 * 60_000;

/** ISO weekday (1 Monday … 7 Sunday) of a calendar date. */
function isoWeekday(isoDate: string): number {
  const d = dayjs.utc(isoDate).day();
  return d === 0 ? 7 : d;
}

/** The Monday (YYYY-MM-DD) of the ISO week of a calendar date: the week a digest belongs to. */
export function weekOf(isoDate: string): string {
  return addDays(isoDate, 1 - isoWeekday(isoDate));
}

export interface DigestSlot {
  /** The instant the digest is due (weekday at HH:mm, wall clock in tz, DST-correct). */
  scheduledFor: Date;
  /** The Monday of its week: the period key, one digest per channel and week. */
  week: string;
  /** What it covers: the 7 days before scheduledFor (same wall-clock time a week earlier). */
  period: DigestPeriod;
}

function slotOn(isoDate: string, time: string, tz: string): DigestSlot | undefined {
  const scheduledFor = instantFromLocal(isoDate, time, tz);
  const start = instantFromLocal(addDays(isoDate, -7), time, tz);
  if (!scheduledFor || !start) return undefined;
  return { scheduledFor, week: weekOf(isoDate), period: { start, end: scheduledFor } };
}

/** The slot of a weekly schedule in a given week (its Monday, YYYY-MM-DD). */
export function slotOfWeek(schedule: { weekday: number; time: string }, week: string, tz: string): DigestSlot | undefined {
  return slotOn(addDays(week, schedule.weekday - 1), schedule.time, tz);
}

/** Whether a digest posted at `now` for a slot scheduled at `scheduledFor` is late (the app was down). */
export function isLate(scheduledFor: Date, now: Date): boolean {
  return now.getTime() - scheduledFor.getTime() > LATE_AFTER_MS;
}

/** The most recent slot at or before `now` for a weekly schedule. */
export function latestSlot(schedule: { weekday: number; time: string }, now: Date, tz: string): DigestSlot | undefined {
  const today = calendarDateIn(now, tz);
  const back = (isoWeekday(today) - schedule.weekday + 7) % 7;
  let date = addDays(today, -back);
  let slot = slotOn(date, schedule.time, tz);
  if (slot && slot.scheduledFor.getTime() > now.getTime()) {
    date = addDays(date, -7);
    slot = slotOn(date, schedule.time, tz);
  }
  return slot;
}

/** The next slot strictly after `now`. */
export function nextSlot(schedule: { weekday: number; time: string }, now: Date, tz: string): DigestSlot | undefined {
  const latest = latestSlot(schedule, now, tz);
  if (!latest) return undefined;
  return slotOn(addDays(calendarDateIn(latest.scheduledFor, tz), 7), schedule.time, tz);
}

/**
 * The slot due at `now` for a subscription, if any: the latest one, unless it came before the
 * subscription started. A week missed while the app was down is still due (and posted late);
 * older missed weeks are not posted (a digest of three weeks ago is no longer news).
 */
export function dueSlot(
  subscription: { weekday: number; time: string; activeSince: Date },
  now: Date,
  tz: string,
): (DigestSlot & { late: boolean }) | undefined {
  const slot = latestSlot(subscription, now, tz);
  if (!slot || slot.scheduledFor.getTime() < subscription.activeSince.getTime()) return undefined;
  return { ...slot, late: isLate(slot.scheduledFor, now) };
}

/** The last 7 days up to now (preview). */
export function lastSevenDays(now: Date): DigestPeriod {
  return { start: new Date(now.getTime() - 7 * 24 * 60 * 60 * 1000), end: now };
}

/** How many weeks the digest's trend chart covers (this week included). */
export const TREND_WEEKS = 12;

/** An instant moved by whole days at the same wall-clock time in tz (DST-correct; seconds kept). */
function shiftDays(instant: Date, days: number, tz: string): Date {
  const wall = wallClock(instant, tz);
  const moved = instantFromLocal(addDays(wall.format('YYYY-MM-DD'), days), wall.format('HH:mm'), tz);
  return moved ? new Date(moved.getTime() + (instant.getTime() % 60_000)) : new Date(instant.getTime() + days * 86_400_000);
}

/**
 * The `count` weeks ending with a digest's period, oldest first: the period itself last, each
 * earlier one the same span seven days before (same wall-clock times, DST-correct).
 */
export function trendPeriods(period: DigestPeriod, tz: string, count = TREND_WEEKS): DigestPeriod[] {
  const out: DigestPeriod[] = [];
  for (let i = count - 1; i > 0; i--) out.push({ start: shiftDays(period.start, -7 * i, tz), end: shiftDays(period.end, -7 * i, tz) });
  out.push(period);
  return out;
}
