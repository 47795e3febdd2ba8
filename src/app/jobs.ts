import type { AppConfig } from '../platform/config';
import type { Knex } from '../platform/database/transaction';
import type { Logger } from '../platform/logger';
import type { Services } from './services';
import { housekeepingJob } from '../platform/jobs/housekeeping-job';
import { pollDeadlineJob } from '../areas/polls/jobs/poll-deadline-job';
import type { Job } from '../platform/jobs/types';

export interface JobDeps {
  db: Knex;
  services: Services;
  config: AppConfig;
  logger: Logger;
}

/** Every scheduled job. Add a product area's jobs here. */
export function createJobs(deps: JobDeps): Job[] {
  return [
    housekeepingJob(deps.db),
    pollDeadlineJob(deps.services),
  ];
}
