import { recordAudit } from '../../../platform/audit/audit-store';
import { rewriteAtRest } from '../../../platform/database/at-rest';
import { runExactlyOnce } from '../../../platform/jobs/exactly-once';
import type { JobReport } from '../../../platform/jobs/types';
import { markEntityChanged } from '../../../platform/outbox/published-messages-store';
import { calendarDateIn, dayjs } from '../../../platform/time';
import { anonymizeReferralsBefore } from '../store/offers-store';
import type { OffersPlatform } from './common';
import { CODE_TABLES, erasureEffects } from './privacy';

/**
 * Referral retention (DESIGN.md §7): codes and notes of referrals closed more than
 * REFERRAL_RETENTION_MONTHS ago are cleared, status and dates stay for statistics. Once a day,
 * claimed per calendar day in job_runs. After a pass that cleared something, the referrals table is
 * rewritten so that nothing of the codes stays in the database files (rewriteAtRest), the posts
 * already sent about those referrals are re-rendered, and the App Homes that listed them republished.
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
    const { db, backgroundDb, publisher, outbox, homeTabs, logger, config } = this.platform;
    const cutoff = dayjs(now).subtract(config.referralRetentionMonths, 'month').toDate();
    const done = await db.transaction([], async (trx) => {
      const erased = await anonymizeReferralsBefore(trx, cutoff, now);
      if (erased.length === 0) return undefined;
      await recordAudit(trx, { actorUserId: 'system', action: 'referral.anonymize', entity: 'referral', entityId: null, after: { referralIds: erased.map((e) => e.id), cutoff } });
      const effects = await erasureEffects(trx, erased);
      for (const m of effects.messages) await markEntityChanged(trx, m.entityType, m.entityId);
      return { count: erased.length, effects };
    });
    if (!done) return 0;
    // First, before the republishing reads the table (VACUUM FULL keeps what a running transaction may still see).
    await rewriteAtRest(backgroundDb.q, CODE_TABLES, logger);
    publisher.kick();
    homeTabs.refresh(done.effects.homes);
    await outbox.refreshSent(done.effects.posts);
    return done.count;
  }
}
