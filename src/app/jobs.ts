import type { AppConfig } from '../platform/config';
import type { Knex } from '../platform/database/transaction';
import type { Logger } from '../platform/logger';
import type { Services } from './services';
import { digestJob } from '../areas/digest/jobs/digest-job';
import { housekeepingJob } from '../platform/jobs/housekeeping-job';
import { tableRemindersJob } from '../areas/table/jobs/table-reminders-job';
import { offerDeadlinesJob } from '../areas/offers/jobs/offer-deadlines-job';
import { referralRetentionJob } from '../areas/offers/jobs/referral-retention-job';
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
    offerDeadlinesJob(deps),
    referralRetentionJob(deps),
    digestJob(deps.services),
    tableRemindersJob(deps.services),
  ];
}
