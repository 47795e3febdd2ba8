import type { Queryable } from '../../../platform/database/transaction';
import { normalizeCandidateCode } from '../domain/referral-input';
import type { OfferKind, ReferralStatus } from '../domain/types';
import { referralsWithCode } from '../store/offers-store';

/**
 * A candidate's referral as the pathways area shows it on her pathway: which offer (a job or a
 * course), whose, its status and when. No note. Who may read it is the caller's rule (those who may
 * see the pathway), and the caller audits the read.
 */
export interface CandidateReferral {
  referralId: number;
  offerId: number;
  offerKind: OfferKind;
  offerTitle: string;
  /** The offering organization. */
  organizationShortName: string;
  referringOrganizationShortName: string;
  status: ReferralStatus;
  statusChangedAt: Date;
  createdAt: Date;
}

/** Every referral of this candidate code, oldest first (none once the referrals are anonymised). */
export async function referralsOfCandidate(q: Queryable, code: string): Promise<CandidateReferral[]> {
  const rows = await referralsWithCode(q, normalizeCandidateCode(code));
  return rows.map((r) => ({
    referralId: r.referral.id,
    offerId: r.referral.offerId,
    offerKind: r.offerKind,
    offerTitle: r.offerTitle,
    organizationShortName: r.offerOrganizationShortName,
    referringOrganizationShortName: r.referral.referringOrganizationShortName,
    status: r.referral.status,
    statusChangedAt: r.referral.statusChangedAt,
    createdAt: r.referral.createdAt,
  }));
}
