import { findMemberByUserId, listMembers, listOrganizations, requireContributor, type Actor } from '../../network';
import type { Queryable, Transaction } from '../../../platform/database/transaction';
import { calendarDateIn } from '../../../platform/time';
import { postKind, requestPost, requestPostUpdatesAbout } from '../../../platform/outbox/outbox';
import { forgetAuditFields, recordAudit } from '../../../platform/audit/audit-store';
import type { LocalizedText } from '../../../platform/i18n/messages';
import { cleanText } from '../../../platform/input/validation';
import { checkFreeText } from '../domain/offer-input';
import { REFERRAL_NOTE_MAX } from '../domain/referral-input';
import { AppError } from '../../../platform/errors';
import { markEntityChanged } from '../../../platform/outbox/published-messages-store';
import { nextReferralStatuses, referralParties, statusFromHires } from '../domain/lifecycle';
import type { OfferForm, ReferResult } from '../domain/models';
import { validateReferralInput } from '../domain/referral-input';
import { emptyCounts, type Offer, type OfferKind, type Referral, type ReferralStatus } from '../domain/types';
import { referralStatusName } from '../domain/kind-labels';
import { findOffer, findReferral, insertReferral, updateReferralNote, referralCounts, updateOfferStatus, updateReferralStatus } from '../store/offers-store';
import { actorView, auditOffer, canCorrectText, checkOrganization, OFFER_ENTITY, offersText, organizationChoice, refreshHomes, requireActive, requireOffer, type OffersPlatform } from './common';

/** The DM to the offering organization's members: a candidate was referred to their offer. */
export const REFERRAL_RECEIVED = postKind<{ referralId: number; offerId: number }>('offers.referral_received');
/** The DM to the referring organization's members: their referral changed status. */
export const REFERRAL_STATUS = postKind<{ referralId: number; offerId: number; status: ReferralStatus }>('offers.referral_status');

/**
 * Asks for one DM of `kind` to each coordinator and partner of an organization but the actor,
 * in the caller's transaction; `keyOf` names each post (one per key, ever).
 */
async function notifyOrganization<P extends { [key: string]: number | string }>(
  q: Queryable,
  request: { organizationId: number; except: string; kind: ReturnType<typeof postKind<P>>; params: P; keyOf: (userId: string) => string },
  now: Date,
): Promise<number> {
  const members = await listMembers(q, { organizationIds: [request.organizationId], roles: ['coordinator', 'partner'] });
  let count = 0;
  for (const member of members) {
    if (member.userId === request.except) continue;
    if (await requestPost(q, { kind: request.kind, to: { user: member.userId }, key: request.keyOf(member.userId), params: request.params }, now)) count++;
  }
  return count;
}

/** A hire, as other areas hear of it in the same transaction (the pathways area fills the hiring milestone). */
export interface HireEvent {
  referralId: number;
  offerId: number;
  candidateCode: string;
  /** The offering organization: the employer's side. */
  organizationId: number;
  contractType: Offer['contractType'];
  /** The calendar day of the hire, in APP_TIMEZONE. */
  hiredOn: string;
  actorUserId: string;
}

/** An enrolment in a training course (a course's referral moved to its terminal success), as other areas hear of it. */
export interface EnrolmentEvent {
  referralId: number;
  offerId: number;
  candidateCode: string;
  /** The organization running the course. */
  organizationId: number;
  /** The course's dates (calendar dates). */
  startDate: string | null;
  endDate: string | null;
  /** The calendar day of the enrolment, in APP_TIMEZONE. */
  enrolledOn: string;
  actorUserId: string;
}

/** Who reads a referral (a person in Slack, or the recipient of a DM): whether they may see a pathway is the pathways area's rule. */
export interface ReferralReader {
  userId: string;
  isCoordinator: boolean;
  organizationId: number | null;
}

/**
 * What the composition root lets other areas do when a referral moves (in the referral's
 * transaction, under a savepoint: a hook that fails is undone alone, and the referral's change
 * stands), and what they tell the referral's readers.
 */
