import { actsFor, isCoordinator, listMembers, listOrganizations, requireContributor, requireCoordinator, requireMember, type Actor, type Organization } from '../../network';
import { recordAudit } from '../../../platform/audit/audit-store';
import type { Queryable } from '../../../platform/database/transaction';
import { markEntityChanged } from '../../../platform/outbox/published-messages-store';
import { calendarDateIn } from '../../../platform/time';
import { attendingUserIds } from '../domain/attendance';
import { notFound, refusal, requireMinutesAllowed } from '../domain/meeting-rules';
import { validateMinutesInput, type MinutesField, type MinutesInput, type MinutesInputRaw } from '../domain/minutes-input';
import { actionAssignedKey, actionDueKey, minutesKey } from '../domain/post-keys';
import { carriedActionText, validateAgendaText } from '../domain/meeting-input';
import { validateActionText } from '../domain/minutes-input';
import { AppError } from '../../../platform/errors';
import { requestPost, requestPostUpdate } from '../../../platform/outbox/outbox';
import type { ActionsFilter } from '../domain/tavolo-command';
import type { ActionItem, MeetingDetails } from '../domain/types';
import * as repo from '../store/table-store';
import { loadDetails, requireDetails, requireMeeting, type SaveResult, type TableDeps } from './context';
import { replaceCalendarFiles } from './calendar-files';
import type { MinutesCanvas } from './minutes-canvas';
import { ACTION_ASSIGNED, MEETING_ENTITY, requestMinutesPost } from './posts';

/** How many action items `/tavolo azioni aperte|tutte` shows; the rest are counted. */
export const ACTION_LIST_LIMIT = 40;

export interface MinutesForm {
  details: MeetingDetails;
  organizations: Organization[];
  /** Who confirmed (or, when correcting, who the minutes list): the attendees the form starts with. */
  preset: string[];
  /** The organizations present the form starts with. */
  presetOrganizationIds: number[];
  /** The minutes are recorded already: the form corrects them (the action items are not in it). */
  correcting: boolean;
}

export interface ActionItemList {
  /** At most ACTION_LIST_LIMIT of them. */
  items: ActionItem[];
  /** How many match in all. */
  total: number;
  /** The items the reader may mark as done (their own, their organization's, or any for a coordinator; never an observer). */
  completableIds: number[];
  /** Today in the app's zone: what is overdue. */
  today: string;
}

/**
 * The minutes of a meeting that took place (attendees, summary, decisions, action items), posted
 * in the notice's thread, and the action items decided at the table.
 */
export class MinutesUseCases {
  private canvas?: Pick<MinutesCanvas, 'write'>;

  constructor(private readonly deps: TableDeps) {}

  /** Where recorded (and corrected) minutes are also written: the table channel's canvas. */
  useCanvas(canvas: Pick<MinutesCanvas, 'write'>): void {
    this.canvas = canvas;
  }

  /**
   * Writes the meeting's channel canvas (after the minutes are committed, before their thread post
   * goes out, so the post can link to it). A failure is logged: the thread still has the minutes.
   */
  async writeCanvas(actor: Actor, meetingId: number): Promise<void> {
    try {
      await this.canvas?.write(actor, meetingId);
    } catch (error) {
      this.deps.logger.warn({ err: error, meetingId }, 'could not write the minutes canvas');
    }
  }

  async minutesForm(actor: Actor, meetingId: number): Promise<MinutesForm> {
    requireCoordinator(actor);
    const q = this.deps.db.q;
    const details = await requireDetails(q, meetingId);
    const correcting = details.meeting.status === 'held';
    if (!correcting) requireMinutesAllowed(details.meeting, this.deps.clock.now());
    const organizations = await listOrganizations(q, { activeOnly: true });
    if (correcting) return { details, organizations, preset: details.attendees, presetOrganizationIds: details.attendingOrganizations.map((o) => o.id), correcting };
    const preset = attendingUserIds(details.rsvps);
    const members = await listMembers(q);
    const presetOrganizationIds = [...new Set(preset.flatMap((u) => members.filter((m) => m.userId === u).map((m) => m.organizationId)))];
    return { details, organizations, preset, presetOrganizationIds, correcting };
  }

