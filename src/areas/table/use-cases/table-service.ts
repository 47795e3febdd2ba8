import type { AppConfig } from '../../../platform/config';
import type { Knex } from '../../../platform/database/transaction';
import { actsFor, requireContributor, requireCoordinator, requireMember } from '../../network';
import type { Actor, Organization } from '../../network';
import { attendingUserIds } from '../domain/attendance';
import { buildMeetingIcs, icsFilename } from '../domain/ics';
import { validateAgendaText, validateMeetingInput, type MeetingField, type MeetingInputRaw } from '../domain/meeting-input';
import { validateMinutesInput, type MinutesField, type MinutesInputRaw } from '../domain/minutes-input';
import { dueReminders, type ReminderKind } from '../domain/reminders';
import type { ActionsFilter } from '../domain/tavolo-command';
import type { ActionItem, Meeting, MeetingDetails, RsvpResponse } from '../domain/types';
import type { FieldErrors } from '../../../platform/input/validation';
import { translator } from '../../../platform/i18n';
import { AppError } from '../../../platform/errors';
import type { Logger } from '../../../platform/logger';
import { recordAudit } from '../../../platform/audit/audit-store';
import { listJobRuns } from '../../../platform/jobs/job-runs-store';
import { findMemberByUserId, listMembers } from '../../network';
import { listOrganizations } from '../../network';
import { findMessagesOf, markEntityChanged, requestMessage } from '../../../platform/outbox/published-messages-store';
import * as repo from '../store/table-store';
import { withTransaction, type Queryable } from '../../../platform/database/transaction';
import {
  meetingChangeMessage,
  meetingReminderMessage,
  minutesMessage,
  noticeMessage,
} from '../slack/views';
import type { ActorService } from '../../network';
import type { DirectMessages } from '../../../platform/slack/direct-messages';
import { runExactlyOnce } from '../../../platform/jobs/exactly-once';
import { earlierAttemptSince, postOnce } from '../../../platform/outbox/findable-posts';
import type { MessagePublisher } from '../../../platform/outbox/publisher';
import type { SlackClient } from '../../../platform/slack/types';

export const MEETING_ENTITY = 'meeting';
const CHANGE_NOTICE_JOB = 'table-change-notice';

export type SaveResult<F extends string> = { ok: true; meeting: Meeting } | { ok: false; errors: FieldErrors<F> };

export interface ConveneModel {
  organizations: Organization[];
  /** Open action items of the last meeting held, offered as agenda items. */
  openActions: ActionItem[];
}

export interface TableServiceDeps {
  db: Knex;
  client: SlackClient;
  config: Pick<AppConfig, 'timezone' | 'defaultLocale'>;
  logger: Logger;
  publisher: MessagePublisher;
  directMessages: DirectMessages;
  actors: ActorService;
  clock?: () => Date;
}

/** How many action items `/tavolo azioni aperte|tutte` shows; the rest are counted. */
export const ACTION_LIST_LIMIT = 40;

/** How far ahead the reminder job looks: the day-before reminder is at most ~39 hours ahead. */
const REMINDER_HORIZON_MS = 48 * 3600_000;

/** Use cases of the inter-institutional table (issue 4): meetings, agenda, RSVPs, minutes, action items. */
export class TableService {
  private readonly now: () => Date;

  constructor(private readonly deps: TableServiceDeps) {
    this.now = deps.clock ?? (() => new Date());
    deps.publisher.register(MEETING_ENTITY, async (id, locale, q) => {
      const details = await this.loadDetails(q, id);
      return details ? noticeMessage(details, translator(locale), deps.config.timezone) : undefined;
    });
  }

  get timezone(): string {
    return this.deps.config.timezone;
  }

  // ---- convening, rescheduling, cancelling -------------------------------------------------

  async conveneModel(actor: Actor): Promise<ConveneModel> {
    requireCoordinator(actor);
    const organizations = await listOrganizations(this.deps.db, { activeOnly: true });
    const last = await repo.findLastHeldMeeting(this.deps.db);
    const openActions = last ? await repo.listActionItems(this.deps.db, { meetingId: last.id, status: 'open' }) : [];
    return { organizations, openActions };
  }