export interface ReferralHooks {
  hired?(trx: Transaction, event: HireEvent, now: Date): Promise<void>;
  enrolled?(trx: Transaction, event: EnrolmentEvent, now: Date): Promise<void>;
  /**
   * Of these candidate codes, those with a pathway `reader` may see: a referral says there is one
   * only to them (the pathways area audits what it told, `via` saying where).
   */
  visiblePathways?(q: Queryable, codes: readonly string[], reader: ReferralReader, via: 'offer_details' | 'referral_dm'): Promise<ReadonlySet<string>>;
}

/** Of these referrals' codes, those whose pathway the reader may see (none without the hook). */
export async function pathwaysVisibleTo(hooks: ReferralHooks, q: Queryable, codes: ReadonlyArray<string | null>, reader: ReferralReader, via: 'offer_details' | 'referral_dm'): Promise<ReadonlySet<string>> {
  const known = [...new Set(codes.filter((c): c is string => !!c))];
  if (!hooks.visiblePathways || known.length === 0) return new Set();
  return hooks.visiblePathways(q, known, reader, via);
}

/**
 * Referrals (segnalazioni): a candidate referred to an offer by a pseudonymous code, and moved on
 * by the parties (DESIGN.md §7: only coordinators, the offering and the referring organization see it).
 */
export class ReferralUseCases {
  constructor(
    private readonly platform: OffersPlatform,
    private readonly hooks: ReferralHooks = {},
  ) {}

  /**
   * Runs another area's hook under a savepoint: if it fails, what it wrote is undone and the
   * referral's change goes on (a hire is never lost to a pathway's trouble); the failure is logged.
   */
  private async runHook(trx: Transaction, name: string, referralId: number, hook: (sp: Transaction) => Promise<void>): Promise<boolean> {
    try {
      await trx.transaction(hook);
      return true;
    } catch (error) {
      this.platform.logger.warn({ hook: name, referral: referralId, err: error instanceof Error ? error.message : String(error) }, 'a referral hook failed; the referral change stands');
      return false;
    }
  }

  /** Opening the referral form: the offer must still take referrals. */
  async referralForm(actor: Actor, offerId: number): Promise<OfferForm & { offer: Offer }> {
    requireContributor(actor);
    const { db } = this.platform;
    const offer = await requireOffer(db.q, offerId);
    requireActive(offer);
    return { offer, ...(await organizationChoice(db.q, actor)) };
  }

  async refer(actor: Actor, offerId: number, raw: { code?: string; organizationId?: string; note?: string }): Promise<ReferResult> {
    requireContributor(actor);
    const { db, clock, publisher } = this.platform;
    const now = clock.now();
    const organizations = await listOrganizations(db.q);
    const validated = validateReferralInput(raw, organizations.map((o) => o.shortName));
    if (!validated.ok) return validated;
    const org = await checkOrganization(db.q, actor, validated.value.referringOrganizationId);
    if (!org.ok) return { ok: false, errors: { organization: org.error } };
    const result = await db.transaction([], async (trx): Promise<ReferResult> => {
      const offer = await requireOffer(trx, offerId, true);
      requireActive(offer);
      const id = await insertReferral(trx, { offerId, ...validated.value, createdBy: actor.userId, now });
      if (id === undefined) return { ok: false, errors: { code: offersText((m) => m.errors.code_taken) } };
      await recordAudit(trx, {
        actorUserId: actor.userId,
        action: 'referral.create',
        entity: 'referral',
        entityId: id,
        after: { offerId, referringOrganizationId: validated.value.referringOrganizationId, status: 'proposed' },
      });
      await markEntityChanged(trx, OFFER_ENTITY, offerId);
      await notifyOrganization(
        trx,
        { organizationId: offer.organizationId, except: actor.userId, kind: REFERRAL_RECEIVED, params: { referralId: id, offerId }, keyOf: (user) => `referral-received:${id}:${user}` },
        now,
      );
      return { ok: true, offer, code: validated.value.candidateCode };
    });
    if (result.ok) {
      publisher.kick();
      this.platform.outbox.kick();
      refreshHomes(this.platform, result.offer, validated.value.referringOrganizationId);
    }
    return result;
  }