  async recordMinutes(actor: Actor, meetingId: number, raw: MinutesInputRaw): Promise<SaveResult<MinutesField>> {
    requireCoordinator(actor);
    const { db, clock, config } = this.deps;
    const organizations = await listOrganizations(db.q);
    const now = clock.now();
    const members = await listMembers(db.q);
    const organizationOf = (userId: string) => members.find((m) => m.userId === userId)?.organizationId;
    const correcting = (await requireMeeting(db.q, meetingId)).status === 'held';
    const validated = validateMinutesInput(raw, { now, timezone: config.timezone, organizationIds: organizations.map((o) => o.id), organizationOf, correcting });
    if (!validated.ok) return validated;
    const input = validated.value;
    if (correcting) return this.correctMinutes(actor, meetingId, input, organizationOf);
    const meeting = await db.transaction([], async (trx) => {
      const current = await requireMeeting(trx, meetingId, { forUpdate: true });
      requireMinutesAllowed(current, now);
      const held = await repo.recordMeetingHeld(trx, meetingId, { summary: input.summary, decisions: input.decisions, now });
      await repo.replaceAttendees(
        trx,
        meetingId,
        input.attendees.map((userId) => ({ userId, organizationId: organizationOf(userId) ?? null })),
      );
      await repo.replaceOrganizationAttendance(trx, meetingId, presentOrganizations(input, organizationOf));
      const inserted = await repo.insertActionItems(trx, meetingId, input.actions, actor.userId, now);
      // Each named owner is told by DM (a kind they can turn off).
      for (const item of inserted) {
        if (item.ownerUserId) await requestPost(trx, { kind: ACTION_ASSIGNED, to: { user: item.ownerUserId }, key: actionAssignedKey(item.id, item.ownerUserId), params: { actionItemId: item.id } }, now);
      }
      await recordAudit(trx, {
        actorUserId: actor.userId,
        action: 'meeting.minutes',
        entity: 'meeting',
        entityId: meetingId,
        before: { status: current.status },
        after: { status: held.status, attendees: input.attendees.length, actionItems: input.actions.length },
      });
      await markEntityChanged(trx, MEETING_ENTITY, meetingId);
      await requestMinutesPost(trx, meetingId, config.defaultLocale, now);
      return held;
    });
    await this.writeCanvas(actor, meetingId);
    this.deps.publisher.kick();
    this.deps.outbox.kick();
    this.deps.homeTabs.refresh(await this.actionOwnerIds(meetingId));
    return { ok: true, meeting };
  }

  /**
   * Minutes corrected by a coordinator after they were recorded: summary, decisions, who and which
   * organizations were present. The notice and the minutes in its thread are updated in place; the
   * audit row says which fields changed, by whom, and keeps none of the text.
   */
  private async correctMinutes(actor: Actor, meetingId: number, input: MinutesInput, organizationOf: (userId: string) => number | undefined): Promise<SaveResult<MinutesField>> {
    const { db, clock } = this.deps;
    const now = clock.now();
    const meeting = await db.transaction([], async (trx) => {
      const current = await requireMeeting(trx, meetingId, { forUpdate: true });
      if (current.status !== 'held') throw refusal('conflict', (m) => m.errors.cancelled({ id: meetingId }));
      const beforeAttendees = await repo.listAttendees(trx, meetingId);
      const beforeOrganizations = await repo.listAttendingOrganizationIds(trx, meetingId);
      const corrected = await repo.correctMinutes(trx, meetingId, { summary: input.summary, decisions: input.decisions, now });
      await repo.replaceAttendees(trx, meetingId, input.attendees.map((userId) => ({ userId, organizationId: organizationOf(userId) ?? null })));
      const organizations = presentOrganizations(input, organizationOf);
      await repo.replaceOrganizationAttendance(trx, meetingId, organizations);
      const changed = [
        ...(current.summary !== corrected.summary ? ['summary'] : []),
        ...(current.decisions !== corrected.decisions ? ['decisions'] : []),
        ...(sameSet(beforeAttendees, input.attendees) ? [] : ['attendees']),
        ...(sameSet(beforeOrganizations, organizations) ? [] : ['organizations']),
      ];
      // Which fields changed and where they show, never the text removed (it may be what had to go).
      await recordAudit(trx, { actorUserId: actor.userId, action: 'meeting.minutes.correct', entity: 'meeting', entityId: meetingId, after: { fields: changed, shownIn: ['notice', 'minutes_thread'] } });
      await markEntityChanged(trx, MEETING_ENTITY, meetingId);
      await requestPostUpdate(trx, minutesKey(meetingId), now);
      return corrected;
    });
    // The corrected minutes reach the channel canvas too.
    await this.writeCanvas(actor, meetingId);
    this.deps.publisher.kick();
    this.deps.outbox.kick();
    return { ok: true, meeting };
  }

