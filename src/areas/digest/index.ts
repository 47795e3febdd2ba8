/**
 * The digest area's entry file: the only file other areas (and src/app) import.
 * docs/ARCHITECTURE.md says what belongs here.
 */
export { REFERRAL_STATUSES } from './domain/model';
export type { ActionItemSummary, AttendanceLine, DigestPeriod, FilledOffer, HomeContribution, MeetingSummary, NetworkDigest, OfferSummary, PollSummary, ReferralStatus, WaitingReferral } from './domain/model';
export { addDays } from './domain/schedule';
export type { ReportingArea } from './use-cases/reporting-types';
export type { HomeRefresher } from './use-cases/home-service';
export { countActiveSubscriptions } from './store/digest-subscriptions-store';