  /** The "correct note" form: the referral's author and coordinators only. */
  async noteForm(actor: Actor, referralId: number): Promise<Referral> {
    const referral = await findReferral(this.platform.db.q, referralId);
    if (!referral || !canCorrectText(actor, referral.createdBy)) throw new AppError('invalid_input', { reason: offersText((m) => m.errors.referral_not_found) });
    return referral;
  }

  /** Corrects or empties a referral's note (issue 14): the audit row keeps no text, earlier rows forget it. */
  async redactNote(actor: Actor, referralId: number, raw: string | null | undefined): Promise<{ ok: true; referral: Referral; changed: boolean } | { ok: false; errors: { note: LocalizedText } }> {
    const { db, clock } = this.platform;
    const now = clock.now();
    const note = cleanText(raw);
    const error = checkFreeText(note, { max: REFERRAL_NOTE_MAX, field: offersText((m) => m.referral_modal.note_label) });
    if (error) return { ok: false, errors: { note: error } };
    const result = await db.transaction([], async (trx) => {
      const before = await findReferral(trx, referralId, { forUpdate: true });
      if (!before || !canCorrectText(actor, before.createdBy)) throw new AppError('invalid_input', { reason: offersText((m) => m.errors.referral_not_found) });
      if ((before.note ?? '') === note) return { referral: before, changed: false };
      await updateReferralNote(trx, referralId, note || null, now);
      await forgetAuditFields(trx, { entity: 'referral', entityId: referralId, fields: ['note'] });
      await recordAudit(trx, { actorUserId: actor.userId, action: 'referral.redact', entity: 'referral', entityId: referralId, after: { fields: ['note'], where: ['offer_details'] } });
      // The referral's DMs already delivered are rendered again from what is stored now.
      await requestPostUpdatesAbout(trx, { kinds: [REFERRAL_RECEIVED, REFERRAL_STATUS], param: 'referralId', value: referralId }, now);
      const after = await findReferral(trx, referralId);
      return { referral: after ?? before, changed: true };
    });
    if (result.changed) this.platform.outbox.kick();
    return { ok: true, ...result };
  }

  /**
   * What a referral DM shows, read when it goes out: undefined when the referral or its offer is
   * gone. `pathway`: the recipient may see the candidate's pathway (so the DM says there is one).
   */
  async notice(q: Queryable, referralId: number, recipientUserId?: string): Promise<{ referral: Referral; offer: Offer; pathway: boolean } | undefined> {
    const referral = await findReferral(q, referralId);
    const offer = referral && (await findOffer(q, referral.offerId));
    if (!referral || !offer) return undefined;
    let pathway = false;
    if (recipientUserId && referral.candidateCode) {
      const member = await findMemberByUserId(q, recipientUserId);
      if (member) {
        const reader = { userId: recipientUserId, isCoordinator: member.role === 'coordinator', organizationId: member.organizationId };
        pathway = (await pathwaysVisibleTo(this.hooks, q, [referral.candidateCode], reader, 'referral_dm')).size > 0;
      }
    }
    return { referral, offer, pathway };
  }

