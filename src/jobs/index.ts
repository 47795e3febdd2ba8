import type { AppConfig } from '../config';
import type { Knex } from '../db';
import type { Logger } from '../lib/logger';
import type { Services } from '../services';
import { housekeepingJob } from './housekeeping-job';
import { pollDeadlineJob } from './poll-deadline-job';
import type { Job } from './types';

export interface JobDeps {
  db: Knex;
  services: Services;
  config: AppConfig;
  logger: Logger;
}

/** Every scheduled job. Add a product area's jobs here. */
export function createJobs(deps: JobDeps): Job[] {
  return [housekeepingJob(deps.db), pollDeadlineJob(deps.services)];
}
