import { actorOrganizationId, requireContributor, requireMember, type Actor } from '../../network';
import { forgetAuditFields, recordAudit } from '../../../platform/audit/audit-store';
import { ChangeCache } from '../../../platform/cache';
import type { Queryable } from '../../../platform/database/transaction';
import { AppError } from '../../../platform/errors';
import { markEntityChanged } from '../../../platform/outbox/published-messages-store';
import { requestPostUpdatesAbout, requestPostUpdatesSince } from '../../../platform/outbox/outbox';
import { OFFER_REMINDER } from './deadlines';
import { REFERRAL_RECEIVED, REFERRAL_STATUS } from './referrals';
import { canReopen, nextOfferStatuses, nextReferralStatuses, referralParties, referralScope, statusFromHires } from '../domain/lifecycle';
import { checkFreeText, OFFER_LIMITS } from '../domain/offer-input';
import { cleanText, type FieldErrors } from '../../../platform/input/validation';
import { daysUntil } from '../../../platform/time';
import type { CreateOfferResult, EditOfferForm, EditOfferResult, NewOfferForm, OfferAnnouncement, OfferDetails, OfferPage, OfferStatusOptions, ReopenField, ReopenResult } from '../domain/models';
import { validateOfferInput, type RawOfferInput } from '../domain/offer-input';
import { offerStatusName } from '../domain/kind-labels';
import { emptyCounts, type Offer, type OfferListQuery, type OfferStatus } from '../domain/types';
import { findOffer, insertAnnouncedOffer, listOffers, listReferrals, referralCounts, updateOfferFields, updateOfferStatus, updateOfferTexts } from '../store/offers-store';
import { actorView, auditOffer, auditOfferFields, canCorrectText, checkOrganization, OFFER_ENTITY, offersText, organizationChoice, refreshHomes, requireOffer, requireOfferParty, type OffersPlatform } from './common';
import type { OffersChannel } from './offers-channel';
import { pathwaysVisibleTo, type ReferralHooks } from './referrals';

/**
 * Offers: publishing one, the list, one offer in full, and its status. Each use case checks who
 * may, and returns a model the Slack side renders.
 */
export class OfferUseCases {
  /** Pages of the offer list (they show organization names too): the most used read. */
  readonly listCache = new ChangeCache<OfferPage>(['offers', 'organizations']);

  constructor(
    private readonly platform: OffersPlatform,
    private readonly channel: OffersChannel,
    private readonly hooks: ReferralHooks = {},
  ) {}

  /** Who may publish, for which organizations, and where the offer would be announced. */
  async newOfferForm(actor: Actor, fallbackChannelId: string | undefined): Promise<NewOfferForm> {
    requireContributor(actor);
    const form = await organizationChoice(this.platform.db.q, actor);
    return { ...form, announceIn: fallbackChannelId ?? (await this.channel.current()) };
  }

  /**
   * Stores a new offer and asks for its announcement in the offers channel (or, when none is set,
   * in `fallbackChannelId`, the channel the form was opened from).
   */
  /** `submission`: the form's submission, claimed in the same statement (a double click stores one offer). */
  async create(actor: Actor, raw: RawOfferInput, fallbackChannelId: string | undefined, submission?: string): Promise<CreateOfferResult> {
    requireContributor(actor);
    const { db, clock, config, publisher, homeTabs } = this.platform;
    const now = clock.now();
    const validated = validateOfferInput(raw, now, config.timezone);
    if (!validated.ok) return validated;
    const org = await checkOrganization(db.q, actor, validated.value.organizationId);
    if (!org.ok) return { ok: false, errors: { organization: org.error } };
    // The submission path stays short (benchmarked): the offers channel from memory, then one statement.
    const channelId = (await this.channel.current()) ?? fallbackChannelId;
    if (!channelId) throw new AppError('invalid_input', { reason: offersText((m) => m.channel.none_here) });
    const details = {
      ...validated.value,
      kind: validated.value.kind ?? 'job',
      endDate: validated.value.endDate ?? null,
      organizationName: org.organization.name,
      organizationShortName: org.organization.shortName,
    };
    const fresh = { status: 'open' as const, statusChangedAt: now, filledAt: null, createdBy: actor.userId, createdAt: now };
    const id = await db.write(['offers'], (q) =>
      insertAnnouncedOffer(
        q,
        { ...validated.value, createdBy: actor.userId, now },
        { entityType: OFFER_ENTITY, channelId, locale: config.defaultLocale, requestedBy: actor.userId },
        { actorUserId: actor.userId, action: 'offer.create', entity: 'offer', after: auditOffer({ ...details, ...fresh }) },
        submission,
      ),
    );
    const offer: Offer = { ...details, ...fresh, id };
    publisher.kick();
    homeTabs.refreshOrganizations([offer.organizationId]);
    return { ok: true, offer, channelId };
  }

