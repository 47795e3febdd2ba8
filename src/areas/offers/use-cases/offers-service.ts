import type { AppConfig, Locale } from '../../../platform/config';
import type { Knex } from '../../../platform/database/transaction';
import { actorOrganizationId, isCoordinator, requireContributor, requireCoordinator, requireMember } from '../../network';
import { ChangeCache } from '../../../platform/cache';
import type { Actor, Organization } from '../../network';
import {
  isFilledByHires,
  isOfferActive,
  nextOfferStatuses,
  nextReferralStatuses,
  referralParties,
  referralScope,
} from '../domain/lifecycle';
import { validateOfferInput, type OfferField, type RawOfferInput } from '../domain/offer-input';
import { validateReferralInput, type ReferralField } from '../domain/referral-input';
import {
  emptyCounts,
  type Offer,
  type OfferListQuery,
  type OfferStatus,
  type Referral,
  type ReferralCounts,
  type ReferralStatus,
} from '../domain/types';
import type { FieldErrors } from '../../../platform/input/validation';
import { translator } from '../../../platform/i18n';
import { AppError } from '../../../platform/errors';
import type { Logger } from '../../../platform/logger';
import { calendarDateIn, dayjs } from '../../../platform/time';
import { recordAudit } from '../../../platform/audit/audit-store';
import { listMembers } from '../../network';
import {
  allOffers,
  anonymizeReferralsBefore,
  findOffer,
  findReferral,
  insertAnnouncedOffer,
  insertReferral,
  listOffers,
  listReferrals,
  offersPastDeadline,
  offersWithDeadlineBetween,
  referralCounts,
  updateOfferStatus,
  updateReferralStatus,
} from '../store/offers-store';
import { referringOrganizationsOf } from '../store/offers-reporting-store';
import { findOrganizationById, listOrganizations } from '../../network';
import { markEntityChanged } from '../../../platform/outbox/published-messages-store';
import { getSetting, setSetting } from '../../../platform/settings/settings-store';
import { withTransaction, type Queryable } from '../../../platform/database/transaction';
import { announcementMessage } from '../slack/views';
import { offersCsv } from '../exports/offers-csv';
import type { HomeRefresher } from '../../digest';
import type { MessagePublisher } from '../../../platform/outbox/publisher';
import type { MessageContent } from '../../../platform/slack/types';

export const OFFER_ENTITY = 'offer';
export const OFFERS_CHANNEL_SETTING = 'offers.channel';

export interface OfferForm {
  organizations: Organization[];
  presetOrganizationId: number | null;
  canChooseOrganization: boolean;
}

export interface OfferDetails {
  offer: Offer;
  counts: ReferralCounts;
  scope: 'all' | 'own' | 'none';
  /** The referrals the actor may see, each with the statuses the actor may move it to. */
  referrals: Array<{ referral: Referral; next: ReferralStatus[] }>;
  canChangeStatus: boolean;
}

export type CreateOfferResult = { ok: true; offer: Offer; channelId: string } | { ok: false; errors: FieldErrors<OfferField> };
export type ReferResult = { ok: true; offer: Offer; code: string } | { ok: false; errors: FieldErrors<ReferralField> };

interface OffersDeps {
  db: Knex;
  config: Pick<AppConfig, 'timezone' | 'defaultLocale' | 'referralRetentionMonths'>;
  logger: Logger;
  publisher: MessagePublisher;
  /** Refreshes the App Home of the organizations concerned by a change (optional in tests). */
  home?: HomeRefresher;
}

function auditOffer(o: Pick<Offer, 'organizationId' | 'status' | 'positions' | 'deadline' | 'sector'>) {
  return { organizationId: o.organizationId, status: o.status, positions: o.positions, deadline: o.deadline, sector: o.sector };
}

function actorView(actor: Actor) {
  return { isCoordinator: isCoordinator(actor), actorOrganizationId: actorOrganizationId(actor) };
}

export class OffersService {
  /** Pages of the offer list (they show organization names too). */
  readonly listCache = new ChangeCache<{ offers: Offer[]; total: number }>(['offers', 'organizations']);
  /** The offers channel setting, read on every submission. */
  readonly settingCache = new ChangeCache<{ channelId: string | undefined }>(['app_settings']);

  constructor(private readonly deps: OffersDeps) {
    deps.publisher.register(OFFER_ENTITY, (id, locale, q) => this.renderAnnouncement(q, id, locale));
  }

