/**
 * The offers area's entry file: the only file other areas (and src/app) import.
 * docs/ARCHITECTURE.md says what belongs here.
 */
import type { Actor } from '../network';
import type { AreaModule } from '../../platform/area';
import type { Platform } from '../../platform/runtime';
import { offerDeadlinesJob } from './jobs/offer-deadlines-job';
import { referralRetentionJob } from './jobs/referral-retention-job';
import { offersMessages } from './messages';
import { offersFeature } from './slack/listeners';
import { registerOffersRenderers } from './slack/renderers';
import { OFFER_REMINDER, OfferDeadlines } from './use-cases/deadlines';
import { OffersExport } from './use-cases/export';
import { OfferUseCases } from './use-cases/offers';
import { OffersChannel } from './use-cases/offers-channel';
import { offersCodeHolder } from './use-cases/privacy';
import { REFERRAL_RECEIVED, REFERRAL_STATUS, ReferralUseCases, type ReferralHooks } from './use-cases/referrals';
export type { EnrolmentEvent, HireEvent, ReferralHooks, ReferralReader } from './use-cases/referrals';
import { ReferralRetention } from './use-cases/retention';

/** The one check of a typed candidate code (pseudonymous, no identity in it): pathways use it too. */
export { candidateCodeError, normalizeCandidateCode } from './domain/referral-input';
export { CONTRACT_TYPES, SECTORS, REFERRAL_STATUSES, type ReferralStatus } from './domain/types';
export type { ContractType, Sector } from './domain/types';
/** The offers catalog (sector, contract and status names), for areas that show offers' data. */
export { offersMessages } from './messages';
/** A status as a course names it («al completo», «iscritta») or a job. */
export { offerStatusName, referralStatusName } from './domain/kind-labels';
export type { OfferKind } from './domain/types';
/** A candidate's referrals, for her pathway (the pathways area decides who reads them, and audits it). */
export { referralsOfCandidate, type CandidateReferral } from './use-cases/candidate-referrals';

// Reporting: the offers area's part of the weekly digest, the App Home and the indicators (read by the digest area).
export { offersLabels, offersReporting, type OffersReporting } from './reporting';
export { REFERRAL_COUNT_KEYS } from './domain/reporting';
export type { FilledOffer, OfferSummary, OffersDigestPart, OffersFigures, OffersFunnel, OffersHomePart, OffersIndicatorsPart, OffersLabels, OffersTrendPoint, ReferralCountKey, ReferralCountsByStatus, WaitingReferral } from './domain/reporting';

/** The offers area as the composition root built it: its Slack surfaces, its jobs, and its use cases. */
export interface OffersArea extends AreaModule<Actor> {
  /** Publishing an offer, the list, one offer in full, its status. */
  offers: OfferUseCases;
  /** Referring a candidate and moving a referral on. */
  referrals: ReferralUseCases;
  /** Where offers are announced. */
  offersChannel: OffersChannel;
  /** Expiry and the 3-day reminders (the hourly job's run). */
  deadlines: OfferDeadlines;
  /** Anonymising closed referrals (the daily job's run). */
  retention: ReferralRetention;
  /** The offers CSV. */
  exports: OffersExport;
}

/** Builds the offers area: its use cases, its renderers (announcement, reminder DM) and its caches. */
export function createOffersArea(platform: Platform, deps: { referralHooks?: ReferralHooks } = {}): OffersArea {
  const offersChannel = new OffersChannel(platform);
  const offers = new OfferUseCases(platform, offersChannel, deps.referralHooks);
  const referrals = new ReferralUseCases(platform, deps.referralHooks);
  const deadlines = new OfferDeadlines(platform);
  const retention = new ReferralRetention(platform);
  const exports = new OffersExport(platform);
  registerOffersRenderers(platform, { offers, deadlines, referrals });
  platform.codeHolders.register(offersCodeHolder());
  // The DMs a member can turn off in the App Home.
  platform.notifications.register({ name: REFERRAL_RECEIVED.name, label: offersMessages.text((m) => m.notify.referral_received_kind) });
  platform.notifications.register({ name: REFERRAL_STATUS.name, label: offersMessages.text((m) => m.notify.referral_status_kind) });
  platform.notifications.register({ name: OFFER_REMINDER.name, label: offersMessages.text((m) => m.notify.reminder_kind) });
  platform.caches.push(offers.listCache, offersChannel.cache);
  return {
    feature: offersFeature({ platform, offers, referrals, channel: offersChannel, exports }),
    jobs: [offerDeadlinesJob(deadlines), referralRetentionJob(retention)],
    offers,
    referrals,
    offersChannel,
    deadlines,
    retention,
    exports,
  };
}
