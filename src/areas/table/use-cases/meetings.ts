import { listMembers, listOrganizations, requireCoordinator, requireMember, type Actor, type Organization } from '../../network';
import { recordAudit } from '../../../platform/audit/audit-store';
import type { Queryable, Transaction } from '../../../platform/database/transaction';
import { requestPost } from '../../../platform/outbox/outbox';
import { markEntityChanged, requestMessage } from '../../../platform/outbox/published-messages-store';
import { carriedActionText, validateMeetingInput, type MeetingField, type MeetingInputRaw } from '../domain/meeting-input';
import { requireScheduled } from '../domain/meeting-rules';
import { changeNoticeKey, convenedKey, invitationKey } from '../domain/post-keys';
import type { ActionItem, Meeting, MeetingDetails, Rsvp } from '../domain/types';
import type { Locale } from '../../../platform/i18n/locales';
import { meetingCalendarFile, type CalendarFile } from '../exports/meeting-ics';
import * as repo from '../store/table-store';
import { recordCalendarSent, withdrawCalendarFiles, type DeliveredFile } from './calendar-files';
import { loadDetails, requireDetails, requireMeeting, type SaveResult, type TableDeps } from './context';
import { CONVENED, MEETING_CHANGE, MEETING_ENTITY, MEETING_INVITATION } from './posts';

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
  /** Its date or time changed: every answer was reset, everyone is asked again. */
  answersReset: boolean;
  /** The updated calendar file, in the reader's language: the DM carries it. */
  calendar: CalendarFile;
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
        ...carried.map((a) => ({ text: carriedActionText(a), proposedBy: actor.userId, sourceActionItemId: a.id })),
      ], now);
      await recordAudit(trx, { actorUserId: actor.userId, action: 'meeting.convene', entity: 'meeting', entityId: created.id, after: auditMeeting(created, input.organizationIds) });
      await requestMessage(trx, { entityType: MEETING_ENTITY, entityId: created.id, channelId: input.channelId, locale: this.deps.config.defaultLocale, requestedBy: actor.userId });
      await requestPost(trx, { kind: CONVENED, to: { user: actor.userId }, key: convenedKey(created.id), params: { meetingId: created.id } }, now);
      for (const userId of await inviteeIds(trx, created.id, actor.userId)) {
        await requestPost(trx, { kind: MEETING_INVITATION, to: { user: userId }, key: invitationKey(created, userId), params: { meetingId: created.id, sequence: created.sequence, again: false } }, now);
      }
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
      const answeredBefore = answerers(await repo.listRsvps(trx, meetingId));
      const updated = await repo.rescheduleMeeting(trx, meetingId, input, now);
      await repo.setInvitations(trx, meetingId, input.organizationIds);
      // A new date or time: every answer is back to "to be confirmed", and everyone is asked again.
      const moved = before.startsAt.getTime() !== updated.startsAt.getTime() || before.endsAt.getTime() !== updated.endsAt.getTime();
      const reset = moved ? await repo.deleteRsvps(trx, meetingId) : 0;
      await markEntityChanged(trx, MEETING_ENTITY, meetingId);
      const notified = await requestChangeNotices(trx, updated, { answersReset: moved, also: answeredBefore, except: actor.userId }, now);
      // The files already sent show the old title, place or link (perhaps a mistyped one): they go.
      const textChanged = before.title !== updated.title || before.place !== updated.place || before.link !== updated.link;
      const filesReplaced = textChanged ? await withdrawCalendarFiles(trx, meetingId, now, notified) : 0;
      await recordAudit(trx, {
        actorUserId: actor.userId,
        action: 'meeting.reschedule',
        entity: 'meeting',
        entityId: meetingId,
        before: auditMeeting(before, invited),
        after: { ...auditMeeting(updated, input.organizationIds), answersReset: reset, calendarFilesReplaced: filesReplaced },
      });
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
      await requestChangeNotices(trx, cancelled, { answersReset: false, also: answerers(await repo.listRsvps(trx, meetingId)), except: actor.userId }, now);
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
    return this.calendarOf(details, { locale: actor.locale, now: this.deps.clock.now() });
  }

  /** The Slack side sent the calendar file to the person's DM: kept, so that a correction replaces it. */
  async calendarSent(actor: Actor, meetingId: number, file: DeliveredFile): Promise<void> {
    await this.deps.db.write([], (q) => recordCalendarSent(q, { meetingId, userId: actor.userId, file }, this.deps.clock.now()));
  }

  private calendarOf(details: MeetingDetails, context: { locale: Locale; now: Date }): MeetingCalendar {
    const file = meetingCalendarFile(details, { timezone: this.timezone, now: context.now, locale: context.locale });
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

  /** A change notice, while it still describes the meeting as it is (no newer version, not held), with its calendar file. */
  async changeNotice(q: Queryable, params: { meetingId: number; sequence: number; answersReset?: boolean }, context: { locale: Locale; now: Date }): Promise<ChangeNotice | undefined> {
    const details = await loadDetails(q, params.meetingId);
    const meeting = details?.meeting;
    if (!details || !meeting || meeting.sequence !== params.sequence || meeting.status === 'held') return undefined;
    const calendar = meetingCalendarFile(details, { timezone: this.timezone, now: context.now, locale: context.locale });
    return { kind: meeting.status === 'cancelled' ? 'cancelled' : 'rescheduled', meeting, answersReset: params.answersReset === true, calendar };
  }

  /** A calendar file as it goes out (or is sent again after a correction): the meeting as it is now. */
  async calendarPost(q: Queryable, params: { meetingId: number }, context: { locale: Locale; now: Date }): Promise<MeetingCalendar | undefined> {
    const details = await loadDetails(q, params.meetingId);
    return details && this.calendarOf(details, context);
  }

  /** An invitation, while the meeting is still the version it announced and still scheduled. */
  async invitation(q: Queryable, params: { meetingId: number; sequence: number }): Promise<Meeting | undefined> {
    const meeting = await repo.findMeeting(q, params.meetingId);
    if (!meeting || meeting.sequence !== params.sequence || meeting.status !== 'scheduled') return undefined;
    return meeting;
  }
}

