import { instantFromLocal } from '../../../platform/time';

/** The instant 1 January 00:00 (in tz) of the year a calendar date (YYYY-MM-DD) falls in. */
export function startOfYear(today: string, tz: string): Date {
  const start = instantFromLocal(`${today.slice(0, 4)}-01-01`, '00:00', tz);
  if (!start) throw new Error(`not a calendar date: ${today}`);
  return start;
}

/**
 * Percent (one decimal) of invitations to held meetings that were attended, over every
 * organization; null when nobody was invited to a held meeting.
 */
export function attendanceRate(figures: ReadonlyArray<{ attended: number; meetings: number }>): number | null {
  const invited = figures.reduce((sum, f) => sum + f.meetings, 0);
  if (invited === 0) return null;
  const attended = figures.reduce((sum, f) => sum + f.attended, 0);
  return Math.round((attended / invited) * 1000) / 10;
}
