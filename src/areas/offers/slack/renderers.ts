import type { Platform } from '../../../platform/runtime';
import type { OfferDeadlines } from '../use-cases/deadlines';
import { OFFER_REMINDER } from '../use-cases/deadlines';
import { OFFER_ENTITY } from '../use-cases/common';
import type { OfferUseCases } from '../use-cases/offers';
import { REFERRAL_RECEIVED, REFERRAL_STATUS, type ReferralUseCases } from '../use-cases/referrals';
import { announcementMessage, referralReceivedMessage, referralStatusMessage, reminderMessage } from './views';

/**
 * The offers' posts, rendered when they go out: the channel announcement of an offer (kept up to
 * date by the publisher), the deadline reminder DM and the referral DMs (the outbox). Each reads the
 * offer and the referral as they are then, so a correction reaches a DM not yet sent.
 */
export function registerOffersRenderers(
  platform: Pick<Platform, 'config' | 'publisher' | 'outbox'>,
  useCases: { offers: OfferUseCases; deadlines: OfferDeadlines; referrals: ReferralUseCases },
): void {
  const tz = platform.config.timezone;
  platform.publisher.register(OFFER_ENTITY, async (offerId, locale, q) => {
    const model = await useCases.offers.announcement(q, offerId);
    return model && announcementMessage(model.offer, model.counts, locale, tz);
  });
  platform.outbox.register(OFFER_REMINDER, async ({ offerId }, { locale, q, now }) => {
    const offer = await useCases.deadlines.reminder(q, offerId, now);
    return offer && reminderMessage(offer, locale, tz, now);
  });
  platform.outbox.register(REFERRAL_RECEIVED, async ({ referralId }, { locale, q, userId }) => {
    const notice = await useCases.referrals.notice(q, referralId, userId);
    return notice && referralReceivedMessage(notice.referral, notice.offer, locale, notice.pathway);
  });
  platform.outbox.register(REFERRAL_STATUS, async ({ referralId, status }, { locale, q, userId }) => {
    const notice = await useCases.referrals.notice(q, referralId, userId);
    return notice && referralStatusMessage(notice.referral, notice.offer, status, locale, notice.pathway);
  });
}