  /** The minutes as they go out in the notice's thread; undefined unless the meeting was held. */
  async postedMinutes(q: Queryable, params: { meetingId: number }): Promise<MeetingDetails | undefined> {
    const details = await loadDetails(q, params.meetingId);
    return details?.meeting.status === 'held' ? details : undefined;
  }

  /**
   * Corrects or redacts the text of an agenda item (its proposer or a coordinator) or of an action
   * item (who recorded it or a coordinator). The stored text changes (an action's copy on a later
   * agenda too); the notice, the minutes in its thread, the owner's DMs, the channel canvas and the
   * App Homes are updated in place; every calendar file already sent that showed the text is deleted
   * from Slack and a corrected one sent in its place. The audit row records that a correction
   * happened, by whom and where, never the text.
   */
  async correctText(actor: Actor, target: 'agenda' | 'action', id: number, raw: string): Promise<{ meetingId: number }> {
    requireContributor(actor);
    const text = raw.replace(/\s+/g, ' ').trim();
    const error = target === 'agenda' ? validateAgendaText(text) : validateActionText(text);
    if (error) throw new AppError('invalid_input', { reason: error });
    const { db, clock } = this.deps;
    const now = clock.now();
    const meetingId = await db.transaction([], async (trx) => {
      let meetingId: number;
      const shownIn: string[] = ['notice'];
      /** Meetings whose agenda shows the text: their notice and calendar files change. */
      const agendaMeetings = new Set<number>();
      if (target === 'agenda') {
        const item = await repo.findAgendaItem(trx, id);
        if (!item) throw notFound((m) => m.what.agenda_item({ id }));
        if (item.proposedBy !== actor.userId && !isCoordinator(actor)) throw refusal('forbidden', (m) => m.correct.not_author);
        await repo.updateAgendaItemText(trx, id, text);
        meetingId = item.meetingId;
        agendaMeetings.add(meetingId);
      } else {
        const item = await repo.findActionItem(trx, id);
        if (!item) throw notFound((m) => m.what.action_item({ id }));
        if (item.createdBy !== actor.userId && !isCoordinator(actor)) throw refusal('forbidden', (m) => m.correct.not_author);
        await repo.updateActionItemText(trx, id, text);
        meetingId = item.meetingId;
        if (await requestPostUpdate(trx, minutesKey(item.meetingId), now)) shownIn.push('minutes_thread');
        if (item.ownerUserId) {
          if (await requestPostUpdate(trx, actionAssignedKey(item.id, item.ownerUserId), now)) shownIn.push('owner_dm');
          if (await requestPostUpdate(trx, actionDueKey(item.id, item.ownerUserId, item.dueDate), now)) shownIn.push('owner_dm');
        }
        // An open action carried onto a later meeting's agenda is shown there too.
        for (const copy of await repo.listAgendaItemsFromAction(trx, id)) {
          await repo.updateAgendaItemText(trx, copy.id, carriedActionText({ ...item, text }));
          agendaMeetings.add(copy.meetingId);
          shownIn.push('later_agenda');
        }
      }
      for (const agendaMeeting of agendaMeetings) {
        shownIn.push('calendar_file');
        if ((await replaceCalendarFiles(trx, agendaMeeting, now)) > 0) shownIn.push('calendar_files_sent');
        if (agendaMeeting !== meetingId) await markEntityChanged(trx, MEETING_ENTITY, agendaMeeting);
      }
      await recordAudit(trx, {
        actorUserId: actor.userId,
        action: 'table.text.correct',
        entity: target === 'agenda' ? 'agenda_item' : 'action_item',
        entityId: id,
        after: { meetingId, shownIn: [...new Set(shownIn)] },
      });
      await markEntityChanged(trx, MEETING_ENTITY, meetingId);
      return meetingId;
    });
    if (target === 'action') {
      // The channel canvas and the owners' App Homes list the action items.
      await this.writeCanvas(actor, meetingId);
      this.deps.homeTabs.refresh(await this.actionOwnerIds(meetingId));
    }
    this.deps.publisher.kick();
    this.deps.outbox.kick();
    return { meetingId };
  }

