/**
 * The pathways area's entry file: the only file other areas (and src/app) import.
 * Individual pathways (progetti personali individualizzati) and the ESF+ outcomes they give.
 */
import type { Actor } from '../network';
import type { AreaModule } from '../../platform/area';
import type { Platform } from '../../platform/runtime';
import { followUpRemindersJob } from './jobs/follow-up-reminders-job';
import { pathwaysFeature } from './slack/listeners';
import { registerPathwaysRenderers } from './slack/renderers';
import { FOLLOW_UP_REMINDER, PathwayUseCases } from './use-cases/pathways';
import { pathwaysCodeHolder } from './use-cases/privacy';
import { PathwayRetention } from './use-cases/retention';
import { pathwayRetentionJob } from './jobs/pathway-retention-job';
import { pathwaysMessages } from './messages';

export { pathwaysMessages } from './messages';
export { ESF_INDICATORS, type EsfFigures, type EsfIndicator, type EsfIndicatorsReport } from './domain/indicators';
export { MILESTONE_KINDS, type MilestoneKind } from './domain/types';
// Reporting: the pathways' part of the weekly digest, the App Home and the indicators (read by the digest area).
export { pathwaysReporting, type PathwaysReporting } from './reporting';
export type { PathwaysDigestPart, PathwaysFigures, PathwaysHomePart, PathwaysIndicatorsPart, PathwaysTrendPoint, UpcomingMilestone } from './domain/reporting';

export interface PathwaysArea extends AreaModule<Actor> {
  pathways: PathwayUseCases;
  /** Anonymising pathways past their retention (the daily job's run). */
  retention: PathwayRetention;
}

export function createPathwaysArea(platform: Platform): PathwaysArea {
  const pathways = new PathwayUseCases(platform);
  const retention = new PathwayRetention(platform);
  registerPathwaysRenderers(platform, pathways);
  platform.notifications.register({ name: FOLLOW_UP_REMINDER.name, label: pathwaysMessages.text((m) => m.reminder.notification) });
  platform.codeHolders.register(pathwaysCodeHolder());
  return {
    feature: pathwaysFeature({ platform, pathways }),
    jobs: [followUpRemindersJob(pathways), pathwayRetentionJob(retention)],
    pathways,
    retention,
  };
}
