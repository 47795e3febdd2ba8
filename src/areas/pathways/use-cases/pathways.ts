import { actorOrganizationId, isCoordinator, listMembers, listOrganizations, requireContributor, requireMember, type Actor, type Organization } from '../../network';
import { recordAudit } from '../../../platform/audit/audit-store';
import { AppError } from '../../../platform/errors';
import type { Queryable, Transaction } from '../../../platform/database/transaction';
import { referralsOfCandidate, type CandidateReferral, type EnrolmentEvent, type HireEvent, type ReferralHooks, type ReferralReader } from '../../offers';
import { postKind, requestPost } from '../../../platform/outbox/outbox';
import type { Platform } from '../../../platform/runtime';
import type { JobReport } from '../../../platform/jobs/types';
import { addDays, calendarDateIn } from '../../../platform/time';
import type { FieldErrors } from '../../../platform/input/validation';
import { followUpDates, validateMilestoneInput, validatePathwayInput, type MilestoneField, type MilestoneInput, type PathwayField } from '../domain/pathway-input';
import { canChangePathway, canRecordMilestone, canSeePathway, FOLLOW_UP_KINDS, type DueMilestone, type Milestone, type MilestoneKind, type Pathway } from '../domain/types';
import { pathwaysMessages } from '../messages';
import {
  dueFollowUps,
  findMilestone,
  findPathway,
  findPathwayByCode,
  insertMilestone,
  insertPathway,
  listVisiblePathways,
  missingFollowUps,
  setExitedOn,
  setInvolved,
  updateMilestone,
  upcomingMilestones,
  visiblePathwayCodes,
} from '../store/pathways-store';

/** The platform as the pathways use cases use it. */
export type PathwaysPlatform = Pick<Platform, 'config' | 'clock' | 'logger' | 'db' | 'backgroundDb' | 'outbox' | 'homeTabs'>;

const text = pathwaysMessages.text;

/** The follow-up reminder DM to a member of the responsible organization (rendered by the Slack side). */
export const FOLLOW_UP_REMINDER = postKind<{ milestoneId: number }>('pathways.follow_up_due');

/** How far ahead the App Home looks for milestones. */
export const HOME_WINDOW_DAYS = 14;
/** At most this many pathways in `/percorso lista`. */
export const LIST_LIMIT = 50;

export interface PathwayForm {
  organizations: Organization[];
  /** The owner the form proposes (the actor's organization), and whether another may be chosen (coordinators). */
  presetOwnerId: number | null;
  canChooseOwner: boolean;
  today: string;
}

export type OpenResult = { ok: true; pathway: Pathway } | { ok: false; errors: FieldErrors<PathwayField> };
export type MilestoneResult = { ok: true; pathway: Pathway; milestone: Milestone; followUpsCreated: number } | { ok: false; errors: FieldErrors<MilestoneField> };

function viewerOf(actor: Actor) {
  return { isCoordinator: isCoordinator(actor), organizationId: actorOrganizationId(actor) };
}

const notFound = () => new AppError('not_found', { reason: text((m) => m.errors.not_found) });

/**
 * Individual pathways: opening one for a code, its milestones and the organizations involved, the
 * follow-ups an exit brings, and who may see what (coordinators, the owner, the organizations
 * involved with the candidate's consent: nobody else; every read is audited).
 */
export class PathwayUseCases {
  constructor(private readonly platform: PathwaysPlatform) {}

  private today(): string {
    return calendarDateIn(this.platform.clock.now(), this.platform.config.timezone);
  }

  async form(actor: Actor): Promise<PathwayForm> {
    requireContributor(actor);
    const own = actor.member?.organization ?? null;
    if (!isCoordinator(actor) && !own) throw new AppError('forbidden', { reason: text((m) => m.errors.no_organization) });
    const organizations = await listOrganizations(this.platform.db.q, { activeOnly: true });
    return { organizations, presetOwnerId: own?.id ?? null, canChooseOwner: isCoordinator(actor), today: this.today() };
  }

