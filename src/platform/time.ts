import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import 'dayjs/locale/it';
import { LOCALE_CONVENTIONS, type Locale } from './i18n/locales';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(customParseFormat);

export { dayjs, type Dayjs };

const FORMATS: Record<Locale, { date: string; dateTime: string; time: string; weekdayDate: string }> = {
  it: { date: 'DD/MM/YYYY', dateTime: 'DD/MM/YYYY [ore] HH:mm', time: 'HH:mm', weekdayDate: 'dddd D MMMM YYYY' },
  en: { date: 'D MMM YYYY', dateTime: 'D MMM YYYY, HH:mm', time: 'HH:mm', weekdayDate: 'dddd, D MMMM YYYY' },
};

export type DateStyle = keyof (typeof FORMATS)['it'];

// One Intl formatter per time zone, built on first use: it holds the zone's rules, no data.
const wallClockFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The wall-clock date and time of an instant in a time zone, as a dayjs value to format (its own
 * offset is UTC: do not compute with it). Same result as `dayjs(instant).tz(tz)`, which builds a
 * new Intl formatter on every call (a tenth of a millisecond each, on the request path for every
 * line of a list).
 */
export function wallClock(instant: Date, tz: string): Dayjs {
  if (Number.isNaN(instant.getTime())) return dayjs(instant);
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
  return dayjs.utc(wall);
}

/** Formats an instant in the app's time zone and the reader's language. */
export function formatInstant(instant: Date, tz: string, locale: Locale, style: DateStyle = 'dateTime'): string {
  return wallClock(instant, tz).locale(locale).format(FORMATS[locale][style]);
}

/** Formats a calendar date (YYYY-MM-DD, no time zone involved) in the reader's language. */
export function formatCalendarDate(isoDate: string, locale: Locale, style: 'date' | 'weekdayDate' = 'date'): string {
  const parts = style === 'date' ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate) : null;
  if (parts) {
    const [year, month, day] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
    // Only a real date (not 30 February) takes the short path; dayjs says "Invalid Date" for the rest.
    if (new Date(Date.UTC(year, month - 1, day)).getUTCDate() === day && month >= 1 && month <= 12) {
      return LOCALE_CONVENTIONS[locale].shortDate(year, month, day);
    }
  }
  return dayjs(isoDate, 'YYYY-MM-DD', true).locale(locale).format(FORMATS[locale][style]);
}

/** A calendar date (YYYY-MM-DD) shifted by whole days (no time zone involved). */
export function addDays(isoDate: string, days: number): string {
  return dayjs.utc(isoDate).add(days, 'day').format('YYYY-MM-DD');
}

/** The wall-clock date (YYYY-MM-DD) of an instant in a time zone. */
export function calendarDateIn(instant: Date, tz: string): string {
  return wallClock(instant, tz).format('YYYY-MM-DD');
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

/**
 * A wall-clock date and time in a time zone, as an instant, telling apart the two times of year
 * when that is not one instant: in the spring gap (02:30 on the last Sunday of March in Rome) the
 * time does not exist; in the autumn overlap (02:30 on the last Sunday of October) it happens twice,
 * and `candidates` are the two instants, earlier first (summer time, then winter time).
 */
export type LocalTime =
  | { ok: true; instant: Date }
  | { ok: false; reason: 'invalid' }
  | { ok: false; reason: 'gap' }
  | { ok: false; reason: 'ambiguous'; candidates: [Date, Date] };

const HOUR_MS = 60 * 60 * 1000;

export function resolveLocalTime(isoDate: string, hhmm: string, tz: string): LocalTime {
  const instant = instantFromLocal(isoDate, hhmm, tz);
  if (!instant) return { ok: false, reason: 'invalid' };
  const wall = `${isoDate} ${hhmm}`;
  const reads = (at: Date) => wallClock(at, tz).format('YYYY-MM-DD HH:mm') === wall;
  if (!reads(instant)) return { ok: false, reason: 'gap' };
  const earlier = new Date(instant.getTime() - HOUR_MS);
  const later = new Date(instant.getTime() + HOUR_MS);
  if (reads(earlier)) return { ok: false, reason: 'ambiguous', candidates: [earlier, instant] };
  if (reads(later)) return { ok: false, reason: 'ambiguous', candidates: [instant, later] };
  return { ok: true, instant };
}

/** Whole days from the calendar date of `now` (in tz) to a calendar date; negative when past. */
export function daysUntil(isoDate: string, now: Date, tz: string): number {
  return daysBetween(calendarDateIn(now, tz), isoDate);
}

/**
 * Whole days from one calendar date to another (YYYY-MM-DD); negative when `to` is earlier. For a
 * list of dates counted from one day: take that day once (`calendarDateIn`), then count from it.
 */
export function daysBetween(fromIsoDate: string, toIsoDate: string): number {
  return Math.round((utcMidnight(toIsoDate) - utcMidnight(fromIsoDate)) / 86_400_000);
}

/** Midnight UTC of a YYYY-MM-DD calendar date, in ms (NaN when it is not one). */
function utcMidnight(isoDate: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) return dayjs.utc(isoDate).startOf('day').valueOf();
  const d = new Date(Date.UTC(2000, Number(m[2]) - 1, Number(m[3])));
  d.setUTCFullYear(Number(m[1]));
  return d.getTime();
}
