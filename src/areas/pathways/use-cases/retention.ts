import { recordAudit } from '../../../platform/audit/audit-store';
import { runExactlyOnce } from '../../../platform/jobs/exactly-once';
import type { JobReport } from '../../../platform/jobs/types';
import { calendarDateIn, dayjs } from '../../../platform/time';
import { anonymisePathways } from '../store/pathways-store';
import type { PathwaysPlatform } from './pathways';

/** A pathway is kept whole through its 12-month follow-up, then for the referrals' retention period. */
export const FOLLOW_UP_SPAN_MONTHS = 12;

/**
 * Pathway retention (DESIGN.md §7): once the 12-month follow-up is behind it and
 * REFERRAL_RETENTION_MONTHS more have passed since the exit, a pathway loses its code and notes;
 * its dates and coded outcomes stay for the ESF+ counts. Once a day, claimed per calendar day.
 */
export class PathwayRetention {
  constructor(private readonly platform: PathwaysPlatform) {}

  /** The exit date before which pathways are anonymised today. */
  cutoff(now: Date): string {
    const today = calendarDateIn(now, this.platform.config.timezone);
    return dayjs.utc(today).subtract(FOLLOW_UP_SPAN_MONTHS + this.platform.config.referralRetentionMonths, 'month').format('YYYY-MM-DD');
  }

  async run(now: Date): Promise<JobReport> {
    const { db, logger, clock, config, homeTabs } = this.platform;
    const period = calendarDateIn(now, config.timezone);
    const cutoff = this.cutoff(now);
    const outcome = await runExactlyOnce({ db: db.q, logger, clock }, { job: 'pathway-retention', period, now }, () =>
      db.transaction([], async (trx) => {
        const result = await anonymisePathways(trx, { exitedBefore: cutoff }, now);
        if (result.pathwayIds.length > 0) {
          await recordAudit(trx, { actorUserId: 'system', action: 'pathway.anonymise', entity: 'pathway', entityId: null, after: { pathwayIds: result.pathwayIds, cutoff } });
        }
        return result;
      }),
    );
    if (!outcome.ran) return { anonymised: 0 };
    if (outcome.result.organizationIds.length > 0) homeTabs.refreshOrganizations(outcome.result.organizationIds);
    return { anonymised: outcome.result.pathwayIds.length };
  }
}