/** Who answered, and their delegates. */
function answerers(rsvps: readonly Rsvp[]): string[] {
  return rsvps.flatMap((r) => [r.userId, ...(r.delegateUserId ? [r.delegateUserId] : [])]);
}

/** Every member of the organizations invited to the meeting, but the person who acted (they know). */
async function inviteeIds(q: Queryable, meetingId: number, except: string): Promise<string[]> {
  const invited = (await repo.listInvitedOrganizations(q, meetingId)).map((o) => o.id);
  if (invited.length === 0) return [];
  return (await listMembers(q, { organizationIds: invited })).map((m) => m.userId).filter((u) => u !== except);
}

/**
 * Every invitee (and whoever had answered, their delegates included, even if their organization is
 * no longer invited) is told by DM, once per person and version of the meeting. When the answers
 * were reset, each invitee is also asked again with the RSVP buttons (the change notice is the
 * calendar file, which cannot carry buttons). Returns who is told.
 */
async function requestChangeNotices(trx: Transaction, meeting: Meeting, options: { answersReset: boolean; also: readonly string[]; except: string }, now: Date): Promise<Set<string>> {
  const invitees = await inviteeIds(trx, meeting.id, options.except);
  const people = new Set([...invitees, ...options.also.filter((u) => u !== options.except)]);
  for (const userId of people) {
    const params = { meetingId: meeting.id, sequence: meeting.sequence, answersReset: options.answersReset };
    await requestPost(trx, { kind: MEETING_CHANGE, to: { user: userId }, key: changeNoticeKey(meeting, userId), params }, now);
  }
  if (options.answersReset && meeting.status === 'scheduled') {
    for (const userId of invitees) {
      const params = { meetingId: meeting.id, sequence: meeting.sequence, again: true };
      await requestPost(trx, { kind: MEETING_INVITATION, to: { user: userId }, key: invitationKey(meeting, userId), params }, now);
    }
  }
  return people;
}

/** A meeting as stored in the audit log: times, ids and the channel; no free text. */
function auditMeeting(m: Meeting, organizationIds: readonly number[]) {
  return { startsAt: m.startsAt.toISOString(), endsAt: m.endsAt.toISOString(), channelId: m.channelId, sequence: m.sequence, organizationIds };
}