  /**
   * Moves a referral on; the parties decide who may (see nextReferralStatuses). When hires fill
   * every position the offer becomes "coperta" in the same transaction.
   */
  async changeStatus(actor: Actor, referralId: number, status: ReferralStatus): Promise<{ referral: Referral; offerFilled: boolean; offerReopened: boolean; offerKind: OfferKind }> {
    requireContributor(actor);
    const { db, clock, publisher } = this.platform;
    const now = clock.now();
    const notFound = () => new AppError('invalid_input', { reason: offersText((m) => m.errors.referral_not_found) });
    const result = await db.transaction(['offers'], async (trx) => {
      const referral = await findReferral(trx, referralId, { forUpdate: true });
      if (!referral) throw notFound();
      const offer = await requireOffer(trx, referral.offerId, true);
      const parties = referralParties(actorView(actor), offer.organizationId, referral.referringOrganizationId);
      // Someone who may not see the referral is told it does not exist.
      if (parties.length === 0) throw notFound();
      const allowed = nextReferralStatuses(referral.status, parties);
      if (!allowed.includes(status)) {
        if (nextReferralStatuses(referral.status, ['coordinator']).includes(status)) {
          throw new AppError('forbidden', { reason: offersText((m) => m.errors.not_referral_party) });
        }
        const from = referral.status;
        throw new AppError('conflict', {
          reason: offersText((m) => m.errors.status_not_allowed({ from: referralStatusName(m, offer.kind, from), to: referralStatusName(m, offer.kind, status) })),
        });
      }
      // A course takes no more enrolments than it has seats (a job's hires only close it).
      if (status === 'hired' && referral.status !== 'hired' && offer.kind === 'course') {
        const enrolled = (await referralCounts(trx, [offer.id])).get(offer.id)?.hired ?? 0;
        if (enrolled >= offer.positions) throw new AppError('conflict', { reason: offersText((m) => m.course.errors.full({ id: offer.id, positions: offer.positions })) });
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
      // "Coperta" follows the hires: a new hire may fill the offer, a hire that fell through opens it again.
      let offerFilled = false;
      let offerReopened = false;
      if (status === 'hired' || referral.status === 'hired') {
        const counts = (await referralCounts(trx, [offer.id])).get(offer.id) ?? emptyCounts();
        const next = statusFromHires(offer.status, offer.positions, counts.hired);
        offerFilled = next === 'filled' && next !== offer.status && status === 'hired';
        offerReopened = next === 'open' && offer.status === 'filled' && referral.status === 'hired';
        if (offerFilled || offerReopened) {
          await updateOfferStatus(trx, offer.id, next, now);
          await recordAudit(trx, {
            actorUserId: actor.userId,
            action: 'offer.status',
            entity: 'offer',
            entityId: offer.id,
            before: auditOffer(offer),
            after: { ...auditOffer(offer), status: next, reason: offerFilled ? 'positions_filled' : 'hire_corrected' },
          });
        }
      }
      const { hired, enrolled } = this.hooks;
      const today = calendarDateIn(now, this.platform.config.timezone);
      const code = referral.candidateCode;
      if (status === 'hired' && referral.status !== 'hired' && code && offer.kind === 'job' && hired) {
        const event: HireEvent = { referralId, offerId: offer.id, candidateCode: code, organizationId: offer.organizationId, contractType: offer.contractType, hiredOn: today, actorUserId: actor.userId };
        await this.runHook(trx, 'hired', referralId, (sp) => hired(sp, event, now));
      }
      if (status === 'hired' && referral.status !== 'hired' && code && offer.kind === 'course' && enrolled) {
        const event: EnrolmentEvent = {
          referralId,
          offerId: offer.id,
          candidateCode: code,
          organizationId: offer.organizationId,
          startDate: offer.startDate,
          endDate: offer.endDate,
          enrolledOn: today,
          actorUserId: actor.userId,
        };
        await this.runHook(trx, 'enrolled', referralId, (sp) => enrolled(sp, event, now));
      }
      await markEntityChanged(trx, OFFER_ENTITY, offer.id);
      const after = await findReferral(trx, referralId);
      if (!after) throw notFound();
      const change = `${referralId}:${status}:${now.getTime()}`;
      await notifyOrganization(
        trx,
        {
          organizationId: referral.referringOrganizationId,
          except: actor.userId,
          kind: REFERRAL_STATUS,
          params: { referralId, offerId: offer.id, status },
          keyOf: (user) => `referral-status:${change}:${user}`,
        },
        now,
      );
      return { referral: after, offerFilled, offerReopened, offer };
    });
    publisher.kick();
    this.platform.outbox.kick();
    refreshHomes(this.platform, result.offer, result.referral.referringOrganizationId);
    return { referral: result.referral, offerFilled: result.offerFilled, offerReopened: result.offerReopened, offerKind: result.offer.kind };
  }
}
