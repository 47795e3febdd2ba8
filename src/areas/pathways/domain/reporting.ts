import type { EsfIndicatorsReport } from './indicators';
import type { MilestoneKind } from './types';

/** The pathways' part of the weekly digest: pathways opened in the week, follow-ups falling due in it. */
export interface PathwaysDigestPart {
  pathways: { opened: number; followUpsDue: number };
}

/** One period's figure in the digest's trend chart, counted as that period's digest counts it (`opened`). */
export interface PathwaysTrendPoint {
  newPathways: number;
}

/** A milestone due soon, as the App Home lists it (the viewer may see the pathway). */
export interface UpcomingMilestone {
  pathwayId: number;
  code: string;
  kind: MilestoneKind;
  plannedOn: string;
}

/** The App Home's "Percorsi che segui": milestones due in the next 14 days. */
export interface PathwaysHomePart {
  pathways?: { upcoming: UpcomingMilestone[] };
  /** Only for coordinators. */
  coordinator?: PathwaysFigures;
}

/** Network-wide figures on a coordinator's App Home. */
export interface PathwaysFigures {
  /** Women whose 6-month follow-up, due since 1 January, found them employed (the funnel's last step). */
  employedAfterSixMonthsThisYear: number;
}

/** The ESF+ indicators, for the coordinator's indicators and their CSV. */
export interface PathwaysIndicatorsPart {
  esf: EsfIndicatorsReport;
}