  async convene(actor: Actor, raw: MeetingInputRaw, carriedActionIds: readonly string[]): Promise<SaveResult<MeetingField>> {
    requireCoordinator(actor);
    const db = this.deps.db;
    const organizations = await listOrganizations(db, { activeOnly: true });
    const validated = validateMeetingInput(raw, {
      now: this.now(),
      timezone: this.timezone,
      invitableOrganizationIds: organizations.map((o) => o.id),
      convening: true,
    });
    if (!validated.ok) return validated;
    const input = validated.value;
    const carried = await this.carriedActions(carriedActionIds);
    const meeting = await withTransaction(db, async (trx) => {
      const created = await repo.insertMeeting(trx, { ...input, createdBy: actor.userId });
      await repo.setInvitations(trx, created.id, input.organizationIds);
      await repo.appendAgendaItems(trx, created.id, [
        ...input.agenda.map((text) => ({ text, proposedBy: actor.userId })),
        ...carried.map((a) => ({ text: `${a.text} (${a.ownerOrganizationShortName})`, proposedBy: actor.userId, sourceActionItemId: a.id })),
      ]);
      await recordAudit(trx, {
        actorUserId: actor.userId,
        action: 'meeting.convene',
        entity: 'meeting',
        entityId: created.id,
        after: auditMeeting(created, input.organizationIds),
      });
      await requestMessage(trx, { entityType: MEETING_ENTITY, entityId: created.id, channelId: input.channelId, locale: this.deps.config.defaultLocale, requestedBy: actor.userId });
      return created;
    });
    this.deps.publisher.kick();
    return { ok: true, meeting };
  }

  /** Open action items of the last meeting that the coordinator ticked: re-read, never trusted. */
  private async carriedActions(ids: readonly string[]): Promise<ActionItem[]> {
    const wanted = ids.map(Number).filter((n) => Number.isSafeInteger(n) && n > 0);
    if (wanted.length === 0) return [];
    const last = await repo.findLastHeldMeeting(this.deps.db);
    if (!last) return [];
    return repo.listActionItems(this.deps.db, { meetingId: last.id, status: 'open', ids: wanted });
  }

  async editModel(actor: Actor, meetingId: number): Promise<{ details: MeetingDetails; organizations: Organization[] }> {
    requireCoordinator(actor);
    const details = await this.requireDetails(meetingId);
    requireScheduled(details.meeting);
    const organizations = await listOrganizations(this.deps.db, { activeOnly: true });
    return { details, organizations };
  }

  async reschedule(actor: Actor, meetingId: number, raw: MeetingInputRaw): Promise<SaveResult<MeetingField>> {
    requireCoordinator(actor);
    const db = this.deps.db;
    const organizations = await listOrganizations(db, { activeOnly: true });
    const current = await this.requireMeeting(db, meetingId);
    // An organization already invited stays choosable even if it was deactivated since.
    const invited = (await repo.listInvitedOrganizations(db, meetingId)).map((o) => o.id);
    const validated = validateMeetingInput(raw, {
      now: this.now(),
      timezone: this.timezone,
      invitableOrganizationIds: [...new Set([...organizations.map((o) => o.id), ...invited])],
      convening: false,
    });
    if (!validated.ok) return validated;
    requireScheduled(current);
    const input = validated.value;
    const meeting = await withTransaction(db, async (trx) => {
      const before = await this.requireMeeting(trx, meetingId, true);
      requireScheduled(before);
      const updated = await repo.rescheduleMeeting(trx, meetingId, input);
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
      return updated;
    });
    this.deps.publisher.kick();
    return { ok: true, meeting };
  }

