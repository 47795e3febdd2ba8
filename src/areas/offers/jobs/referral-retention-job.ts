import { calendarDateIn } from '../../../platform/time';
import { runExactlyOnce } from '../../../platform/jobs/exactly-once';
import type { JobDeps } from '../../../app/jobs';
import type { Job } from '../../../platform/jobs/types';

/**
 * Anonymises referrals closed more than REFERRAL_RETENTION_MONTHS ago (DESIGN.md §7): codes and
 * notes are cleared, status and dates stay for statistics. Once a day.
 */
export function referralRetentionJob(deps: JobDeps): Job {
  const { services, db, logger } = deps;
  return {
    name: 'referral-retention',
    schedule: '40 3 * * *',
    async run(now) {
      const period = calendarDateIn(now, services.offers.timezone);
      const outcome = await runExactlyOnce({ db, logger }, { job: 'referral-retention', period, now }, () => services.offers.anonymizeClosedReferrals(now));
      return { anonymized: outcome.ran ? outcome.result : 0 };
    },
  };
}
