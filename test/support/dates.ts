import { calendarDateIn, dayjs } from '../../src/platform/time';

/**
 * Calendar dates relative to today, so that tests which go through "not in the past" checks
 * pass on any day of any year. All in the app's time zone (Europe/Rome in tests).
 */
export const TEST_TZ = 'Europe/Rome';
const DAY = 86_400_000;

/** The calendar date `days` from today, YYYY-MM-DD. */
export const dateIn = (days: number): string => calendarDateIn(new Date(Date.now() + days * DAY), TEST_TZ);

/** YYYY-MM-DD as the Italian messages show it: DD/MM/YYYY. */
export const italianDate = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** YYYY-MM-DD shifted by `days`. */
export const addDays = (iso: string, days: number): string => dayjs.utc(iso).add(days, 'day').format('YYYY-MM-DD');

/** The last Sunday of `month` (1–12) in `year`, YYYY-MM-DD. */
export function lastSundayOf(year: number, month: number): string {
  const last = dayjs.utc(`${year}-${String(month).padStart(2, '0')}-01`).endOf('month').startOf('day');
  return last.subtract(last.day(), 'day').format('YYYY-MM-DD');
}

/**
 * The next last Sunday of `month` at least `minDaysAhead` days after today: the day European
 * summer time starts (3, March) or ends (10, October).
 */
export function nextLastSunday(month: number, minDaysAhead = 3): string {
  const earliest = dateIn(minDaysAhead);
  const year = Number(earliest.slice(0, 4));
  const thisYear = lastSundayOf(year, month);
  return thisYear >= earliest ? thisYear : lastSundayOf(year + 1, month);
}