  async cancel(actor: Actor, meetingId: number): Promise<Meeting> {
    requireCoordinator(actor);
    const meeting = await withTransaction(this.deps.db, async (trx) => {
      const before = await this.requireMeeting(trx, meetingId, true);
      requireScheduled(before);
      const cancelled = await repo.cancelMeeting(trx, meetingId, this.now());
      await recordAudit(trx, {
        actorUserId: actor.userId,
        action: 'meeting.cancel',
        entity: 'meeting',
        entityId: meetingId,
        before: { status: before.status, sequence: before.sequence },
        after: { status: cancelled.status, sequence: cancelled.sequence },
      });
      await markEntityChanged(trx, MEETING_ENTITY, meetingId);
      return cancelled;
    });
    this.deps.publisher.kick();
    await this.notifyChange(meeting, 'cancelled');
    return meeting;
  }

  /** DMs every invited member who answered; once per person and version of the meeting. */
  async notifyChange(meeting: Meeting, kind: 'rescheduled' | 'cancelled'): Promise<number> {
    const rsvps = await repo.listRsvps(this.deps.db, meeting.id);
    const people = [...new Set(rsvps.flatMap((r) => [r.userId, ...(r.delegateUserId ? [r.delegateUserId] : [])]))];
    let sent = 0;
    for (const userId of people) {
      if (await this.sendChangeNotice(meeting, kind, userId, this.now())) sent++;
    }
    return sent;
  }

  private async sendChangeNotice(meeting: Meeting, kind: 'rescheduled' | 'cancelled', userId: string, now: Date): Promise<boolean> {
    const outcome = await runExactlyOnce({ db: this.deps.db, logger: this.deps.logger }, { job: CHANGE_NOTICE_JOB, period: `meeting:${meeting.id}:v${meeting.sequence}:${userId}`, now }, async (run) => {
      const t = translator(await this.deps.actors.localeOf(userId));
      await this.deps.directMessages.sendOnce(userId, meetingChangeMessage(kind, meeting, t, this.timezone), run);
    });
    return outcome.ran;
  }

  /** Change DMs that Slack refused are sent again, while they still describe the meeting as it is. */
  private async retryChangeNotices(now: Date): Promise<number> {
    let sent = 0;
    for (const run of await listJobRuns(this.deps.db, CHANGE_NOTICE_JOB)) {
      const m = /^meeting:(\d+):v(\d+):(.+)$/.exec(run.period);
      if (run.status !== 'failed' || !m) continue;
      const meeting = await repo.findMeeting(this.deps.db, Number(m[1]));
      if (!meeting || meeting.sequence !== Number(m[2]) || meeting.status === 'held') continue;
      if (await this.sendChangeNotice(meeting, meeting.status === 'cancelled' ? 'cancelled' : 'rescheduled', m[3]!, now)) sent++;
    }
    return sent;
  }

  // ---- answers --------------------------------------------------------------------------

  async rsvp(actor: Actor, meetingId: number, response: Exclude<RsvpResponse, 'delegate'>): Promise<Meeting> {
    return this.answer(actor, meetingId, response, null);
  }

  async setDelegate(actor: Actor, meetingId: number, delegateUserId: string | undefined): Promise<Meeting> {
    requireMember(actor);
    if (!delegateUserId) throw new AppError('invalid_input', { reasonKey: 'table.delegate.missing' });
    if (delegateUserId === actor.userId) return this.answer(actor, meetingId, 'yes', null);
    const delegate = await findMemberByUserId(this.deps.db, delegateUserId);
    if (!delegate || delegate.organizationId !== actor.member?.organizationId) {
      throw new AppError('invalid_input', { reasonKey: 'table.delegate.other_organization', userId: delegateUserId });
    }
    return this.answer(actor, meetingId, 'delegate', delegateUserId);
  }