  async open(actor: Actor, raw: { code?: string | null; ownerOrganizationId?: string | null; consentOn?: string | null; consented?: readonly string[] | null }): Promise<OpenResult> {
    const form = await this.form(actor);
    const owner = form.canChooseOwner ? raw.ownerOrganizationId : String(form.presetOwnerId ?? '');
    const validated = validatePathwayInput(
      { ...raw, ownerOrganizationId: owner },
      { today: form.today, organizationShortNames: form.organizations.map((o) => o.shortName), organizationIds: form.organizations.map((o) => o.id) },
    );
    if (!validated.ok) return validated;
    const { db, clock } = this.platform;
    const now = clock.now();
    const pathway = await db.transaction([], async (trx) => {
      const id = await insertPathway(trx, validated.value, actor.userId, now);
      if (id === undefined) return undefined;
      // The audit keeps who opened which pathway, never the code (it is in the pathway row only).
      await recordAudit(trx, {
        actorUserId: actor.userId,
        action: 'pathway.open',
        entity: 'pathway',
        entityId: id,
        after: { ownerOrganizationId: validated.value.ownerOrganizationId, consentOn: validated.value.consentOn, consented: validated.value.consentedOrganizationIds },
      });
      return findPathway(trx, id);
    });
    if (!pathway) return { ok: false, errors: { code: text((m) => m.errors.code_taken) } };
    this.refreshHomes(pathway);
    return { ok: true, pathway };
  }

  /** The pathways the actor may see (each listed read is audited as one row). */
  async list(actor: Actor): Promise<Pathway[]> {
    requireMember(actor);
    const { db } = this.platform;
    const pathways = await listVisiblePathways(db.q, viewerOf(actor), LIST_LIMIT);
    if (pathways.length > 0) {
      await recordAudit(db.q, { actorUserId: actor.userId, action: 'pathway.list', entity: 'pathway', entityId: null, after: { pathwayIds: pathways.map((p) => p.id) } });
    }
    return pathways;
  }

  /** One pathway by code or id, if the actor may see it; the read is audited. Someone who may not is told it does not exist. */
  async show(actor: Actor, ref: { code: string } | { id: number }): Promise<Pathway> {
    const pathway = await this.visible(actor, ref);
    await recordAudit(this.platform.db.q, { actorUserId: actor.userId, action: 'pathway.read', entity: 'pathway', entityId: pathway.id });
    return pathway;
  }

  /**
   * `/percorso <codice>`: the pathway and the candidate's referrals to offers (jobs and courses),
   * for those who may see the pathway; the read is audited with the referrals it showed.
   */
  async view(actor: Actor, ref: { code: string }): Promise<{ pathway: Pathway; referrals: CandidateReferral[] }> {
    const pathway = await this.visible(actor, ref);
    const { db } = this.platform;
    const referrals = await referralsOfCandidate(db.q, pathway.candidateCode);
    await recordAudit(db.q, { actorUserId: actor.userId, action: 'pathway.read', entity: 'pathway', entityId: pathway.id, after: { referralIds: referrals.map((r) => r.referralId) } });
    return { pathway, referrals };
  }

  private async visible(actor: Actor, ref: { code: string } | { id: number }): Promise<Pathway> {
    requireMember(actor);
    const { db } = this.platform;
    const pathway = 'code' in ref ? await findPathwayByCode(db.q, ref.code) : await findPathway(db.q, ref.id);
    if (!pathway || !canSeePathway(viewerOf(actor), pathway)) throw notFound();
    return pathway;
  }

  /** May the actor change this pathway (the view shows the buttons only then). */
  canChange(actor: Actor, pathway: Pathway): boolean {
    return actor.role !== 'observer' && canChangePathway(viewerOf(actor), pathway);
  }

  canRecord(actor: Actor, pathway: Pathway, milestone: Milestone): boolean {
    return actor.role !== 'observer' && canRecordMilestone(viewerOf(actor), pathway, milestone);
  }