  /**
   * After commit and off the ack path: re-publishes the Homes of the offering organization and
   * of the referring one (or, when not given, of every organization that referred to the offer).
   */
  private refreshHomes(offer: { id: number; organizationId: number }, referringOrganizationId?: number): void {
    const home = this.deps.home;
    if (!home) return;
    void (async () => {
      const referring = referringOrganizationId !== undefined ? [referringOrganizationId] : await referringOrganizationsOf(this.deps.db, offer.id);
      await home.refreshOrganizations([offer.organizationId, ...referring]);
    })().catch((error: unknown) => {
      this.deps.logger.warn({ offer: offer.id, err: error instanceof Error ? error.message : String(error) }, 'could not refresh the App Homes');
    });
  }

  /** APP_TIMEZONE, for the views' dates. */
  get timezone(): string {
    return this.deps.config.timezone;
  }

  get retentionMonths(): number {
    return this.deps.config.referralRetentionMonths;
  }

  private async renderAnnouncement(q: Queryable, id: number, locale: Locale): Promise<MessageContent | undefined> {
    const offer = await findOffer(q, id);
    if (!offer) return undefined;
    const counts = (await referralCounts(q, [id])).get(id) ?? emptyCounts();
    return announcementMessage(offer, counts, translator(locale), this.deps.config.timezone);
  }

  private async requireOffer(q: Queryable, id: number, forUpdate = false): Promise<Offer> {
    const offer = await findOffer(q, id, { forUpdate });
    if (!offer) throw new AppError('invalid_input', { reasonKey: 'offers.errors.offer_not_found' });
    return offer;
  }

  private async organizationChoice(actor: Actor): Promise<OfferForm> {
    const own = actor.member?.organization;
    if (isCoordinator(actor)) {
      const organizations = await listOrganizations(this.deps.db, { activeOnly: true });
      return { organizations, presetOrganizationId: own?.id ?? organizations[0]?.id ?? null, canChooseOrganization: true };
    }
    return { organizations: own ? [own] : [], presetOrganizationId: own?.id ?? null, canChooseOrganization: false };
  }

  /** Who may publish, and for which organizations. */
  async newOfferForm(actor: Actor): Promise<OfferForm> {
    requireContributor(actor);
    return this.organizationChoice(actor);
  }

  /** The chosen organization: the actor's own, or any active one for a coordinator; else the field error. */
  private async checkOrganization(
    actor: Actor,
    organizationId: number,
  ): Promise<{ ok: true; organization: Organization } | { ok: false; error: { key: string; values?: Record<string, string> } }> {
    const own = actor.member?.organization;
    if (own?.id === organizationId) return { ok: true, organization: own };
    if (!isCoordinator(actor)) return { ok: false, error: { key: 'offers.errors.organization_not_yours', values: { shortName: own?.shortName ?? '—' } } };
    const org = await findOrganizationById(this.deps.db, organizationId);
    return org?.active ? { ok: true, organization: org } : { ok: false, error: { key: 'offers.errors.organization_unknown' } };
  }

  async createOffer(actor: Actor, raw: RawOfferInput, fallbackChannelId: string | undefined, now: Date): Promise<CreateOfferResult> {
    requireContributor(actor);
    const validated = validateOfferInput(raw, now, this.deps.config.timezone);
    if (!validated.ok) return validated;
    const org = await this.checkOrganization(actor, validated.value.organizationId);
    if (!org.ok) return { ok: false, errors: { organization: org.error } };
    // The submission path stays short (benchmarked): the offers channel, then one statement.
    const channelId = (await this.channelSetting()) ?? fallbackChannelId;
    if (!channelId) throw new AppError('invalid_input', { reasonKey: 'offers.channel.none_here' });
    const details = { ...validated.value, organizationName: org.organization.name, organizationShortName: org.organization.shortName };
    const fresh = { status: 'open' as const, statusChangedAt: now, filledAt: null, createdBy: actor.userId, createdAt: now };
    const id = await insertAnnouncedOffer(
      this.deps.db,
      { ...validated.value, createdBy: actor.userId, now },
      { entityType: OFFER_ENTITY, channelId, locale: this.deps.config.defaultLocale, requestedBy: actor.userId },
      { actorUserId: actor.userId, action: 'offer.create', entity: 'offer', after: auditOffer({ ...details, ...fresh }) },
    );
    const result = { ok: true as const, offer: { ...details, ...fresh, id } satisfies Offer, channelId };
    this.deps.publisher.kick();
    void this.deps.home?.refreshOrganizations([result.offer.organizationId]);
    return result;
  }