  /**
   * One page of offers: a single query, then kept until an offer or organization changes (every
   * member sees the same page for the same filter).
   */
  async list(actor: Actor, query: OfferListQuery): Promise<OfferPage> {
    requireMember(actor);
    const organizationId = query.filter === 'mine' ? actorOrganizationId(actor) : null;
    const key = `${query.filter}|${query.sector ?? ''}|${query.kind ?? ''}|${query.page}|${organizationId ?? ''}`;
    return this.listCache.getOrLoad(key, async () => ({ ...(await listOffers(this.platform.db.q, { ...query, organizationId })), key }));
  }

  /** One offer in full, with the referrals the actor may see; reading them is audited. */
  async details(actor: Actor, offerId: number): Promise<OfferDetails> {
    requireMember(actor);
    const { db } = this.platform;
    const offer = await requireOffer(db.q, offerId);
    const view = actorView(actor);
    const scope = referralScope(view, offer.organizationId);
    const counts = (await referralCounts(db.q, [offerId])).get(offerId) ?? emptyCounts();
    let referrals: OfferDetails['referrals'] = [];
    if (scope !== 'none') {
      const rows = await listReferrals(db.q, offerId, scope === 'own' ? (view.actorOrganizationId ?? -1) : undefined);
      // Which candidates have a pathway this reader may see: only those are said to have one.
      const reader = { userId: actor.userId, isCoordinator: view.isCoordinator, organizationId: view.actorOrganizationId };
      const withPathway = await pathwaysVisibleTo(this.hooks, db.q, rows.map((r) => r.candidateCode), reader, 'offer_details');
      referrals = rows.map((referral) => ({
        referral,
        next: actor.role === 'observer' ? [] : nextReferralStatuses(referral.status, referralParties(view, offer.organizationId, referral.referringOrganizationId)),
        canRedactNote: canCorrectText(actor, referral.createdBy),
        pathway: referral.candidateCode !== null && withPathway.has(referral.candidateCode),
      }));
      const after = { scope, referralIds: rows.map((r) => r.id) };
      await db.write([], (q) => recordAudit(q, { actorUserId: actor.userId, action: 'referral.list', entity: 'offer', entityId: offerId, after }));
    }
    const canChangeStatus = actor.role !== 'observer' && (view.isCoordinator || view.actorOrganizationId === offer.organizationId);
    return { offer, counts, scope, referrals, canChangeStatus };
  }

  /** The statuses the actor may move an offer to (refused for anyone outside the offering organization). */
  async statusOptions(actor: Actor, offerId: number): Promise<OfferStatusOptions> {
    requireContributor(actor);
    const offer = await requireOffer(this.platform.db.q, offerId);
    requireOfferParty(actor, offer);
    return { offer, next: nextOfferStatuses(offer.status), canReopen: canReopen(offer.status) };
  }

  /** The "reopen" form: a closed offer, and only for its organization and coordinators. */
  async reopenForm(actor: Actor, offerId: number): Promise<Offer> {
    const offer = await requireOffer(this.platform.db.q, offerId);
    requireOfferParty(actor, offer);
    requireReopenable(offer);
    return offer;
  }

  /**
   * Opens a withdrawn, filled or expired offer again, with a reason (kept in the audit row) and,
   * when the old deadline has passed, a new one. The announcement shows it open again.
   */
  async reopen(actor: Actor, offerId: number, raw: { reason?: string | null; deadline?: string | null }): Promise<ReopenResult> {
    requireContributor(actor);
    const { db, clock, config, publisher } = this.platform;
    const now = clock.now();
    const errors: FieldErrors<ReopenField> = {};
    const reason = cleanText(raw.reason);
    const reasonError = checkFreeText(reason, { max: REOPEN_REASON_MAX, field: offersText((m) => m.reopen.reason_label), required: offersText((m) => m.reopen.reason_required) });
    if (reasonError) errors.reason = reasonError;
    const deadline = raw.deadline && /^\d{4}-\d{2}-\d{2}$/.test(raw.deadline) ? raw.deadline : undefined;
    if (!deadline) errors.deadline = offersText((m) => m.errors.deadline_required);
    else if (daysUntil(deadline, now, config.timezone) < 0) errors.deadline = offersText((m) => m.errors.deadline_past);
    else if (daysUntil(deadline, now, config.timezone) > OFFER_LIMITS.deadlineMaxDays) errors.deadline = offersText((m) => m.errors.deadline_too_far);
    if (!deadline || Object.keys(errors).length > 0) return { ok: false, errors };
    const offer = await db.transaction(['offers'], async (trx) => {
      const before = await requireOffer(trx, offerId, true);
      requireOfferParty(actor, before);
      requireReopenable(before);
      await updateOfferStatus(trx, offerId, 'open', now);
      if (deadline !== before.deadline) await updateOfferFields(trx, offerId, { ...before, deadline }, now);
      const after = await requireOffer(trx, offerId);
      await recordAudit(trx, { actorUserId: actor.userId, action: 'offer.reopen', entity: 'offer', entityId: offerId, before: auditOffer(before), after: { ...auditOffer(after), reason } });
      await markEntityChanged(trx, OFFER_ENTITY, offerId);
      return after;
    });
    publisher.kick();
    refreshHomes(this.platform, offer);
    return { ok: true, offer };
  }

