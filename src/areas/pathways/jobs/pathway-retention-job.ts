import type { Job } from '../../../platform/jobs/types';
import type { PathwayRetention } from '../use-cases/retention';

/** Pathways past their retention lose their code and notes (PathwayRetention). Daily at 3:20. */
export function pathwayRetentionJob(retention: PathwayRetention): Job {
  return { name: 'pathway-retention', schedule: '20 3 * * *', run: (now) => retention.run(now) };
}
