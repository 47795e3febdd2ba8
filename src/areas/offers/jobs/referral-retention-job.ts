import type { Job } from '../../../platform/jobs/types';
import type { ReferralRetention } from '../use-cases/retention';

/** Anonymises referrals closed more than REFERRAL_RETENTION_MONTHS ago (ReferralRetention). Once a day. */
export function referralRetentionJob(retention: ReferralRetention): Job {
  return { name: 'referral-retention', schedule: '40 3 * * *', run: (now) => retention.run(now) };
}