  private async channelSetting(): Promise<string | undefined> {
    const setting = await this.settingCache.getOrLoad(OFFERS_CHANNEL_SETTING, async () => ({ channelId: await getSetting<string>(this.deps.db, OFFERS_CHANNEL_SETTING) }));
    return setting.channelId;
  }

  async offersChannel(actor: Actor): Promise<string | undefined> {
    requireMember(actor);
    return this.channelSetting();
  }

  async setOffersChannel(actor: Actor, channelId: string): Promise<void> {
    requireCoordinator(actor);
    await withTransaction(this.deps.db, async (trx) => {
      const before = await setSetting(trx, OFFERS_CHANNEL_SETTING, channelId);
      await recordAudit(trx, { actorUserId: actor.userId, action: 'setting.update', entity: 'setting', entityId: OFFERS_CHANNEL_SETTING, before, after: channelId });
    });
  }

  /**
   * One page of offers: a single query, then kept until an offer or organization changes (the
   * most used read; every member sees the same page for the same filter).
   */
  async list(actor: Actor, query: OfferListQuery): Promise<{ offers: Offer[]; total: number }> {
    requireMember(actor);
    const organizationId = query.filter === 'mine' ? actorOrganizationId(actor) : null;
    const key = `${query.filter}|${query.sector ?? ''}|${query.page}|${organizationId ?? ''}`;
    return this.listCache.getOrLoad(key, () => listOffers(this.deps.db, { ...query, organizationId }));
  }

  /** One offer in full, with the referrals the actor may see; reading them is audited. */
  async details(actor: Actor, offerId: number): Promise<OfferDetails> {
    requireMember(actor);
    const offer = await this.requireOffer(this.deps.db, offerId);
    const view = actorView(actor);
    const scope = referralScope(view, offer.organizationId);
    const counts = (await referralCounts(this.deps.db, [offerId])).get(offerId) ?? emptyCounts();
    let referrals: OfferDetails['referrals'] = [];
    if (scope !== 'none') {
      const rows = await listReferrals(this.deps.db, offerId, scope === 'own' ? (view.actorOrganizationId ?? -1) : undefined);
      referrals = rows.map((referral) => ({
        referral,
        next: actor.role === 'observer' ? [] : nextReferralStatuses(referral.status, referralParties(view, offer.organizationId, referral.referringOrganizationId)),
      }));
      await recordAudit(this.deps.db, {
        actorUserId: actor.userId,
        action: 'referral.list',
        entity: 'offer',
        entityId: offerId,
        after: { scope, referralIds: rows.map((r) => r.id) },
      });
    }
    const canChangeStatus = actor.role !== 'observer' && (view.isCoordinator || view.actorOrganizationId === offer.organizationId);
    return { offer, counts, scope, referrals, canChangeStatus };
  }

  private requireOfferParty(actor: Actor, offer: Offer): void {
    requireContributor(actor);
    if (!isCoordinator(actor) && actor.member?.organizationId !== offer.organizationId) {
      throw new AppError('forbidden', { reasonKey: 'offers.errors.not_offer_party' });
    }
  }

  /** The statuses the actor may move an offer to (refused for anyone outside the offering organization). */
  async statusOptions(actor: Actor, offerId: number): Promise<{ offer: Offer; next: OfferStatus[] }> {
    requireContributor(actor);
    const offer = await this.requireOffer(this.deps.db, offerId);
    this.requireOfferParty(actor, offer);
    return { offer, next: nextOfferStatuses(offer.status) };
  }

  async changeStatus(actor: Actor, offerId: number, status: OfferStatus, now: Date): Promise<{ offer: Offer; changed: boolean }> {
    requireContributor(actor);
    const result = await withTransaction(this.deps.db, async (trx) => {
      const offer = await this.requireOffer(trx, offerId, true);
      this.requireOfferParty(actor, offer);
      if (offer.status === status) return { offer, changed: false };
      if (!nextOfferStatuses(offer.status).includes(status)) {
        throw new AppError('conflict', { reasonKey: 'offers.errors.status_not_allowed', fromKey: `offers.statuses.${offer.status}`, toKey: `offers.statuses.${status}` });
      }
      await updateOfferStatus(trx, offerId, status, now);
      const after = (await findOffer(trx, offerId))!;
      await recordAudit(trx, { actorUserId: actor.userId, action: 'offer.status', entity: 'offer', entityId: offerId, before: auditOffer(offer), after: auditOffer(after) });
      await markEntityChanged(trx, OFFER_ENTITY, offerId);
      return { offer: after, changed: true };
    });
    if (result.changed) {
      this.deps.publisher.kick();
      this.refreshHomes(result.offer);
    }
    return result;
  }

