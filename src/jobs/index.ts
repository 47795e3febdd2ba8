import type { AppConfig } from '../config';
import type { Knex } from '../repositories/transaction';
import type { Logger } from '../lib/logger';
import type { Services } from '../services';
import { digestJob } from './digest-job';
import { housekeepingJob } from './housekeeping-job';
import { tableRemindersJob } from './table-reminders-job';
import { offerDeadlinesJob } from './offer-deadlines-job';
import { referralRetentionJob } from './referral-retention-job';
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
  return [
    housekeepingJob(deps.db),
    offerDeadlinesJob(deps),
    referralRetentionJob(deps),
    digestJob(deps.services),
    tableRemindersJob(deps.services),
    pollDeadlineJob(deps.services),
  ];
}
