import { listOrganizations, requireCoordinator, requireMember, type Actor, type Organization } from '../../network';
import { recordAudit } from '../../../platform/audit/audit-store';
import type { Queryable, Transaction } from '../../../platform/database/transaction';
import { requestPost } from '../../../platform/outbox/outbox';
import { markEntityChanged, requestMessage } from '../../../platform/outbox/published-messages-store';
import { validateMeetingInput, type MeetingField, type MeetingInputRaw } from '../domain/meeting-input';
import { requireScheduled } from '../domain/meeting-rules';
import { changeNoticeKey, convenedKey } from '../domain/post-keys';
import type { ActionItem, Meeting, MeetingDetails } from '../domain/types';
import { meetingCalendarFile, type CalendarFile } from '../exports/meeting-ics';
import * as repo from '../store/table-store';
import { loadDetails, requireDetails, requireMeeting, type SaveResult, type TableDeps } from './context';
import { CONVENED, MEETING_CHANGE, MEETING_ENTITY } from './posts';

export interface ConveneModel {
  organizations: Organization[];
  /** Open action items of the last meeting held, offered as agenda items. */
  openActions: ActionItem[];
}

export interface EditModel {
  details: MeetingDetails;
  organizations: Organization[];
}

/** The meeting's calendar file, and whether it cancels the meeting (the comment says so). */
export type MeetingCalendar = CalendarFile & { cancelled: boolean };

/** A change notice as it goes out: what happened to the meeting, as it is now. */
export interface ChangeNotice {
  kind: 'rescheduled' | 'cancelled';
  meeting: Meeting;
}

/** How many meetings `/tavolo prossime` lists. */
const UPCOMING_LIMIT = 10;

/**
 * Convening, rescheduling and cancelling a meeting, and reading it (the notice, `/tavolo`, the
 * calendar file). Everyone who answered is told of a change by DM, once per version of the meeting.
 */
export class MeetingUseCases {
  constructor(private readonly deps: TableDeps) {}

  private get timezone(): string {
    return this.deps.config.timezone;
  }

  async conveneModel(actor: Actor): Promise<ConveneModel> {
    requireCoordinator(actor);
    const q = this.deps.db.q;
    const organizations = await listOrganizations(q, { activeOnly: true });
    const last = await repo.findLastHeldMeeting(q);
    const openActions = last ? await repo.listActionItems(q, { meetingId: last.id, status: 'open' }) : [];
    return { organizations, openActions };
  }

  async convene(actor: Actor, raw: MeetingInputRaw, carriedActionIds: readonly string[]): Promise<SaveResult<MeetingField>> {
    requireCoordinator(actor);
    const { db, clock } = this.deps;
    const organizations = await listOrganizations(db.q, { activeOnly: true });
    const now = clock.now();
    const validated = validateMeetingInput(raw, { now, timezone: this.timezone, invitableOrganizationIds: organizations.map((o) => o.id), convening: true });
    if (!validated.ok) return validated;
    const input = validated.value;
    const carried = await this.carriedActions(carriedActionIds);
    const meeting = await db.transaction([], async (trx) => {
      const created = await repo.insertMeeting(trx, { ...input, createdBy: actor.userId }, now);
      await repo.setInvitations(trx, created.id, input.organizationIds);
      await repo.appendAgendaItems(trx, created.id, [
        ...input.agenda.map((text) => ({ text, proposedBy: actor.userId })),
        ...carried.map((a) => ({ text: `${a.text} (${a.ownerOrganizationShortName})`, proposedBy: actor.userId, sourceActionItemId: a.id })),
      ], now);
      await recordAudit(trx, { actorUserId: actor.userId, action: 'meeting.convene', entity: 'meeting', entityId: created.id, after: auditMeeting(created, input.organizationIds) });
      await requestMessage(trx, { entityType: MEETING_ENTITY, entityId: created.id, channelId: input.channelId, locale: this.deps.config.defaultLocale, requestedBy: actor.userId });
      await requestPost(trx, { kind: CONVENED, to: { user: actor.userId }, key: convenedKey(created.id), params: { meetingId: created.id } }, now);
      return created;
    });
    this.afterChange(input.organizationIds);
    return { ok: true, meeting };
  }

  /** Open action items of the last meeting that the coordinator ticked: re-read, never trusted. */
  private async carriedActions(ids: readonly string[]): Promise<ActionItem[]> {
    const wanted = ids.map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
    if (wanted.length === 0) return [];
    const q = this.deps.db.q;
    const last = await repo.findLastHeldMeeting(q);
    if (!last) return [];
    return repo.listActionItems(q, { meetingId: last.id, status: 'open', ids: wanted });
  }

  async editModel(actor: Actor, meetingId: number): Promise<EditModel> {
    requireCoordinator(actor);
    const details = await requireDetails(this.deps.db.q, meetingId);
    requireScheduled(details.meeting);
    const organizations = await listOrganizations(this.deps.db.q, { activeOnly: true });
    return { details, organizations };
  }