  private async answer(actor: Actor, meetingId: number, response: RsvpResponse, delegateUserId: string | null): Promise<Meeting> {
    requireMember(actor);
    const organizationId = actor.member?.organizationId;
    if (organizationId === undefined) throw new AppError('forbidden', { reasonKey: 'table.rsvp.no_organization' });
    const now = this.now();
    const meeting = await withTransaction(this.deps.db, async (trx) => {
      const current = await this.requireMeeting(trx, meetingId);
      requireScheduled(current);
      if (current.endsAt.getTime() <= now.getTime()) throw new AppError('conflict', { reasonKey: 'table.errors.meeting_over' });
      const invited = await repo.listInvitedOrganizations(trx, meetingId);
      if (!invited.some((o) => o.id === organizationId)) throw new AppError('forbidden', { reasonKey: 'table.rsvp.not_invited' });
      const before = await repo.findRsvp(trx, meetingId, actor.userId);
      await repo.upsertRsvp(trx, { meetingId, userId: actor.userId, organizationId, response, delegateUserId, now });
      await recordAudit(trx, {
        actorUserId: actor.userId,
        action: 'meeting.rsvp',
        entity: 'meeting',
        entityId: meetingId,
        before: before ? { response: before.response, delegateUserId: before.delegateUserId } : undefined,
        after: { userId: actor.userId, organizationId, response, delegateUserId },
      });
      await markEntityChanged(trx, MEETING_ENTITY, meetingId);
      return current;
    });
    this.deps.publisher.kick();
    return meeting;
  }

  // ---- agenda ---------------------------------------------------------------------------

  async proposeAgendaItem(actor: Actor, meetingId: number, text: string): Promise<Meeting> {
    requireContributor(actor);
    const clean = text.replace(/\s+/g, ' ').trim();
    const error = validateAgendaText(clean);
    if (error) throw new AppError('invalid_input', typeof error === 'function' ? { reason: error } : { reasonKey: error.key, ...error.values });
    const meeting = await withTransaction(this.deps.db, async (trx) => {
      const current = await this.requireMeeting(trx, meetingId, true);
      requireScheduled(current);
      if (current.startsAt.getTime() <= this.now().getTime()) throw new AppError('conflict', { reasonKey: 'table.errors.meeting_started' });
      const [item] = await repo.appendAgendaItems(trx, meetingId, [{ text: clean, proposedBy: actor.userId }]);
      await recordAudit(trx, { actorUserId: actor.userId, action: 'meeting.agenda.propose', entity: 'meeting', entityId: meetingId, after: { agendaItemId: item?.id } });
      await markEntityChanged(trx, MEETING_ENTITY, meetingId);
      return current;
    });
    this.deps.publisher.kick();
    return meeting;
  }

  async moveAgendaItem(actor: Actor, itemId: number, operation: 'up' | 'down' | 'drop'): Promise<Meeting> {
    requireCoordinator(actor);
    const meeting = await withTransaction(this.deps.db, async (trx) => {
      const item = await repo.findAgendaItem(trx, itemId);
      if (!item) throw new AppError('not_found', { whatKey: 'table.what.agenda_item', id: itemId });
      const current = await this.requireMeeting(trx, item.meetingId, true);
      requireScheduled(current);
      const agenda = await repo.listAgenda(trx, item.meetingId);
      const ids = agenda.map((a) => a.id);
      const index = ids.indexOf(itemId);
      if (operation === 'drop') {
        await repo.deleteAgendaItem(trx, itemId);
        ids.splice(index, 1);
      } else {
        const target = operation === 'up' ? index - 1 : index + 1;
        if (target >= 0 && target < ids.length) [ids[index], ids[target]] = [ids[target]!, ids[index]!];
      }
      await repo.renumberAgenda(trx, ids);
      await recordAudit(trx, {
        actorUserId: actor.userId,
        action: `meeting.agenda.${operation}`,
        entity: 'meeting',
        entityId: item.meetingId,
        before: { agendaItemId: itemId, position: index + 1 },
      });
      await markEntityChanged(trx, MEETING_ENTITY, item.meetingId);
      return current;
    });
    this.deps.publisher.kick();
    return meeting;
  }

  // ---- reading --------------------------------------------------------------------------

  async details(actor: Actor, meetingId: number): Promise<MeetingDetails> {
    requireMember(actor);
    return this.requireDetails(meetingId);
  }