  /** What the milestone form needs: the pathway, the milestone when editing one, the organizations. */
  async milestoneForm(actor: Actor, pathwayId: number, target: { kind: MilestoneKind } | { milestoneId: number }): Promise<{ pathway: Pathway; kind: MilestoneKind; milestone?: Milestone; organizations: Organization[] }> {
    requireContributor(actor);
    const pathway = await this.show(actor, { id: pathwayId });
    let milestone: Milestone | undefined;
    if ('milestoneId' in target) {
      milestone = pathway.milestones.find((m) => m.id === target.milestoneId);
      if (!milestone) throw new AppError('not_found', { reason: text((m) => m.errors.milestone_not_found) });
      if (!this.canRecord(actor, pathway, milestone)) throw new AppError('forbidden', { reason: text((m) => m.errors.not_responsible) });
    } else if (!this.canChange(actor, pathway)) throw new AppError('forbidden', { reason: text((m) => m.errors.not_owner) });
    const organizations = await listOrganizations(this.platform.db.q, { activeOnly: true });
    return { pathway, kind: milestone?.kind ?? ('kind' in target ? target.kind : 'orientation'), milestone, organizations };
  }

  /**
   * Adds a milestone or records one; an exit sets the pathway's exit date and creates the 6- and
   * 12-month follow-ups (once, however often the exit is saved), for the owner organization.
   */
  async saveMilestone(
    actor: Actor,
    pathwayId: number,
    milestoneId: number | undefined,
    raw: Parameters<typeof validateMilestoneInput>[0],
  ): Promise<MilestoneResult> {
    requireContributor(actor);
    const { db, clock } = this.platform;
    const now = clock.now();
    const organizations = await listOrganizations(db.q, { activeOnly: true });
    const existing = milestoneId !== undefined ? await findMilestone(db.q, milestoneId) : undefined;
    if (milestoneId !== undefined && (!existing || existing.pathwayId !== pathwayId)) throw new AppError('not_found', { reason: text((m) => m.errors.milestone_not_found) });
    const validated = validateMilestoneInput({ ...raw, kind: existing?.kind ?? raw.kind }, { today: this.today(), organizationIds: organizations.map((o) => o.id) });
    if (!validated.ok) return validated;
    const input = validated.value;
    const result = await db.transaction([], async (trx) => {
      const pathway = await findPathway(trx, pathwayId, { forUpdate: true });
      if (!pathway || !canSeePathway(viewerOf(actor), pathway)) throw notFound();
      if (existing ? !this.canRecord(actor, pathway, existing) : !this.canChange(actor, pathway)) {
        throw new AppError('forbidden', { reason: text((m) => (existing ? m.errors.not_responsible : m.errors.not_owner)) });
      }
      let id: number;
      if (existing) {
        await updateMilestone(trx, existing.id, input, now);
        id = existing.id;
      } else id = await insertMilestone(trx, pathwayId, input, actor.userId, now);
      // Coded fields only: the note may hold nothing personal, but the audit keeps no free text.
      await recordAudit(trx, {
        actorUserId: actor.userId,
        action: existing ? 'pathway.milestone.update' : 'pathway.milestone.add',
        entity: 'pathway',
        entityId: pathwayId,
        before: existing ? { milestoneId: existing.id, plannedOn: existing.plannedOn, doneOn: existing.doneOn, outcome: existing.outcome } : undefined,
        after: { milestoneId: id, kind: input.kind, plannedOn: input.plannedOn, doneOn: input.doneOn, outcome: input.outcome, responsibleOrganizationId: input.responsibleOrganizationId },
      });
      let followUpsCreated = 0;
      if (input.kind === 'exit' && input.doneOn) {
        await setExitedOn(trx, pathwayId, input.doneOn, now);
        const missing = await missingFollowUps(trx, pathwayId, FOLLOW_UP_KINDS);
        for (const followUp of followUpDates(input.doneOn).filter((f) => missing.includes(f.kind))) {
          await insertMilestone(
            trx,
            pathwayId,
            { kind: followUp.kind, plannedOn: followUp.plannedOn, doneOn: null, responsibleOrganizationId: pathway.ownerOrganizationId, outcome: null, qualification: false, sameEmployer: null, contractType: null, note: null },
            'system',
            now,
          );
          followUpsCreated++;
        }
      }
      const after = await findPathway(trx, pathwayId);
      const milestone = after?.milestones.find((m) => m.id === id);
      if (!after || !milestone) throw notFound();
      return { pathway: after, milestone, followUpsCreated };
    });
    this.refreshHomes(result.pathway);
    return { ok: true, ...result };
  }

