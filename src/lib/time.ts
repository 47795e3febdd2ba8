import dayjs, { type Dayjs } from 'dayjs';
import utc from 'dayjs/plugin/utc';
import timezone from 'dayjs/plugin/timezone';
import customParseFormat from 'dayjs/plugin/customParseFormat';
import 'dayjs/locale/it';
import type { Locale } from '../config';

dayjs.extend(utc);
dayjs.extend(timezone);
dayjs.extend(customParseFormat);

export { dayjs, type Dayjs };

const FORMATS: Record<Locale, { date: string; dateTime: string; time: string; weekdayDate: string }> = {
  it: { date: 'DD/MM/YYYY', dateTime: 'DD/MM/YYYY [ore] HH:mm', time: 'HH:mm', weekdayDate: 'dddd D MMMM YYYY' },
  en: { date: 'D MMM YYYY', dateTime: 'D MMM YYYY, HH:mm', time: 'HH:mm', weekdayDate: 'dddd, D MMMM YYYY' },
};

export type DateStyle = keyof (typeof FORMATS)['it'];

/** Formats an instant in the app's time zone and the reader's language. */
export function formatInstant(instant: Date, tz: string, locale: Locale, style: DateStyle = 'dateTime'): string {
  return dayjs(instant).tz(tz).locale(locale).format(FORMATS[locale][style]);
}

/** Formats a calendar date (YYYY-MM-DD, no time zone involved) in the reader's language. */
export function formatCalendarDate(isoDate: string, locale: Locale, style: 'date' | 'weekdayDate' = 'date'): string {
  return dayjs(isoDate, 'YYYY-MM-DD', true).locale(locale).format(FORMATS[locale][style]);
}

/** The wall-clock date (YYYY-MM-DD) of an instant in a time zone. */
export function calendarDateIn(instant: Date, tz: string): string {
  return dayjs(instant).tz(tz).format('YYYY-MM-DD');
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
  const today = dayjs.utc(calendarDateIn(now, tz));
  return dayjs.utc(isoDate).diff(today, 'day');
}