  async changeStatus(actor: Actor, offerId: number, status: OfferStatus): Promise<{ offer: Offer; changed: boolean }> {
    requireContributor(actor);
    const { db, clock, publisher } = this.platform;
    const now = clock.now();
    const result = await db.transaction(['offers'], async (trx) => {
      const offer = await requireOffer(trx, offerId, true);
      requireOfferParty(actor, offer);
      if (offer.status === status) return { offer, changed: false };
      if (!nextOfferStatuses(offer.status).includes(status)) {
        const from = offer.status;
        throw new AppError('conflict', { reason: offersText((m) => m.errors.status_not_allowed({ from: offerStatusName(m, offer.kind, from), to: offerStatusName(m, offer.kind, status) })) });
      }
      await updateOfferStatus(trx, offerId, status, now);
      const after = await requireOffer(trx, offerId);
      await recordAudit(trx, { actorUserId: actor.userId, action: 'offer.status', entity: 'offer', entityId: offerId, before: auditOffer(offer), after: auditOffer(after) });
      await markEntityChanged(trx, OFFER_ENTITY, offerId);
      return { offer: after, changed: true };
    });
    if (result.changed) {
      publisher.kick();
      refreshHomes(this.platform, result.offer);
    }
    return result;
  }

  /** The "edit offer" form, prefilled: only the offering organization and coordinators may open it. */
  async editForm(actor: Actor, offerId: number): Promise<EditOfferForm> {
    const { db } = this.platform;
    const offer = await requireOffer(db.q, offerId);
    requireOfferParty(actor, offer);
    return { offer, ...(await organizationChoice(db.q, actor)), presetOrganizationId: offer.organizationId };
  }

  /**
   * Changes any field of an offer (deadline extension and number of positions included). The
   * announcement is redrawn in place; the audit row keeps every field before and after. A new
   * number of positions recomputes "coperta" from the hires.
   */
  async edit(actor: Actor, offerId: number, raw: RawOfferInput): Promise<EditOfferResult> {
    requireContributor(actor);
    const { db, clock, config, publisher } = this.platform;
    const now = clock.now();
    const current = await requireOffer(db.q, offerId);
    requireOfferParty(actor, current);
    // The kind stays what it was: a job is not turned into a course by an edit.
    const validated = validateOfferInput({ ...raw, kind: current.kind }, now, config.timezone, current);
    if (!validated.ok) return validated;
    if (validated.value.organizationId !== current.organizationId) {
      const org = await checkOrganization(db.q, actor, validated.value.organizationId);
      if (!org.ok) return { ok: false, errors: { organization: org.error } };
    }
    const result = await db.transaction(['offers'], async (trx) => {
      const before = await requireOffer(trx, offerId, true);
      requireOfferParty(actor, before);
      const input = validated.value;
      const same = JSON.stringify(auditOfferFields({ ...before, ...input })) === JSON.stringify(auditOfferFields(before));
      if (same) return { offer: before, changed: false, previousOrganizationId: before.organizationId };
      await updateOfferFields(trx, offerId, input, now);
      if (input.positions !== before.positions) {
        const hired = (await referralCounts(trx, [offerId])).get(offerId)?.hired ?? 0;
        const status = statusFromHires(before.status, input.positions, hired);
        if (status !== before.status) await updateOfferStatus(trx, offerId, status, now);
      }
      const after = await requireOffer(trx, offerId);
      await recordAudit(trx, { actorUserId: actor.userId, action: 'offer.edit', entity: 'offer', entityId: offerId, before: auditOfferFields(before), after: auditOfferFields(after) });
      await markEntityChanged(trx, OFFER_ENTITY, offerId);
      return { offer: after, changed: true, previousOrganizationId: before.organizationId };
    });
    if (result.changed) {
      publisher.kick();
      refreshHomes(this.platform, result.offer);
      if (result.previousOrganizationId !== result.offer.organizationId) {
        this.platform.homeTabs.refreshOrganizations([result.previousOrganizationId]);
      }
    }
    return { ok: true, offer: result.offer, changed: result.changed };
  }

