import type { Job } from '../../../platform/jobs/types';
import type { PathwayUseCases } from '../use-cases/pathways';

/** Follow-ups due and not recorded: the responsible organization is reminded, once each (PathwayUseCases.remindFollowUps). Daily at 8:15. */
export function followUpRemindersJob(pathways: PathwayUseCases): Job {
  return { name: 'pathway-follow-ups', schedule: '15 8 * * *', run: (now) => pathways.remindFollowUps(now) };
}
