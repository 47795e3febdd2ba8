import type { DateRange, DigestContribution, DigestPeriod, HomeContribution, IndicatorsContribution } from '../domain/model';
import type { Actor } from '../../network';
import type { Queryable } from '../../../platform/database/transaction';

export interface ReportingContext {
  now: Date;
  tz: string;
}

/** The indicators' range as dates (for the view) and instants [start, end) (for queries). */
export interface IndicatorsRange extends DigestPeriod {
  dates: DateRange;
}

/**
 * What one product area contributes to the weekly digest, the App Home and the indicators.
 * Each method reads (through its repositories) and returns only its own part of the model;
 * an area that has nothing to say for a surface leaves the method out. Add a new area's
 * provider to `reportingAreas` in ./index.ts.
 */
export interface ReportingArea {
  name: string;
  digest?(q: Queryable, period: DigestPeriod, ctx: ReportingContext): Promise<DigestContribution>;
  /** The member's own dashboard; `coordinator` parts only when the viewer coordinates the network. */
  home?(q: Queryable, viewer: Actor, ctx: ReportingContext): Promise<HomeContribution>;
  indicators?(q: Queryable, range: IndicatorsRange, ctx: ReportingContext): Promise<IndicatorsContribution>;
}