  async upcoming(actor: Actor): Promise<MeetingDetails[]> {
    requireMember(actor);
    const meetings = await repo.listUpcomingMeetings(this.deps.db, this.now(), 10);
    const out: MeetingDetails[] = [];
    for (const m of meetings) {
      const details = await this.loadDetails(this.deps.db, m.id);
      if (details) out.push(details);
    }
    return out;
  }

  /** Sends the meeting's calendar file to the person's DM. */
  async sendCalendar(actor: Actor, meetingId: number): Promise<void> {
    requireMember(actor);
    const details = await this.requireDetails(meetingId);
    const t = translator(actor.locale);
    const ics = buildMeetingIcs({ meeting: details.meeting, agenda: details.agenda, timezone: this.timezone, now: this.now() });
    await this.deps.directMessages.sendFile(actor.userId, {
      filename: icsFilename(meetingId),
      title: t('table.ics.title', { id: meetingId }),
      content: ics,
      comment: t(details.meeting.status === 'cancelled' ? 'table.ics.comment_cancelled' : 'table.ics.comment'),
    });
  }

  // ---- minutes and action items ---------------------------------------------------------

  async minutesModel(actor: Actor, meetingId: number): Promise<{ details: MeetingDetails; organizations: Organization[]; preset: string[] }> {
    requireCoordinator(actor);
    const details = await this.requireDetails(meetingId);
    this.requireMinutesAllowed(details.meeting);
    const organizations = await listOrganizations(this.deps.db, { activeOnly: true });
    return { details, organizations, preset: attendingUserIds(details.rsvps) };
  }

  private requireMinutesAllowed(meeting: Meeting): void {
    if (meeting.status === 'held') throw new AppError('conflict', { reasonKey: 'table.minutes.already_held', id: meeting.id });
    if (meeting.status === 'cancelled') throw new AppError('conflict', { reasonKey: 'table.errors.cancelled', id: meeting.id });
    if (meeting.startsAt.getTime() > this.now().getTime()) throw new AppError('conflict', { reasonKey: 'table.minutes.not_started', id: meeting.id });
  }

  async recordMinutes(actor: Actor, meetingId: number, raw: MinutesInputRaw): Promise<SaveResult<MinutesField>> {
    requireCoordinator(actor);
    const db = this.deps.db;
    const organizations = await listOrganizations(db);
    const validated = validateMinutesInput(raw, { now: this.now(), timezone: this.timezone, organizationIds: organizations.map((o) => o.id) });
    if (!validated.ok) return validated;
    const input = validated.value;
    const members = await listMembers(db);
    const meeting = await withTransaction(db, async (trx) => {
      const current = await this.requireMeeting(trx, meetingId, true);
      this.requireMinutesAllowed(current);
      const held = await repo.recordMeetingHeld(trx, meetingId, { summary: input.summary, decisions: input.decisions, now: this.now() });
      await repo.replaceAttendees(
        trx,
        meetingId,
        input.attendees.map((userId) => ({ userId, organizationId: members.find((m) => m.userId === userId)?.organizationId ?? null })),
      );
      await repo.insertActionItems(trx, meetingId, input.actions, actor.userId);
      await recordAudit(trx, {
        actorUserId: actor.userId,
        action: 'meeting.minutes',
        entity: 'meeting',
        entityId: meetingId,
        before: { status: current.status },
        after: { status: held.status, attendees: input.attendees.length, actionItems: input.actions.length },
      });
      await markEntityChanged(trx, MEETING_ENTITY, meetingId);
      return held;
    });
    // The caller posts the minutes (postPendingMinutes) after closing the modal; the job catches up.
    this.deps.publisher.kick();
    return { ok: true, meeting };
  }