  /** What the offers area calls when a referral moves or is read (wired by the composition root). */
  referralHooks(): ReferralHooks {
    return {
      hired: (trx, event, now) => this.recordHire(trx, event, now),
      enrolled: (trx, event, now) => this.recordEnrolment(trx, event, now),
      visiblePathways: (q, codes, reader, via) => this.visiblePathways(q, codes, reader, via),
    };
  }

  /**
   * A referral of this code was hired (the offers area tells us in its transaction): the
   * candidate's open pathway, if any, gets its hiring milestone done that day, for the employer's
   * organization, unless one is already recorded.
   */
  async recordHire(trx: Transaction, event: HireEvent, now: Date): Promise<void> {
    const pathway = await findPathwayByCode(trx, event.candidateCode);
    if (!pathway || pathway.milestones.some((m) => m.kind === 'hiring' && m.doneOn)) return;
    await this.fillMilestone(trx, pathway, now, {
      input: { kind: 'hiring', doneOn: event.hiredOn, responsibleOrganizationId: event.organizationId, outcome: 'completed', qualification: false, sameEmployer: null, contractType: event.contractType, note: null },
      audit: { action: 'pathway.milestone.hire', actorUserId: event.actorUserId, referralId: event.referralId, offerId: event.offerId },
    });
  }

  /**
   * A referral of this code was enrolled in a training course: the candidate's open pathway, if
   * any, gets a training milestone done on the day of the enrolment (the ESF+ "participants
   * starting a training course" counts it), planned for the course's start, for the organization
   * running it, its outcome left to record when the course ends. A training milestone planned and
   * not yet done is filled; otherwise a new one is added (a woman may take several courses).
   */
  async recordEnrolment(trx: Transaction, event: EnrolmentEvent, now: Date): Promise<void> {
    const pathway = await findPathwayByCode(trx, event.candidateCode);
    if (!pathway) return;
    await this.fillMilestone(trx, pathway, now, {
      input: { kind: 'training', doneOn: event.enrolledOn, responsibleOrganizationId: event.organizationId, outcome: null, qualification: false, sameEmployer: null, contractType: null, note: null },
      plannedOn: event.startDate,
      audit: { action: 'pathway.milestone.enrolment', actorUserId: event.actorUserId, referralId: event.referralId, offerId: event.offerId },
    });
  }

  /** Fills the pathway's first planned milestone of this kind not yet done, or adds one; audited as the referral's consequence. */
  private async fillMilestone(
    trx: Transaction,
    pathway: Pathway,
    now: Date,
    change: { input: Omit<MilestoneInput, 'plannedOn'>; plannedOn?: string | null; audit: { action: string; actorUserId: string; referralId: number; offerId: number } },
  ): Promise<void> {
    const planned = pathway.milestones.find((m) => m.kind === change.input.kind && !m.doneOn);
    // A planned milestone keeps its planned date and its note.
    const input: MilestoneInput = { ...change.input, plannedOn: planned?.plannedOn ?? change.plannedOn ?? null, note: planned?.note ?? change.input.note };
    let milestoneId: number;
    if (planned) {
      await updateMilestone(trx, planned.id, input, now);
      milestoneId = planned.id;
    } else milestoneId = await insertMilestone(trx, pathway.id, input, 'system', now);
    const { action, actorUserId, referralId, offerId } = change.audit;
    await recordAudit(trx, { actorUserId, action, entity: 'pathway', entityId: pathway.id, after: { milestoneId, referralId, offerId, doneOn: input.doneOn } });
    this.refreshHomes(pathway);
  }

