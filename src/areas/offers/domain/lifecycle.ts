import type { OfferStatus, ReferralStatus } from './types';

/** Statuses in which an offer takes referrals and can still change by hand. */
export const ACTIVE_OFFER_STATUSES: readonly OfferStatus[] = ['open', 'matching'];

export function isOfferActive(status: OfferStatus): boolean {
  return ACTIVE_OFFER_STATUSES.includes(status);
}

/** Where a person may move an offer from `from` (expiry is the job's, not a person's). */
export function nextOfferStatuses(from: OfferStatus): OfferStatus[] {
  switch (from) {
    case 'open':
      return ['matching', 'filled', 'withdrawn'];
    case 'matching':
      return ['open', 'filled', 'withdrawn'];
    default:
      return [];
  }
}

export const CLOSED_REFERRAL_STATUSES: readonly ReferralStatus[] = ['hired', 'not_selected', 'withdrawn'];

export function isReferralClosed(status: ReferralStatus): boolean {
  return CLOSED_REFERRAL_STATUSES.includes(status);
}

export type ReferralParty = 'coordinator' | 'offering' | 'referring';

/**
 * Who may move a referral where: the offering organization runs the selection (interview,
 * hired, not selected), the referring organization may withdraw its candidate, coordinators
 * may do either. A party may hold both roles (an organization referring to its own offer). A hire
 * may be corrected (it fell through); other closed referrals stay closed.
 */
export function nextReferralStatuses(from: ReferralStatus, parties: readonly ReferralParty[]): ReferralStatus[] {
  // A hire that falls through is corrected: not selected after all, or withdrawn.
  if (from === 'hired') return (['not_selected', 'withdrawn'] as ReferralStatus[]).filter((s) => allowedFor(s, parties));
  if (isReferralClosed(from)) return [];
  const all: ReferralStatus[] = from === 'proposed' ? ['interview', 'hired', 'not_selected', 'withdrawn'] : ['hired', 'not_selected', 'withdrawn'];
  return all.filter((s) => allowedFor(s, parties));
}

function allowedFor(status: ReferralStatus, parties: readonly ReferralParty[]): boolean {
  const selection = parties.includes('coordinator') || parties.includes('offering');
  const withdraw = parties.includes('coordinator') || parties.includes('referring');
  return status === 'withdrawn' ? withdraw : selection;
}

/** True when the hired referrals fill every position: the offer becomes "coperta" by itself. */
export function isFilledByHires(positions: number, hired: number): boolean {
  return hired >= positions;
}

/**
 * The status an offer takes after its positions or its hires changed: an active offer whose hires
 * fill every position becomes "coperta"; a "coperta" one whose hires no longer fill them opens again.
 */
export function statusFromHires(status: OfferStatus, positions: number, hired: number): OfferStatus {
  if (isOfferActive(status) && isFilledByHires(positions, hired)) return 'filled';
  if (status === 'filled' && !isFilledByHires(positions, hired)) return 'open';
  return status;
}

/** Closed offers a person may open again (giving a reason). */
export function canReopen(status: OfferStatus): boolean {
  return status === 'filled' || status === 'withdrawn' || status === 'expired';
}

/**
 * The roles an actor holds towards a referral (DESIGN.md §7): only these parties may see it.
 * `actorOrganizationId` is the actor's organization, if any.
 */
export function referralParties(
  input: { isCoordinator: boolean; actorOrganizationId: number | null },
  offerOrganizationId: number,
  referringOrganizationId: number,
): ReferralParty[] {
  const parties: ReferralParty[] = [];
  if (input.isCoordinator) parties.push('coordinator');
  if (input.actorOrganizationId !== null && input.actorOrganizationId === offerOrganizationId) parties.push('offering');
  if (input.actorOrganizationId !== null && input.actorOrganizationId === referringOrganizationId) parties.push('referring');
  return parties;
}

/** Which referrals of an offer an actor may see: all of them, only their organization's, or none. */
export function referralScope(input: { isCoordinator: boolean; actorOrganizationId: number | null }, offerOrganizationId: number): 'all' | 'own' | 'none' {
  if (input.isCoordinator || (input.actorOrganizationId !== null && input.actorOrganizationId === offerOrganizationId)) return 'all';
  return input.actorOrganizationId !== null ? 'own' : 'none';
}
