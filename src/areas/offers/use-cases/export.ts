import { requireCoordinator, type Actor } from '../../network';
import { recordAudit } from '../../../platform/audit/audit-store';
import { calendarDateIn, formatCalendarDate } from '../../../platform/time';
import type { OffersFile } from '../domain/models';
import { offersCsv } from '../exports/offers-csv';
import { offersMessages } from '../messages';
import { allOffers, referralCounts } from '../store/offers-store';
import type { OffersPlatform } from './common';

/** `/offerta esporta`: the project's reporting file, built here and delivered by the Slack side. */
export class OffersExport {
  constructor(private readonly platform: OffersPlatform) {}

  /** The offers CSV (coordinators): offers with referral counts by outcome, never codes; the export is audited. */
  async csv(actor: Actor): Promise<OffersFile> {
    requireCoordinator(actor);
    const { db, clock, config } = this.platform;
    const now = clock.now();
    const offers = await allOffers(db.q);
    const counts = await referralCounts(db.q, offers.map((o) => o.id));
    await db.write([], (q) => recordAudit(q, { actorUserId: actor.userId, action: 'offer.export', entity: 'offer', entityId: null, after: { count: offers.length } }));
    const today = calendarDateIn(now, config.timezone);
    return {
      filename: `offerte-isonew-${today}.csv`,
      title: offersMessages(actor.locale).export.title({ date: formatCalendarDate(today, actor.locale) }),
      content: offersCsv(offers, counts, actor.locale, config.timezone),
      count: offers.length,
    };
  }
}
