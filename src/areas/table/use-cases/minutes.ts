import { actsFor, listMembers, listOrganizations, requireContributor, requireCoordinator, requireMember, type Actor, type Organization } from '../../network';
import { recordAudit } from '../../../platform/audit/audit-store';
import type { Queryable } from '../../../platform/database/transaction';
import { markEntityChanged } from '../../../platform/outbox/published-messages-store';
import { calendarDateIn } from '../../../platform/time';
import { attendingUserIds } from '../domain/attendance';
import { notFound, refusal, requireMinutesAllowed } from '../domain/meeting-rules';
import { validateMinutesInput, type MinutesField, type MinutesInputRaw } from '../domain/minutes-input';
import type { ActionsFilter } from '../domain/tavolo-command';
import type { ActionItem, MeetingDetails } from '../domain/types';
import * as repo from '../store/table-store';
import { loadDetails, requireDetails, requireMeeting, type SaveResult, type TableDeps } from './context';
import type { MinutesCanvas } from './minutes-canvas';
import { MEETING_ENTITY, requestMinutesPost } from './posts';

/** How many action items `/tavolo azioni aperte|tutte` shows; the rest are counted. */
export const ACTION_LIST_LIMIT = 40;

export interface MinutesForm {
  details: MeetingDetails;
  organizations: Organization[];
  /** Who confirmed: the attendees the form starts with. */
  preset: string[];
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
    requireMinutesAllowed(details.meeting, this.deps.clock.now());
    const organizations = await listOrganizations(q, { activeOnly: true });
    return { details, organizations, preset: attendingUserIds(details.rsvps) };
  }

  async recordMinutes(actor: Actor, meetingId: number, raw: MinutesInputRaw): Promise<SaveResult<MinutesField>> {
    requireCoordinator(actor);
    const { db, clock, config } = this.deps;
    const organizations = await listOrganizations(db.q);
    const now = clock.now();
    const validated = validateMinutesInput(raw, { now, timezone: config.timezone, organizationIds: organizations.map((o) => o.id) });
    if (!validated.ok) return validated;
    const input = validated.value;
    const members = await listMembers(db.q);
    const meeting = await db.transaction([], async (trx) => {
      const current = await requireMeeting(trx, meetingId, { forUpdate: true });
      requireMinutesAllowed(current, now);
      const held = await repo.recordMeetingHeld(trx, meetingId, { summary: input.summary, decisions: input.decisions, now });
      await repo.replaceAttendees(
        trx,
        meetingId,
        input.attendees.map((userId) => ({ userId, organizationId: members.find((m) => m.userId === userId)?.organizationId ?? null })),
      );
      await repo.insertActionItems(trx, meetingId, input.actions, actor.userId, now);
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

  /** The minutes as they go out in the notice's thread; undefined unless the meeting was held. */
  async postedMinutes(q: Queryable, params: { meetingId: number }): Promise<MeetingDetails | undefined> {
    const details = await loadDetails(q, params.meetingId);
    return details?.meeting.status === 'held' ? details : undefined;
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
