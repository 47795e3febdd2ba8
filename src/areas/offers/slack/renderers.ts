import type { Platform } from '../../../platform/runtime';
import type { OfferDeadlines } from '../use-cases/deadlines';
import { OFFER_REMINDER } from '../use-cases/deadlines';
import { OFFER_ENTITY } from '../use-cases/common';
import type { OfferUseCases } from '../use-cases/offers';
import { announcementMessage, reminderMessage } from './views';

/**
 * The offers' posts, rendered when they go out: the channel announcement of an offer (kept up to
 * date by the publisher) and the deadline reminder DM (the outbox). Each reads the offer as it is then.
 */
export function registerOffersRenderers(platform: Pick<Platform, 'config' | 'publisher' | 'outbox'>, useCases: { offers: OfferUseCases; deadlines: OfferDeadlines }): void {
  const tz = platform.config.timezone;
  platform.publisher.register(OFFER_ENTITY, async (offerId, locale, q) => {
    const model = await useCases.offers.announcement(q, offerId);
    return model && announcementMessage(model.offer, model.counts, locale, tz);
  });
  platform.outbox.register(OFFER_REMINDER, async ({ offerId }, { locale, q, now }) => {
    const offer = await useCases.deadlines.reminder(q, offerId, now);
    return offer && reminderMessage(offer, locale, tz, now);
  });
}