  /**
   * Of these candidate codes, those with a pathway the reader may see (a referral says there is
   * one only to them); telling it is a read of the pathway, audited.
   */
  async visiblePathways(q: Queryable, codes: readonly string[], reader: ReferralReader, via: string): Promise<ReadonlySet<string>> {
    const found = await visiblePathwayCodes(q, codes, reader);
    if (found.length === 0) return new Set();
    await recordAudit(q, { actorUserId: reader.userId, action: 'pathway.link.read', entity: 'pathway', entityId: null, after: { pathwayIds: found.map((f) => f.id), via } });
    const upper = new Set(found.map((f) => f.code));
    return new Set(codes.filter((c) => upper.has(c.toUpperCase())));
  }

  /** The owner sets which consented organizations are involved; each change is audited. */
  async setInvolved(actor: Actor, pathwayId: number, organizationIds: readonly string[]): Promise<Pathway> {
    requireContributor(actor);
    const { db } = this.platform;
    const ids = [...new Set(organizationIds.map((v) => Number.parseInt(v, 10)).filter((n) => Number.isSafeInteger(n)))];
    const pathway = await db.transaction([], async (trx) => {
      const current = await findPathway(trx, pathwayId, { forUpdate: true });
      if (!current || !canSeePathway(viewerOf(actor), current)) throw notFound();
      if (!this.canChange(actor, current)) throw new AppError('forbidden', { reason: text((m) => m.errors.not_owner) });
      const consented = current.organizations.filter((o) => o.consented).map((o) => o.organizationId);
      if (ids.some((id) => !consented.includes(id))) throw new AppError('invalid_input', { reason: text((m) => m.errors.not_consented) });
      const before = await setInvolved(trx, pathwayId, ids);
      await recordAudit(trx, { actorUserId: actor.userId, action: 'pathway.organizations', entity: 'pathway', entityId: pathwayId, before: { involved: before }, after: { involved: ids } });
      return findPathway(trx, pathwayId);
    });
    if (!pathway) throw notFound();
    this.refreshHomes(pathway);
    return pathway;
  }

  /** Milestones due in the next two weeks on pathways the actor follows (the App Home). */
  async upcoming(q: Queryable, actor: Actor, now: Date): Promise<DueMilestone[]> {
    if (!actor.role) return [];
    const today = calendarDateIn(now, this.platform.config.timezone);
    return upcomingMilestones(q, viewerOf(actor), { from: today, to: addDays(today, HOME_WINDOW_DAYS) });
  }

  /**
   * The daily follow-up reminders: every follow-up due and not recorded gets one DM per member of
   * the responsible organization, ever (the outbox key), so a run after downtime catches up and
   * replicas running it together send each once.
   */
  async remindFollowUps(now: Date): Promise<JobReport> {
    const { db, outbox, config } = this.platform;
    const due = await dueFollowUps(db.q, calendarDateIn(now, config.timezone));
    if (due.length === 0) return { reminded: 0 };
    const members = await listMembers(db.q, { organizationIds: [...new Set(due.map((d) => d.responsibleOrganizationId))], roles: ['coordinator', 'partner'] });
    const requested = await db.transaction([], async (trx) => {
      let count = 0;
      for (const milestone of due) {
        for (const member of members.filter((m) => m.organizationId === milestone.responsibleOrganizationId)) {
          const request = { kind: FOLLOW_UP_REMINDER, to: { user: member.userId }, key: `pathway-follow-up:${milestone.milestoneId}:${member.userId}`, params: { milestoneId: milestone.milestoneId } };
          if (await requestPost(trx, request, now)) count++;
        }
      }
      return count;
    });
    if (requested > 0) outbox.kick();
    return { reminded: requested };
  }

  /** The follow-up a reminder is about, as it is when the DM goes out; undefined once recorded or erased. */
  async reminder(q: Queryable, milestoneId: number): Promise<{ code: string; milestone: Milestone } | undefined> {
    const milestone = await findMilestone(q, milestoneId);
    if (!milestone || milestone.doneOn) return undefined;
    const pathway = await findPathway(q, milestone.pathwayId);
    return pathway ? { code: pathway.candidateCode, milestone } : undefined;
  }

  private refreshHomes(pathway: Pathway): void {
    const organizations = [pathway.ownerOrganizationId, ...pathway.organizations.filter((o) => o.involved && o.consented).map((o) => o.organizationId)];
    this.platform.homeTabs.refreshOrganizations(organizations);
  }
}