  /** Opening the referral form: the offer must still take referrals. */
  async referralForm(actor: Actor, offerId: number): Promise<OfferForm & { offer: Offer }> {
    requireContributor(actor);
    const offer = await this.requireOffer(this.deps.db, offerId);
    this.requireActive(offer);
    return { offer, ...(await this.organizationChoice(actor)) };
  }

  private requireActive(offer: Offer): void {
    if (!isOfferActive(offer.status)) {
      throw new AppError('conflict', { reasonKey: 'offers.errors.offer_closed', id: offer.id, statusKey: `offers.statuses.${offer.status}` });
    }
  }

  async refer(actor: Actor, offerId: number, raw: { code?: string; organizationId?: string; note?: string }, now: Date): Promise<ReferResult> {
    requireContributor(actor);
    const organizations = await listOrganizations(this.deps.db);
    const validated = validateReferralInput(raw, organizations.map((o) => o.shortName));
    if (!validated.ok) return validated;
    const org = await this.checkOrganization(actor, validated.value.referringOrganizationId);
    if (!org.ok) return { ok: false, errors: { organization: org.error } };
    const result = await withTransaction(this.deps.db, async (trx): Promise<ReferResult> => {
      const offer = await this.requireOffer(trx, offerId, true);
      this.requireActive(offer);
      const id = await insertReferral(trx, { offerId, ...validated.value, createdBy: actor.userId, now });
      if (id === undefined) return { ok: false, errors: { code: { key: 'offers.errors.code_taken' } } };
      await recordAudit(trx, {
        actorUserId: actor.userId,
        action: 'referral.create',
        entity: 'referral',
        entityId: id,
        after: { offerId, referringOrganizationId: validated.value.referringOrganizationId, status: 'proposed' },
      });
      await markEntityChanged(trx, OFFER_ENTITY, offerId);
      return { ok: true, offer, code: validated.value.candidateCode };
    });
    if (result.ok) {
      this.deps.publisher.kick();
      this.refreshHomes(result.offer, validated.value.referringOrganizationId);
    }
    return result;
  }

  /**
   * Moves a referral on; the parties decide who may (see nextReferralStatuses). When hires fill
   * every position the offer becomes "coperta" in the same transaction.
   */
  async changeReferralStatus(actor: Actor, referralId: number, status: ReferralStatus, now: Date): Promise<{ referral: Referral; offerFilled: boolean }> {
    requireContributor(actor);
    const result = await withTransaction(this.deps.db, async (trx) => {
      const referral = await findReferral(trx, referralId, { forUpdate: true });
      if (!referral) throw new AppError('invalid_input', { reasonKey: 'offers.errors.referral_not_found' });
      const offer = await this.requireOffer(trx, referral.offerId, true);
      const parties = referralParties(actorView(actor), offer.organizationId, referral.referringOrganizationId);
      // Someone who may not see the referral is told it does not exist.
      if (parties.length === 0) throw new AppError('invalid_input', { reasonKey: 'offers.errors.referral_not_found' });
      const allowed = nextReferralStatuses(referral.status, parties);
      if (!allowed.includes(status)) {
        if (nextReferralStatuses(referral.status, ['coordinator']).includes(status)) {
          throw new AppError('forbidden', { reasonKey: 'offers.errors.not_referral_party' });
        }
        throw new AppError('conflict', {
          reasonKey: 'offers.errors.status_not_allowed',
          fromKey: `offers.referral_statuses.${referral.status}`,
          toKey: `offers.referral_statuses.${status}`,
        });
      }
      await updateReferralStatus(trx, referralId, status, now);
      await recordAudit(trx, {
        actorUserId: actor.userId,
        action: 'referral.status',
        entity: 'referral',
        entityId: referralId,
        before: { status: referral.status },
        after: { status },
      });
      let offerFilled = false;
      if (status === 'hired' && isOfferActive(offer.status)) {
        const counts = (await referralCounts(trx, [offer.id])).get(offer.id) ?? emptyCounts();
        if (isFilledByHires(offer.positions, counts.hired)) {
          await updateOfferStatus(trx, offer.id, 'filled', now);
          await recordAudit(trx, {
            actorUserId: actor.userId,
            action: 'offer.status',
            entity: 'offer',
            entityId: offer.id,
            before: auditOffer(offer),
            after: { ...auditOffer(offer), status: 'filled', reason: 'positions_filled' },
          });
          offerFilled = true;
        }
      }
      await markEntityChanged(trx, OFFER_ENTITY, offer.id);
      return { referral: (await findReferral(trx, referralId))!, offerFilled, offer };
    });
    this.deps.publisher.kick();
    this.refreshHomes(result.offer, result.referral.referringOrganizationId);
    return { referral: result.referral, offerFilled: result.offerFilled };
  }

