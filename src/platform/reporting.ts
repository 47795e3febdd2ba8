import type { Queryable } from './database/transaction';

/**
 * What the areas' reporting contributions share: the spans of time they report on and the context
 * they are read in. Each area declares its own parts (src/areas/<area>/domain/reporting.ts) and
 * exports its contribution from its entry file; the digest area composes them into the weekly
 * digest, the App Home and the indicators. Reporting goes one way: no area reads the digest area.
 */

/** A span of instants [start, end): the week a digest covers, the year so far. */
export interface DigestPeriod {
  start: Date;
  end: Date;
}

/** Inclusive calendar dates YYYY-MM-DD, in APP_TIMEZONE. */
export interface DateRange {
  from: string;
  to: string;
}

/** The indicators' range as dates (for the view) and instants [start, end) (for queries). */
export interface IndicatorsRange extends DigestPeriod {
  dates: DateRange;
}

/** When and where a contribution is read: "now" and APP_TIMEZONE. */
export interface ReportingContext {
  now: Date;
  tz: string;
}

/**
 * What one area contributes to the weekly digest (D), to the App Home of a viewer V (H) and to the
 * indicators (I). Each function reads through the area's stores and returns only its own part.
 */
export interface ReportingContribution<V, D, H, I> {
  digest(q: Queryable, period: DigestPeriod, ctx: ReportingContext): Promise<D>;
  home(q: Queryable, viewer: V, ctx: ReportingContext): Promise<H>;
  indicators(q: Queryable, range: IndicatorsRange, ctx: ReportingContext): Promise<I>;
}
