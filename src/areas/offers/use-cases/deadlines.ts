import { listMembers } from '../../network';
import { recordAudit } from '../../../platform/audit/audit-store';
import type { Queryable } from '../../../platform/database/transaction';
import { runExactlyOnce } from '../../../platform/jobs/exactly-once';
import type { JobReport } from '../../../platform/jobs/types';
import { postKind, requestPost } from '../../../platform/outbox/outbox';
import { markEntityChanged } from '../../../platform/outbox/published-messages-store';
import { calendarDateIn, dayjs, daysUntil } from '../../../platform/time';
import { isOfferActive } from '../domain/lifecycle';
import type { Offer } from '../domain/types';
import { findOffer, offersPastDeadline, offersWithDeadlineBetween, updateOfferStatus } from '../store/offers-store';
import { auditOffer, OFFER_ENTITY, refreshHomes, type OffersPlatform } from './common';

/** The offering organization's members are reminded when an offer's deadline is this many days away or less. */
export const REMINDER_DAYS = 3;

/** The reminder DM to one member of the offering organization (rendered by the Slack side). */
export const OFFER_REMINDER = postKind<{ offerId: number }>('offers.reminder');

/**
 * Deadlines: offers past their deadline become "scaduta" (announcement updated), and the offering
 * organization's members are reminded by DM when the deadline is 3 days away or less. Each effect
 * happens once however often, and from however many replicas, this runs: the expiry is claimed
 * per offer in job_runs, each reminder is an outbox post keyed by offer and recipient. A run after
 * downtime catches up.
 */
export class OfferDeadlines {
  constructor(private readonly platform: OffersPlatform) {}

  async run(now: Date): Promise<JobReport> {
    const { db, logger, clock, config } = this.platform;
    let expired = 0;
    for (const id of await offersPastDeadline(db.q, calendarDateIn(now, config.timezone))) {
      const outcome = await runExactlyOnce({ db: db.q, logger, clock }, { job: 'offer-expiry', period: `offer:${id}`, now }, () => this.expire(id, now));
      if (outcome.ran && outcome.result) expired++;
    }
    return { expired, reminded: await this.remind(now) };
  }

  /** Marks one offer "scaduta" if it is still active and past its deadline. */
  private async expire(offerId: number, now: Date): Promise<boolean> {
    const { db, config, publisher } = this.platform;
    const today = calendarDateIn(now, config.timezone);
    const expired = await db.transaction(['offers'], async (trx) => {
      const offer = await findOffer(trx, offerId, { forUpdate: true });
      if (!offer || !isOfferActive(offer.status) || offer.deadline >= today) return undefined;
      await updateOfferStatus(trx, offerId, 'expired', now);
      await recordAudit(trx, { actorUserId: 'system', action: 'offer.expire', entity: 'offer', entityId: offerId, before: auditOffer(offer), after: { ...auditOffer(offer), status: 'expired' } });
      await markEntityChanged(trx, OFFER_ENTITY, offerId);
      return offer;
    });
    if (!expired) return false;
    publisher.kick();
    refreshHomes(this.platform, expired);
    return true;
  }

  /** Asks for a reminder to each coordinator and partner of the organization of every offer closing soon; how many were new. */
  private async remind(now: Date): Promise<number> {
    const { db, config, outbox } = this.platform;
    const today = calendarDateIn(now, config.timezone);
    const offers = await offersWithDeadlineBetween(db.q, today, dayjs.utc(today).add(REMINDER_DAYS, 'day').format('YYYY-MM-DD'));
    if (offers.length === 0) return 0;
    const members = await listMembers(db.q, { organizationIds: [...new Set(offers.map((o) => o.organizationId))], roles: ['coordinator', 'partner'] });
    const requested = await db.transaction([], async (trx) => {
      let count = 0;
      for (const offer of offers) {
        for (const member of members.filter((m) => m.organizationId === offer.organizationId)) {
          const request = { kind: OFFER_REMINDER, to: { user: member.userId }, key: `offer-reminder:${offer.id}:${member.userId}`, params: { offerId: offer.id } };
          if (await requestPost(trx, request, now)) count++;
        }
      }
      return count;
    });
    if (requested > 0) outbox.kick();
    return requested;
  }

  /**
   * The offer a reminder is about, as it is when the DM goes out; undefined when there is nothing
   * to remind any more (the offer is gone, closed, or past its deadline).
   */
  async reminder(q: Queryable, offerId: number, now: Date): Promise<Offer | undefined> {
    const offer = await findOffer(q, offerId);
    if (!offer || !isOfferActive(offer.status) || daysUntil(offer.deadline, now, this.platform.config.timezone) < 0) return undefined;
    return offer;
  }
}