  /** The CSV for the project's reporting (coordinators): offers with referral counts, no codes. */
  async exportCsv(actor: Actor, now: Date): Promise<{ filename: string; content: Buffer; count: number }> {
    requireCoordinator(actor);
    const offers = await allOffers(this.deps.db);
    const counts = await referralCounts(this.deps.db, offers.map((o) => o.id));
    await recordAudit(this.deps.db, { actorUserId: actor.userId, action: 'offer.export', entity: 'offer', entityId: null, after: { count: offers.length } });
    const content = offersCsv(offers, counts, translator(actor.locale), this.deps.config.timezone);
    return { filename: `offerte-isonew-${calendarDateIn(now, this.deps.config.timezone)}.csv`, content, count: offers.length };
  }

  /** Marks "scaduta" every active offer past its deadline; each offer once (claimed by the caller). */
  async offersToExpire(now: Date): Promise<number[]> {
    return offersPastDeadline(this.deps.db, calendarDateIn(now, this.deps.config.timezone));
  }

  async expireOffer(offerId: number, now: Date): Promise<boolean> {
    const today = calendarDateIn(now, this.deps.config.timezone);
    const expired = await withTransaction(this.deps.db, async (trx) => {
      const offer = await findOffer(trx, offerId, { forUpdate: true });
      if (!offer || !isOfferActive(offer.status) || offer.deadline >= today) return false;
      await updateOfferStatus(trx, offerId, 'expired', now);
      await recordAudit(trx, { actorUserId: 'system', action: 'offer.expire', entity: 'offer', entityId: offerId, before: auditOffer(offer), after: { ...auditOffer(offer), status: 'expired' } });
      await markEntityChanged(trx, OFFER_ENTITY, offerId);
      return true;
    });
    if (expired) {
      this.deps.publisher.kick();
      const offer = await findOffer(this.deps.db, offerId);
      if (offer) this.refreshHomes(offer);
    }
    return expired;
  }

  /** Active offers closing within `days` days, with the members of the offering organization to remind. */
  async offersToRemind(now: Date, days: number): Promise<Array<{ offer: Offer; recipients: Array<{ userId: string; locale: Locale }> }>> {
    const tz = this.deps.config.timezone;
    const today = calendarDateIn(now, tz);
    const until = dayjs.utc(today).add(days, 'day').format('YYYY-MM-DD');
    const offers = await offersWithDeadlineBetween(this.deps.db, today, until);
    if (offers.length === 0) return [];
    const members = await listMembers(this.deps.db, { organizationIds: [...new Set(offers.map((o) => o.organizationId))], roles: ['coordinator', 'partner'] });
    return offers.map((offer) => ({
      offer,
      recipients: members
        .filter((m) => m.organizationId === offer.organizationId)
        .map((m) => ({ userId: m.userId, locale: m.locale ?? this.deps.config.defaultLocale })),
    }));
  }

  /** Clears codes and notes of referrals closed more than REFERRAL_RETENTION_MONTHS ago. */
  async anonymizeClosedReferrals(now: Date): Promise<number> {
    const cutoff = dayjs(now).subtract(this.deps.config.referralRetentionMonths, 'month').toDate();
    return withTransaction(this.deps.db, async (trx) => {
      const ids = await anonymizeReferralsBefore(trx, cutoff, now);
      if (ids.length > 0) {
        await recordAudit(trx, { actorUserId: 'system', action: 'referral.anonymize', entity: 'referral', entityId: null, after: { referralIds: ids, cutoff } });
      }
      return ids.length;
    });
  }
}