  async reschedule(actor: Actor, meetingId: number, raw: MeetingInputRaw): Promise<SaveResult<MeetingField>> {
    requireCoordinator(actor);
    const { db, clock } = this.deps;
    const organizations = await listOrganizations(db.q, { activeOnly: true });
    const current = await requireMeeting(db.q, meetingId);
    // An organization already invited stays choosable even if it was deactivated since.
    const invited = (await repo.listInvitedOrganizations(db.q, meetingId)).map((o) => o.id);
    const now = clock.now();
    const validated = validateMeetingInput(raw, {
      now,
      timezone: this.timezone,
      invitableOrganizationIds: [...new Set([...organizations.map((o) => o.id), ...invited])],
      convening: false,
    });
    if (!validated.ok) return validated;
    requireScheduled(current);
    const input = validated.value;
    const meeting = await db.transaction([], async (trx) => {
      const before = await requireMeeting(trx, meetingId, { forUpdate: true });
      requireScheduled(before);
      const updated = await repo.rescheduleMeeting(trx, meetingId, input, now);
      await repo.setInvitations(trx, meetingId, input.organizationIds);
      await recordAudit(trx, {
        actorUserId: actor.userId,
        action: 'meeting.reschedule',
        entity: 'meeting',
        entityId: meetingId,
        before: auditMeeting(before, invited),
        after: auditMeeting(updated, input.organizationIds),
      });
      await markEntityChanged(trx, MEETING_ENTITY, meetingId);
      await requestChangeNotices(trx, updated, now);
      return updated;
    });
    this.afterChange(input.organizationIds);
    return { ok: true, meeting };
  }

  async cancel(actor: Actor, meetingId: number): Promise<Meeting> {
    requireCoordinator(actor);
    const now = this.deps.clock.now();
    const { meeting, invited } = await this.deps.db.transaction([], async (trx) => {
      const before = await requireMeeting(trx, meetingId, { forUpdate: true });
      requireScheduled(before);
      const cancelled = await repo.cancelMeeting(trx, meetingId, now);
      await recordAudit(trx, {
        actorUserId: actor.userId,
        action: 'meeting.cancel',
        entity: 'meeting',
        entityId: meetingId,
        before: { status: before.status, sequence: before.sequence },
        after: { status: cancelled.status, sequence: cancelled.sequence },
      });
      await markEntityChanged(trx, MEETING_ENTITY, meetingId);
      await requestChangeNotices(trx, cancelled, now);
      return { meeting: cancelled, invited: await repo.listInvitedOrganizations(trx, meetingId) };
    });
    this.afterChange(invited.map((o) => o.id));
    return meeting;
  }

  /** After commit: the notice, the DMs, and the App Home of every invited organization's members. */
  private afterChange(invitedOrganizationIds: readonly number[]): void {
    this.deps.publisher.kick();
    this.deps.outbox.kick();
    this.deps.homeTabs.refreshOrganizations(invitedOrganizationIds);
  }

  async details(actor: Actor, meetingId: number): Promise<MeetingDetails> {
    requireMember(actor);
    return requireDetails(this.deps.db.q, meetingId);
  }

  async upcoming(actor: Actor): Promise<MeetingDetails[]> {
    requireMember(actor);
    const q = this.deps.db.q;
    const meetings = await repo.listUpcomingMeetings(q, this.deps.clock.now(), UPCOMING_LIMIT);
    const out: MeetingDetails[] = [];
    for (const m of meetings) {
      const details = await loadDetails(q, m.id);
      if (details) out.push(details);
    }
    return out;
  }

  /** The meeting's calendar file, for the Slack side to send to the person's DM. */
  async calendarFile(actor: Actor, meetingId: number): Promise<MeetingCalendar> {
    requireMember(actor);
    const details = await requireDetails(this.deps.db.q, meetingId);
    const file = meetingCalendarFile(details, { timezone: this.timezone, now: this.deps.clock.now(), locale: actor.locale });
    return { ...file, cancelled: details.meeting.status === 'cancelled' };
  }

  // ---- what the Slack side's renderers show (read through the publisher's or the outbox's connections)

  /** The notice as it is now; undefined once the meeting is gone. */
  notice(q: Queryable, meetingId: number): Promise<MeetingDetails | undefined> {
    return loadDetails(q, meetingId);
  }

  /** The meeting the coordinator convened, for their confirmation. */
  convened(q: Queryable, params: { meetingId: number }): Promise<Meeting | undefined> {
    return repo.findMeeting(q, params.meetingId);
  }

  /** A change notice, while it still describes the meeting as it is (no newer version, not held). */
  async changeNotice(q: Queryable, params: { meetingId: number; sequence: number }): Promise<ChangeNotice | undefined> {
    const meeting = await repo.findMeeting(q, params.meetingId);
    if (!meeting || meeting.sequence !== params.sequence || meeting.status === 'held') return undefined;
    return { kind: meeting.status === 'cancelled' ? 'cancelled' : 'rescheduled', meeting };
  }
}

/** Everyone who answered (and their delegates) is told by DM, once per person and version of the meeting. */
async function requestChangeNotices(trx: Transaction, meeting: Meeting, now: Date): Promise<void> {
  const rsvps = await repo.listRsvps(trx, meeting.id);
  const people = new Set(rsvps.flatMap((r) => [r.userId, ...(r.delegateUserId ? [r.delegateUserId] : [])]));
  for (const userId of people) {
    await requestPost(trx, { kind: MEETING_CHANGE, to: { user: userId }, key: changeNoticeKey(meeting, userId), params: { meetingId: meeting.id, sequence: meeting.sequence } }, now);
  }
}

/** A meeting as stored in the audit log: times, ids and the channel; no free text. */
function auditMeeting(m: Meeting, organizationIds: readonly number[]) {
  return { startsAt: m.startsAt.toISOString(), endsAt: m.endsAt.toISOString(), channelId: m.channelId, sequence: m.sequence, organizationIds };
}
