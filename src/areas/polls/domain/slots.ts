import { dayjs } from '../../../platform/time';
import type { PollSlot } from './form';

/** A slot written without its length lasts this long. */
export const DEFAULT_SLOT_MINUTES = 120;

/** One candidate slot a line: `2026-12-03 10:00 120`, `03/12/2026 10:00-12:00` or `2026-12-03 10:00` (2 hours). */
export function parseSlotLine(line: string): PollSlot | undefined {
  const m = /^(\d{4}-\d{2}-\d{2}|\d{1,2}\/\d{1,2}\/\d{4})\s+(\d{1,2})[:.](\d{2})(?:\s*(?:-\s*(\d{1,2})[:.](\d{2})|\s+(\d{1,4})(?:\s*(?:min|m|minuti|minutes))?))?$/i.exec(line.trim());
  if (!m) return undefined;
  const day = dayjs(m[1], ['YYYY-MM-DD', 'D/M/YYYY', 'DD/MM/YYYY'], true);
  if (!day.isValid()) return undefined;
  const startMin = Number(m[2]) * 60 + Number(m[3]);
  if (Number(m[2]) > 23 || Number(m[3]) > 59) return undefined;
  let endMin: number;
  if (m[4] !== undefined) {
    if (Number(m[4]) > 23 || Number(m[5]) > 59) return undefined;
    endMin = Number(m[4]) * 60 + Number(m[5]);
  } else {
    endMin = startMin + (m[6] !== undefined ? Number(m[6]) : DEFAULT_SLOT_MINUTES);
  }
  if (endMin <= startMin || endMin > 24 * 60 - 1) return undefined;
  return { date: day.format('YYYY-MM-DD'), start: hhmm(startMin), end: hhmm(endMin) };
}

function hhmm(minutes: number): string {
  return `${String(Math.floor(minutes / 60)).padStart(2, '0')}:${String(minutes % 60).padStart(2, '0')}`;
}
