/**
 * The offers area's entry file: the only file other areas (and src/app) import.
 * docs/ARCHITECTURE.md says what belongs here.
 */
export { CONTRACT_TYPES, SECTORS } from './domain/types';

// Reporting: the offers area's part of the weekly digest, the App Home and the indicators (read by the digest area).
export { offersLabels, offersReporting, type OffersReporting } from './reporting';
export type { FilledOffer, OfferSummary, OffersDigestPart, OffersFigures, OffersHomePart, OffersIndicatorsPart, OffersLabels, ReferralCountsByStatus, WaitingReferral } from './domain/reporting';
export { REFERRAL_STATUSES, type ReferralStatus } from './domain/types';