  /** Posts recorded minutes in the notice's thread; what failed or was missed is posted on the next run. */
  async postPendingMinutes(now: Date): Promise<number> {
    let posted = 0;
    for (const meeting of await repo.listMeetingsWithUnpostedMinutes(this.deps.db)) {
      const outcome = await runExactlyOnce({ db: this.deps.db, logger: this.deps.logger }, { job: 'table-minutes', period: `meeting:${meeting.id}`, now }, async (run) => {
        let notice = (await findMessagesOf(this.deps.db, MEETING_ENTITY, meeting.id))[0];
        if (notice && !notice.ts) {
          await this.deps.publisher.flush();
          notice = (await findMessagesOf(this.deps.db, MEETING_ENTITY, meeting.id))[0];
        }
        if (!notice?.ts) throw new Error('the meeting notice is not posted yet');
        const details = await this.loadDetails(this.deps.db, meeting.id);
        if (!details) return;
        const content = minutesMessage(details, translator(notice.locale), this.timezone);
        await postOnce(this.deps.client, this.deps.logger, { channel: notice.channelId, threadTs: notice.ts }, content, run.key, earlierAttemptSince(run));
        await repo.markMinutesPosted(this.deps.db, meeting.id, this.now());
      });
      if (outcome.ran) posted++;
    }
    return posted;
  }

  /** The action items to list, at most ACTION_LIST_LIMIT of them, and how many there are in all. */
  async actionItems(actor: Actor, filter: ActionsFilter): Promise<{ items: ActionItem[]; total: number }> {
    requireMember(actor);
    const db = this.deps.db;
    if (filter === 'mine') {
      const items = await repo.listActionItems(db, { status: 'open', ownedBy: { userId: actor.userId, organizationId: actor.member?.organizationId ?? null } });
      return { items, total: items.length };
    }
    const status = filter === 'open' ? 'open' : undefined;
    const items = await repo.listActionItems(db, { status, limit: ACTION_LIST_LIMIT + 1 });
    if (items.length <= ACTION_LIST_LIMIT) return { items, total: items.length };
    return { items: items.slice(0, ACTION_LIST_LIMIT), total: await repo.countActionItems(db, { status }) };
  }

  /**
   * Who should see a meeting's action items on their App Home: the named owners and the
   * members of the owner organizations.
   */
  /** The organizations invited to a meeting: whose App Home shows it as "next meeting". */
  async invitedOrganizationIds(meetingId: number): Promise<number[]> {
    return (await repo.listInvitedOrganizations(this.deps.db, meetingId)).map((o) => o.id);
  }

  async actionOwnerIds(meetingId: number): Promise<string[]> {
    const items = await repo.listActionItems(this.deps.db, { meetingId, status: 'open' });
    if (items.length === 0) return [];
    const members = await listMembers(this.deps.db, { organizationIds: [...new Set(items.map((a) => a.ownerOrganizationId))] });
    return [...new Set([...items.flatMap((a) => (a.ownerUserId ? [a.ownerUserId] : [])), ...members.map((m) => m.userId)])];
  }

  async completeAction(actor: Actor, actionId: number): Promise<ActionItem> {
    requireContributor(actor);
    return withTransaction(this.deps.db, async (trx) => {
      const item = await repo.findActionItem(trx, actionId);
      if (!item) throw new AppError('not_found', { whatKey: 'table.what.action_item', id: actionId });
      if (item.ownerUserId !== actor.userId && !actsFor(actor, item.ownerOrganizationId)) {
        throw new AppError('forbidden', { reasonKey: 'table.actions.not_owner' });
      }
      if (item.status === 'done') return item;
      await repo.markActionDone(trx, actionId, { userId: actor.userId, now: this.now() });
      await recordAudit(trx, { actorUserId: actor.userId, action: 'action_item.done', entity: 'action_item', entityId: actionId, before: { status: 'open' }, after: { status: 'done' } });
      return { ...item, status: 'done' };
    });
  }

  // ---- reminders (the job) --------------------------------------------------------------