  /** The "correct texts" form: the offer's author and coordinators only. */
  async redactForm(actor: Actor, offerId: number): Promise<Offer> {
    const offer = await requireOffer(this.platform.db.q, offerId);
    requireAuthor(actor, offer.createdBy);
    return offer;
  }

  /**
   * Corrects or redacts an offer's texts (issue 14): the stored text and the announcement change;
   * the audit row says a redaction happened, by whom and where, and keeps no text; the earlier
   * rows of this offer forget the fields that changed.
   */
  async redact(actor: Actor, offerId: number, raw: { title?: string | null; location?: string | null; requirements?: string | null }): Promise<RedactResult> {
    const { db, clock, publisher } = this.platform;
    const now = clock.now();
    const texts = { title: cleanText(raw.title).replace(/\n/g, ' '), location: cleanText(raw.location).replace(/\n/g, ' '), requirements: cleanText(raw.requirements) };
    const errors: FieldErrors<'title' | 'location' | 'requirements'> = {};
    const title = checkFreeText(texts.title, { max: OFFER_LIMITS.titleMax, field: offersText((m) => m.modal.title_label), required: offersText((m) => m.errors.title_required) });
    if (title) errors.title = title;
    const location = checkFreeText(texts.location, { max: OFFER_LIMITS.locationMax, field: offersText((m) => m.modal.location_label), required: offersText((m) => m.errors.location_required) });
    if (location) errors.location = location;
    const requirements = checkFreeText(texts.requirements, { max: OFFER_LIMITS.requirementsMax, field: offersText((m) => m.modal.requirements_label) });
    if (requirements) errors.requirements = requirements;
    if (Object.keys(errors).length > 0) return { ok: false, errors };
    const result = await db.transaction(['offers'], async (trx) => {
      const before = await requireOffer(trx, offerId, true);
      requireAuthor(actor, before.createdBy);
      const fields = (['title', 'location', 'requirements'] as const).filter((f) => before[f] !== texts[f]);
      if (fields.length === 0) return { offer: before, changed: false };
      await updateOfferTexts(trx, offerId, texts, now);
      await forgetAuditFields(trx, { entity: 'offer', entityId: offerId, fields });
      // The DMs already delivered that show the offer (referrals, reminders) are rewritten in place too.
      const dms = await requestPostUpdatesAbout(trx, { kinds: OFFER_DM_KINDS, param: 'offerId', value: offerId }, now);
      // So are the posts that list offers by title (the weekly digests posted since the offer was made).
      const digests = await requestPostUpdatesSince(trx, { kinds: this.platform.outbox.kindsShowing(OFFER_ENTITY), since: before.createdAt }, now);
      const where = ['announcement', 'app_home', 'direct_messages_not_yet_sent', ...(dms > 0 ? ['direct_messages_sent'] : []), ...(digests > 0 ? ['digests_sent'] : [])];
      await recordAudit(trx, { actorUserId: actor.userId, action: 'offer.redact', entity: 'offer', entityId: offerId, after: { fields, where } });
      await markEntityChanged(trx, OFFER_ENTITY, offerId);
      return { offer: await requireOffer(trx, offerId), changed: true };
    });
    if (result.changed) {
      publisher.kick();
      this.platform.outbox.kick();
      refreshHomes(this.platform, result.offer);
    }
    return { ok: true, ...result };
  }

  /** The offer's channel announcement as it is now (the publisher's renderer reads it through `q`). */
  async announcement(q: Queryable, offerId: number): Promise<OfferAnnouncement | undefined> {
    const offer = await findOffer(q, offerId);
    if (!offer) return undefined;
    const counts = (await referralCounts(q, [offerId])).get(offerId) ?? emptyCounts();
    return { offer, counts };
  }
}

/** The longest reason for reopening an offer. */
export const REOPEN_REASON_MAX = 500;

/** The DMs that show an offer's texts (its title): rewritten when the offer is redacted. */
const OFFER_DM_KINDS = [REFERRAL_RECEIVED, REFERRAL_STATUS, OFFER_REMINDER];

/** Only whoever wrote a text, and coordinators, correct it. */
export function requireAuthor(actor: Actor, authorUserId: string): void {
  if (!canCorrectText(actor, authorUserId)) throw new AppError('forbidden', { reason: offersText((m) => m.redact.not_author) });
}

export type RedactResult = { ok: true; offer: Offer; changed: boolean } | { ok: false; errors: FieldErrors<'title' | 'location' | 'requirements'> };

function requireReopenable(offer: Offer): void {
  if (!canReopen(offer.status)) {
    const { id, status } = offer;
    throw new AppError('conflict', { reason: offersText((m) => m.reopen.not_closed({ id, status: offerStatusName(m, offer.kind, status) })) });
  }
}
