import type { OffersMessages } from '../messages';
import type { OfferKind, OfferStatus, ReferralStatus } from './types';

/**
 * The names a course gives two statuses: a filled course is «al completo» (full), and its
 * referral's terminal success is an enrolment («iscritta»), not a hire. Everything else is named
 * as for a job offer (a course is an «offerta formativa»).
 */
export function offerStatusName(m: OffersMessages, kind: OfferKind, status: OfferStatus): string {
  return kind === 'course' && status === 'filled' ? m.course.filled : m.statuses[status];
}

export function referralStatusName(m: OffersMessages, kind: OfferKind, status: ReferralStatus): string {
  return kind === 'course' && status === 'hired' ? m.course.enrolled : m.referral_statuses[status];
}