  /**
   * Everything due at `now`: the day-before reminder to members of invited organizations that
   * have not answered, the hour-before one to those attending, minutes not yet posted and
   * change DMs that failed.
   * Each DM is claimed per (meeting version, person), so reruns and replicas send it once, and a
   * meeting that was moved (a higher SEQUENCE) is reminded of again.
   */
  async runReminders(now: Date): Promise<{ dayBefore: number; hourBefore: number; minutes: number; changeNotices: number }> {
    const report = { dayBefore: 0, hourBefore: 0, minutes: 0, changeNotices: 0 };
    const meetings = await repo.listMeetingsStartingBetween(this.deps.db, now, new Date(now.getTime() + REMINDER_HORIZON_MS));
    for (const meeting of meetings) {
      for (const kind of dueReminders(meeting.startsAt, now, this.timezone, meeting.scheduledAt)) {
        const recipients = await this.reminderRecipients(meeting, kind);
        for (const userId of recipients) {
          const outcome = await runExactlyOnce({ db: this.deps.db, logger: this.deps.logger }, { job: `table-reminder-${kind}`, period: `meeting:${meeting.id}:v${meeting.sequence}:${userId}`, now }, async (run) => {
            const t = translator(await this.deps.actors.localeOf(userId));
            await this.deps.directMessages.sendOnce(userId, meetingReminderMessage(kind, meeting, t, this.timezone), run);
          });
          if (outcome.ran) report[kind === 'day_before' ? 'dayBefore' : 'hourBefore']++;
        }
      }
    }
    report.minutes = await this.postPendingMinutes(now);
    report.changeNotices = await this.retryChangeNotices(now);
    return report;
  }

  private async reminderRecipients(meeting: Meeting, kind: ReminderKind): Promise<string[]> {
    const rsvps = await repo.listRsvps(this.deps.db, meeting.id);
    if (kind === 'hour_before') return attendingUserIds(rsvps);
    // Organizations that nobody has answered for yet: each of their members is reminded.
    const answered = new Set(rsvps.map((r) => r.organizationId));
    const silent = (await repo.listInvitedOrganizations(this.deps.db, meeting.id)).map((o) => o.id).filter((id) => !answered.has(id));
    if (silent.length === 0) return [];
    return (await listMembers(this.deps.db, { organizationIds: silent })).map((m) => m.userId);
  }

  // ---- helpers --------------------------------------------------------------------------

  private async requireMeeting(q: Queryable, id: number, forUpdate = false): Promise<Meeting> {
    const meeting = await repo.findMeeting(q, id, { forUpdate });
    if (!meeting) throw new AppError('not_found', { whatKey: 'table.what.meeting', id });
    return meeting;
  }

  private async requireDetails(id: number): Promise<MeetingDetails> {
    const details = await this.loadDetails(this.deps.db, id);
    if (!details) throw new AppError('not_found', { whatKey: 'table.what.meeting', id });
    return details;
  }

  private async loadDetails(q: Queryable, id: number): Promise<MeetingDetails | undefined> {
    const meeting = await repo.findMeeting(q, id);
    if (!meeting) return undefined;
    const [agenda, invited, rsvps, attendees, actionItems] = await Promise.all([
      repo.listAgenda(q, id),
      repo.listInvitedOrganizations(q, id),
      repo.listRsvps(q, id),
      repo.listAttendees(q, id),
      repo.listActionItems(q, { meetingId: id }),
    ]);
    return { meeting, agenda, invited, rsvps, attendees, actionItems };
  }
}

function requireScheduled(meeting: Meeting): void {
  if (meeting.status === 'cancelled') throw new AppError('conflict', { reasonKey: 'table.errors.cancelled', id: meeting.id });
  if (meeting.status === 'held') throw new AppError('conflict', { reasonKey: 'table.errors.held', id: meeting.id });
}

/** A meeting as stored in the audit log: times, ids and the channel; no free text. */
function auditMeeting(m: Meeting, organizationIds: readonly number[]) {
  return { startsAt: m.startsAt.toISOString(), endsAt: m.endsAt.toISOString(), channelId: m.channelId, sequence: m.sequence, organizationIds };
}

