import { networkArea } from '../../network';
import { tableArea } from '../../table';
import { offersArea } from '../../offers';
import { pollsArea } from '../../polls';
import type { ReportingArea } from './reporting-types';

export type { ReportingArea, ReportingContext, IndicatorsRange } from './reporting-types';

/**
 * Every area that feeds the digest, the App Home and the indicators. The offers, table and
 * polls areas add their provider here (one line each) when their tables exist.
 */
export const reportingAreas: ReportingArea[] = [networkArea, offersArea, tableArea, pollsArea];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof Date);
}

/**
 * Merges the areas' contributions into one model. Parts are disjoint by design; a part two
 * areas share (the coordinator's indicators on the App Home) is merged one level deep.
 */
export function mergeContributions<T extends object>(base: T, parts: Array<Partial<T>>): T {
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const part of parts) {
    for (const [key, value] of Object.entries(part)) {
      if (value === undefined) continue;
      const current = out[key];
      out[key] = isPlainObject(current) && isPlainObject(value) ? { ...current, ...value } : value;
    }
  }
  return out as T;
}
