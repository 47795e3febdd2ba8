import { recordAudit } from '../../../platform/audit/audit-store';
import { runExactlyOnce } from '../../../platform/jobs/exactly-once';
import type { JobReport } from '../../../platform/jobs/types';
import { calendarDateIn, dayjs } from '../../../platform/time';
import { anonymizeReferralsBefore } from '../store/offers-store';
import type { OffersPlatform } from './common';

/**
 * Referral retention (DESIGN.md §7): codes and notes of referrals closed more than
 * REFERRAL_RETENTION_MONTHS ago are cleared, status and dates stay for statistics. Once a day,
 * claimed per calendar day in job_runs.
 */
export class ReferralRetention {
  constructor(private readonly platform: OffersPlatform) {}

  async run(now: Date): Promise<JobReport> {
    const { db, logger, clock, config } = this.platform;
    const period = calendarDateIn(now, config.timezone);
    const outcome = await runExactlyOnce({ db: db.q, logger, clock }, { job: 'referral-retention', period, now }, () => this.anonymizeClosedReferrals(now));
    return { anonymized: outcome.ran ? outcome.result : 0 };
  }

  private async anonymizeClosedReferrals(now: Date): Promise<number> {
    const cutoff = dayjs(now).subtract(this.platform.config.referralRetentionMonths, 'month').toDate();
    return this.platform.db.transaction([], async (trx) => {
      const ids = await anonymizeReferralsBefore(trx, cutoff, now);
      if (ids.length > 0) {
        await recordAudit(trx, { actorUserId: 'system', action: 'referral.anonymize', entity: 'referral', entityId: null, after: { referralIds: ids, cutoff } });
      }
      return ids.length;
    });
  }
}
