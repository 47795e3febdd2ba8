import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import 'dayjs/locale/it';
import type { Locale } from './config';
import { BoundedMemo } from './bounded-memo';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(customParseFormat);

export { dayjs, type Dayjs };

const FORMATS: Record<Locale, { date: string; dateTime: string; time: string; weekdayDate: string }> = {
  it: { date: 'DD/MM/YYYY', dateTime: 'DD/MM/YYYY [ore] HH:mm', time: 'HH:mm', weekdayDate: 'dddd D MMMM YYYY' },
  en: { date: 'D MMM YYYY', dateTime: 'D MMM YYYY, HH:mm', time: 'HH:mm', weekdayDate: 'dddd, D MMMM YYYY' },
};

export type DateStyle = keyof (typeof FORMATS)['it'];

const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The wall-clock date and time of an instant in a time zone, as a dayjs value to format (its own
 * offset is UTC: do not compute with it). Same result as `dayjs(instant).tz(tz)`, which builds a
 * new Intl formatter on every call (a tenth of a millisecond each, on the request path for every
 * line of a list); this keeps one formatter per time zone.
 */
export function wallClock(instant: Date, tz: string): Dayjs {
  const ms = instant.getTime();
  if (Number.isNaN(ms)) return dayjs(instant);
  // A list renders many dates against the same `now`: the last answer per zone is kept (a dayjs
  // value is immutable, so sharing it is safe).
  const last = lastWallClock.get(tz);
  if (last?.ms === ms) return last.value;
  let format = wallClockFormats.get(tz);
  if (!format) {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: tz,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    wallClockFormats.set(tz, format);
  }
  const part: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const p of format.formatToParts(instant)) if (p.type !== 'literal') part[p.type] = Number(p.value);
  const wall = new Date(Date.UTC(2000, part.month! - 1, part.day!, part.hour!, part.minute!, part.second!, instant.getUTCMilliseconds()));
  wall.setUTCFullYear(part.year!); // Date.UTC would read years 0–99 as 1900–1999
  const value = dayjs.utc(wall);
  lastWallClock.set(tz, { ms, value });
  return value;
}

const lastWallClock = new Map<string, { ms: number; value: Dayjs; date?: string }>();

/** Formats an instant in the app's time zone and the reader's language. */
export function formatInstant(instant: Date, tz: string, locale: Locale, style: DateStyle = 'dateTime'): string {
  return wallClock(instant, tz).locale(locale).format(FORMATS[locale][style]);
}

/**
 * Formats a calendar date (YYYY-MM-DD, no time zone involved) in the reader's language. Deadlines
 * and meeting days repeat across a list and across requests, and dayjs's strict parse costs
 * microseconds each: answers are kept (bounded; the input is a date, so the set is small).
 */
export function formatCalendarDate(isoDate: string, locale: Locale, style: 'date' | 'weekdayDate' = 'date'): string {
  return calendarTexts.get(`${locale}|${style}|${isoDate}`, () => dayjs(isoDate, 'YYYY-MM-DD', true).locale(locale).format(FORMATS[locale][style]));
}

const calendarTexts = new BoundedMemo<string>(5000);

/** The wall-clock date (YYYY-MM-DD) of an instant in a time zone. */
export function calendarDateIn(instant: Date, tz: string): string {
  const value = wallClock(instant, tz);
  const last = lastWallClock.get(tz);
  if (last?.value !== value) return value.format('YYYY-MM-DD');
  return (last.date ??= value.format('YYYY-MM-DD'));
}

/**
 * The instant of a wall-clock date and time in a time zone, DST-correct.
 * Returns undefined for an invalid date or time.
 */
export function instantFromLocal(isoDate: string, hhmm: string, tz: string): Date | undefined {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(isoDate) || !/^\d{2}:\d{2}$/.test(hhmm)) return undefined;
  const local = dayjs(`${isoDate} ${hhmm}`, 'YYYY-MM-DD HH:mm', true);
  if (!local.isValid()) return undefined;
  return dayjs.tz(`${isoDate} ${hhmm}`, 'YYYY-MM-DD HH:mm', tz).toDate();
}

/** Whole days from the calendar date of `now` (in tz) to a calendar date; negative when past. */
export function daysUntil(isoDate: string, now: Date, tz: string): number {
  return Math.round((utcMidnight(isoDate) - utcMidnight(calendarDateIn(now, tz))) / 86_400_000);
}

/** Midnight UTC of a YYYY-MM-DD calendar date, in ms (NaN when it is not one). */
function utcMidnight(isoDate: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return dayjs.utc(isoDate).startOf('day').valueOf();
  const d = new Date(Date.UTC(2000, Number(m[2]) - 1, Number(m[3])));
  d.setUTCFullYear(Number(m[1]));
  return d.getTime();
}
