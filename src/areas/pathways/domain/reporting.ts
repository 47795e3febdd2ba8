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
}

/** The ESF+ indicators, for the coordinator's indicators and their CSV. */
export interface PathwaysIndicatorsPart {
  esf: EsfIndicatorsReport;
}