  /** An action item as its owner's DM shows it: while it is open and still theirs (and, for the due DM, still due that day). */
  async ownerNotice(q: Queryable, params: { actionItemId: number; dueDate?: string }, userId: string | undefined): Promise<ActionItem | undefined> {
    const item = await repo.findActionItem(q, params.actionItemId);
    if (!item || item.status !== 'open' || !userId || item.ownerUserId !== userId) return undefined;
    if (params.dueDate !== undefined && item.dueDate !== params.dueDate) return undefined;
    return item;
  }

  /** The action items to list, at most ACTION_LIST_LIMIT of them, and how many there are in all. */
  async actionItems(actor: Actor, filter: ActionsFilter): Promise<ActionItemList> {
    requireMember(actor);
    const q = this.deps.db.q;
    const today = calendarDateIn(this.deps.clock.now(), this.deps.config.timezone);
    const list = (items: ActionItem[], total: number): ActionItemList => ({ items, total, completableIds: items.filter((i) => canComplete(actor, i)).map((i) => i.id), today });
    if (filter === 'mine') {
      const items = await repo.listActionItems(q, { status: 'open', ownedBy: { userId: actor.userId, organizationId: actor.member?.organizationId ?? null } });
      return list(items, items.length);
    }
    const status = filter === 'open' ? 'open' : undefined;
    const items = await repo.listActionItems(q, { status, limit: ACTION_LIST_LIMIT + 1 });
    if (items.length <= ACTION_LIST_LIMIT) return list(items, items.length);
    return list(items.slice(0, ACTION_LIST_LIMIT), await repo.countActionItems(q, { status }));
  }

  async completeAction(actor: Actor, actionId: number): Promise<ActionItem> {
    requireContributor(actor);
    const now = this.deps.clock.now();
    const item = await this.deps.db.transaction([], async (trx) => {
      const found = await repo.findActionItem(trx, actionId);
      if (!found) throw notFound((m) => m.what.action_item({ id: actionId }));
      if (found.ownerUserId !== actor.userId && !actsFor(actor, found.ownerOrganizationId)) throw refusal('forbidden', (m) => m.actions.not_owner);
      if (found.status === 'done') return found;
      await repo.markActionDone(trx, actionId, { userId: actor.userId, now });
      await recordAudit(trx, { actorUserId: actor.userId, action: 'action_item.done', entity: 'action_item', entityId: actionId, before: { status: 'open' }, after: { status: 'done' } });
      return { ...found, status: 'done' as const };
    });
    this.deps.homeTabs.refresh([...new Set([actor.userId, ...(item.ownerUserId ? [item.ownerUserId] : [])])]);
    return item;
  }

  /** Who sees a meeting's open action items on their App Home: the named owners and the members of the owner organizations. */
  private async actionOwnerIds(meetingId: number): Promise<string[]> {
    const q = this.deps.db.q;
    const items = await repo.listActionItems(q, { meetingId, status: 'open' });
    if (items.length === 0) return [];
    const members = await listMembers(q, { organizationIds: [...new Set(items.map((a) => a.ownerOrganizationId))] });
    return [...new Set([...items.flatMap((a) => (a.ownerUserId ? [a.ownerUserId] : [])), ...members.map((m) => m.userId)])];
  }
}

/** Whether the reader may mark an item done (the use case checks again when the button is pressed). */
function canComplete(actor: Actor, item: Pick<ActionItem, 'ownerUserId' | 'ownerOrganizationId'>): boolean {
  return actor.role !== 'observer' && (item.ownerUserId === actor.userId || actsFor(actor, item.ownerOrganizationId));
}

/** The organizations present: those chosen, and those of the people present. */
function presentOrganizations(input: Pick<MinutesInput, 'attendees' | 'organizationIds'>, organizationOf: (userId: string) => number | undefined): number[] {
  return [...new Set([...input.organizationIds, ...input.attendees.flatMap((u) => organizationOf(u) ?? [])])];
}

function sameSet<T>(a: readonly T[], b: readonly T[]): boolean {
  const sa = new Set(a);
  const sb = new Set(b);
  return sa.size === sb.size && [...sa].every((x) => sb.has(x));
}
