import { actorOrganizationId, findOrganizationById, isCoordinator, listOrganizations, requireContributor, type Actor, type Organization } from '../../network';
import { AppError } from '../../../platform/errors';
import type { LocalizedText } from '../../../platform/i18n/messages';
import type { Queryable } from '../../../platform/database/transaction';
import type { Platform } from '../../../platform/runtime';
import { isOfferActive } from '../domain/lifecycle';
import type { OfferForm } from '../domain/models';
import type { Offer } from '../domain/types';
import { offersMessages } from '../messages';
import { offerStatusName } from '../domain/kind-labels';
import { findOffer } from '../store/offers-store';
import { referringOrganizationsOf } from '../store/offers-reporting-store';

/**
 * What the offers use cases share: the platform parts they use, the offer's publisher entity,
 * the checks several of them make, and the App Home refresh after a change.
 */

/** The platform as the offers use cases use it (tests may build it with a real database and no Slack). */
export type OffersPlatform = Pick<Platform, 'config' | 'clock' | 'logger' | 'db' | 'backgroundDb' | 'publisher' | 'outbox' | 'homeTabs'>;

/** The publisher's entity type of an offer's channel announcement. */
export const OFFER_ENTITY = 'offer';

/** A text of the offers catalog, picked now and rendered in the reader's language (errors, field errors). */
export const offersText = offersMessages.text;

export async function requireOffer(q: Queryable, id: number, forUpdate = false): Promise<Offer> {
  const offer = await findOffer(q, id, { forUpdate });
  if (!offer) throw new AppError('invalid_input', { reason: offersText((m) => m.errors.offer_not_found) });
  return offer;
}

/** An offer that still takes referrals; refused otherwise. */
export function requireActive(offer: Offer): void {
  if (!isOfferActive(offer.status)) {
    const { id, status, kind } = offer;
    throw new AppError('conflict', { reason: offersText((m) => m.errors.offer_closed({ id, status: offerStatusName(m, kind, status) })) });
  }
}

/** What the audit log keeps of an offer. */
export function auditOffer(o: Pick<Offer, 'kind' | 'organizationId' | 'status' | 'positions' | 'deadline' | 'sector'>) {
  return { kind: o.kind, organizationId: o.organizationId, status: o.status, positions: o.positions, deadline: o.deadline, sector: o.sector };
}

/** Every field of an offer, for the audit row of an edit (before and after). */
export function auditOfferFields(o: Offer) {
  const { kind, organizationId, title, sector, positions, contractType, weeklyHours, location, startDate, endDate, deadline, requirements, eligibility, status } = o;
  return { kind, organizationId, title, sector, positions, contractType, weeklyHours, location, startDate, endDate, deadline, requirements, eligibility, status };
}

/** Only the offering organization's contributors and coordinators change an offer. */
export function requireOfferParty(actor: Actor, offer: Offer): void {
  requireContributor(actor);
  if (!isCoordinator(actor) && actor.member?.organizationId !== offer.organizationId) {
    throw new AppError('forbidden', { reason: offersText((m) => m.errors.not_offer_party) });
  }
}

/** A text may be corrected or redacted by whoever wrote it and by coordinators (issue 14). */
export function canCorrectText(actor: Actor, authorUserId: string): boolean {
  return actor.role !== 'observer' && (isCoordinator(actor) || actor.userId === authorUserId);
}

/** Who the actor is for the offers' visibility rules. */
export function actorView(actor: Actor) {
  return { isCoordinator: isCoordinator(actor), actorOrganizationId: actorOrganizationId(actor) };
}

/** The organizations a form lets the actor choose: every active one for a coordinator, else their own. */
export async function organizationChoice(q: Queryable, actor: Actor): Promise<OfferForm> {
  const own = actor.member?.organization;
  if (isCoordinator(actor)) {
    const organizations = await listOrganizations(q, { activeOnly: true });
    return { organizations, presetOrganizationId: own?.id ?? organizations[0]?.id ?? null, canChooseOrganization: true };
  }
  return { organizations: own ? [own] : [], presetOrganizationId: own?.id ?? null, canChooseOrganization: false };
}

/** The chosen organization: the actor's own, or any active one for a coordinator; else the field error. */
export async function checkOrganization(
  q: Queryable,
  actor: Actor,
  organizationId: number,
): Promise<{ ok: true; organization: Organization } | { ok: false; error: LocalizedText }> {
  const own = actor.member?.organization;
  if (own?.id === organizationId) return { ok: true, organization: own };
  if (!isCoordinator(actor)) {
    const shortName = own?.shortName ?? '—';
    return { ok: false, error: offersText((m) => m.errors.organization_not_yours({ shortName })) };
  }
  const org = await findOrganizationById(q, organizationId);
  return org?.active ? { ok: true, organization: org } : { ok: false, error: offersText((m) => m.errors.organization_unknown) };
}

/**
 * After commit and off the ack path: re-publishes the Homes of the offering organization and of
 * the referring one (or, when not given, of every organization that referred to the offer).
 */
export function refreshHomes(platform: OffersPlatform, offer: { id: number; organizationId: number }, referringOrganizationId?: number): void {
  void (async () => {
    const referring = referringOrganizationId !== undefined ? [referringOrganizationId] : await referringOrganizationsOf(platform.db.q, offer.id);
    platform.homeTabs.refreshOrganizations([offer.organizationId, ...referring]);
  })().catch((error: unknown) => {
    platform.logger.warn({ offer: offer.id, err: error instanceof Error ? error.message : String(error) }, 'could not refresh the App Homes');
  });
}
