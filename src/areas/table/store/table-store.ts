import type { Organization } from '../../network';
import type { NewActionItem } from '../domain/minutes-input';
import type { ActionItem, ActionStatus, AgendaItem, Meeting, MeetingStatus, Rsvp, RsvpResponse } from '../domain/types';
import { toOrganization } from '../../network';
import type { Queryable } from '../../../platform/database/transaction';
import type { Table } from '../../../platform/database/tables';

/** A row of `meetings` (migration 20261124101000_table). */
export interface MeetingRow {
  id: number;
  title: string;
  starts_at: Date;
  ends_at: Date;
  place: string | null;
  link: string | null;
  status: MeetingStatus;
  channel_id: string;
  /** Grows on every reschedule or cancellation: the calendar file's SEQUENCE. */
  sequence: number;
  created_by: string;
  summary: string | null;
  decisions: string | null;
  held_at: Date | null;
  minutes_posted_at: Date | null;
  cancelled_at: Date | null;
  created_at: Date;
  updated_at: Date;
  /** When a coordinator last sent the reminder to who has not answered (migration 20261205130500). */
  reminders_sent_at: Date | null;
  /** Corrections of a text the calendar file shows: they raise its SEQUENCE too. */
  text_corrections: number;
}
/** What an insert takes: the columns without a default, and any of the others. */
type InsertOf<Row, Required extends keyof Row> = Pick<Row, Required> & Partial<Omit<Row, Required>>;

type MeetingInsert = InsertOf<MeetingRow, 'title' | 'starts_at' | 'ends_at' | 'channel_id' | 'created_by'>;

export interface MeetingInvitationRow {
  meeting_id: number;
  organization_id: number;
}

export interface AgendaItemRow {
  id: number;
  meeting_id: number;
  position: number;
  text: string;
  proposed_by: string;
  source_action_item_id: number | null;
  created_at: Date;
}
type AgendaItemInsert = InsertOf<AgendaItemRow, 'meeting_id' | 'position' | 'text' | 'proposed_by'>;

export interface RsvpRow {
  id: number;
  meeting_id: number;
  user_id: string;
  organization_id: number;
  response: RsvpResponse;
  delegate_user_id: string | null;
  answered_at: Date;
}
type RsvpInsert = InsertOf<RsvpRow, 'meeting_id' | 'user_id' | 'organization_id' | 'response'>;

export interface MeetingAttendeeRow {
  meeting_id: number;
  user_id: string;
  organization_id: number | null;
}

/** An organization present at a held meeting (migration 20261204150000), with or without anyone on Slack. */
export interface MeetingOrganizationAttendanceRow {
  meeting_id: number;
  organization_id: number;
}

export interface ActionItemRow {
  id: number;
  meeting_id: number;
  text: string;
  owner_organization_id: number;
  owner_user_id: string | null;
  /** A calendar date, YYYY-MM-DD (both drivers return `date` as text: platform/database). */
  due_date: string;
  status: ActionStatus;
  created_by: string;
  done_at: Date | null;
  done_by: string | null;
  created_at: Date;
}
type ActionItemInsert = InsertOf<ActionItemRow, 'meeting_id' | 'text' | 'owner_organization_id' | 'due_date' | 'created_by'>;

declare module 'knex/types/tables' {
  interface Tables {
    meetings: Table<MeetingRow, MeetingInsert>;
    meeting_invitations: Table<MeetingInvitationRow, MeetingInvitationRow>;
    agenda_items: Table<AgendaItemRow, AgendaItemInsert>;
    rsvps: Table<RsvpRow, RsvpInsert>;
    meeting_attendees: Table<MeetingAttendeeRow, InsertOf<MeetingAttendeeRow, 'meeting_id' | 'user_id'>>;
    meeting_organization_attendance: Table<MeetingOrganizationAttendanceRow, MeetingOrganizationAttendanceRow>;
    action_items: Table<ActionItemRow, ActionItemInsert>;
  }
}

/** An action item with its owner organization's short name (joined). */
type ActionItemJoinRow = ActionItemRow & { org_short_name: string };
type OrganizationRow = Parameters<typeof toOrganization>[0];

function toMeeting(r: MeetingRow): Meeting {
  return {
    id: r.id,
    title: r.title,
    startsAt: r.starts_at,
    endsAt: r.ends_at,
    place: r.place,
    link: r.link,
    status: r.status,
    channelId: r.channel_id,
    sequence: r.sequence,
    createdBy: r.created_by,
    summary: r.summary,
    decisions: r.decisions,
    heldAt: r.held_at,
    minutesPostedAt: r.minutes_posted_at,
    scheduledAt: r.updated_at,
    remindersSentAt: r.reminders_sent_at,
    textCorrections: r.text_corrections,
  };
}

function toAgendaItem(r: AgendaItemRow): AgendaItem {
  return { id: r.id, meetingId: r.meeting_id, position: r.position, text: r.text, proposedBy: r.proposed_by };
}

function toRsvp(r: RsvpRow): Rsvp {
  return { meetingId: r.meeting_id, userId: r.user_id, organizationId: r.organization_id, response: r.response, delegateUserId: r.delegate_user_id };
}

function toActionItem(r: ActionItemJoinRow): ActionItem {
  return {
    id: r.id,
    meetingId: r.meeting_id,
    text: r.text,
    ownerOrganizationId: r.owner_organization_id,
    ownerOrganizationShortName: r.org_short_name,
    ownerUserId: r.owner_user_id,
    dueDate: r.due_date,
    status: r.status,
    createdBy: r.created_by,
  };
}

/** The one row an UPDATE … RETURNING of an existing id gives back. */
function one<R>(rows: R[], what: string): R {
  const [row] = rows;
  if (!row) throw new Error(`${what}: no row`);
  return row;
}

export interface NewMeeting {
  title: string;
  startsAt: Date;
  endsAt: Date;
  place: string | null;
  link: string | null;
  channelId: string;
  createdBy: string;
}

/** Times are the app clock's (`now`), never the database's: tests move the clock. */
export async function insertMeeting(q: Queryable, input: NewMeeting, now: Date): Promise<Meeting> {
  const rows = await q('meetings')
    .insert({
      title: input.title,
      starts_at: input.startsAt,
      ends_at: input.endsAt,
      place: input.place,
      link: input.link,
      channel_id: input.channelId,
      created_by: input.createdBy,
      created_at: now,
      updated_at: now,
    })
    .returning('*');
  return toMeeting(one(rows, 'insert meeting'));
}

export async function findMeeting(q: Queryable, id: number, options: { forUpdate?: boolean } = {}): Promise<Meeting | undefined> {
  const query = q('meetings').where({ id }).first();
  if (options.forUpdate) query.forUpdate();
  const row = await query;
  return row ? toMeeting(row) : undefined;
}

export async function rescheduleMeeting(
  q: Queryable,
  id: number,
  patch: { title: string; startsAt: Date; endsAt: Date; place: string | null; link: string | null },
  now: Date,
): Promise<Meeting> {
  const rows = await q('meetings')
    .where({ id })
    .update({
      title: patch.title,
      starts_at: patch.startsAt,
      ends_at: patch.endsAt,
      place: patch.place,
      link: patch.link,
      sequence: q.raw('sequence + 1'),
      updated_at: now,
    })
    .returning('*');
  return toMeeting(one(rows, 'reschedule meeting'));
}

export async function cancelMeeting(q: Queryable, id: number, now: Date): Promise<Meeting> {
  const rows = await q('meetings')
    .where({ id })
    .update({ status: 'cancelled', cancelled_at: now, sequence: q.raw('sequence + 1'), updated_at: now })
    .returning('*');
  return toMeeting(one(rows, 'cancel meeting'));
}

export async function recordMeetingHeld(q: Queryable, id: number, input: { summary: string; decisions: string | null; now: Date }): Promise<Meeting> {
  const rows = await q('meetings')
    .where({ id })
    .update({ status: 'held', summary: input.summary, decisions: input.decisions, held_at: input.now, updated_at: input.now })
    .returning('*');
  return toMeeting(one(rows, 'record meeting held'));
}

export async function markMinutesPosted(q: Queryable, id: number, postedAt: Date): Promise<void> {
  await q('meetings').where({ id }).update({ minutes_posted_at: postedAt });
}

/** Scheduled meetings that have not ended yet, soonest first. */
export async function listUpcomingMeetings(q: Queryable, now: Date, limit = 20): Promise<Meeting[]> {
  const rows = await q('meetings').where('status', 'scheduled').andWhere('ends_at', '>', now).orderBy('starts_at').limit(limit);
  return rows.map(toMeeting);
}

/** Scheduled meetings starting in (now, until]: the ones a reminder may be due for. */
export async function listMeetingsStartingBetween(q: Queryable, now: Date, until: Date): Promise<Meeting[]> {
  const rows = await q('meetings').where('status', 'scheduled').andWhere('starts_at', '>', now).andWhere('starts_at', '<=', until).orderBy('starts_at');
  return rows.map(toMeeting);
}

export async function listMeetingsWithUnpostedMinutes(q: Queryable): Promise<Meeting[]> {
  const rows = await q('meetings').where('status', 'held').whereNull('minutes_posted_at').orderBy('id');
  return rows.map(toMeeting);
}

/** The most recent meeting that was held (its minutes recorded). */
export async function findLastHeldMeeting(q: Queryable): Promise<Meeting | undefined> {
  const row = await q('meetings').where('status', 'held').orderBy('starts_at', 'desc').first();
  return row ? toMeeting(row) : undefined;
}

export async function setInvitations(q: Queryable, meetingId: number, organizationIds: readonly number[]): Promise<void> {
  await q('meeting_invitations').where({ meeting_id: meetingId }).delete();
  if (organizationIds.length) {
    await q('meeting_invitations').insert(organizationIds.map((organization_id) => ({ meeting_id: meetingId, organization_id })));
  }
}

export async function listInvitedOrganizations(q: Queryable, meetingId: number): Promise<Organization[]> {
  const rows = await q('meeting_invitations as i')
    .join('organizations as o', 'o.id', 'i.organization_id')
    .where('i.meeting_id', meetingId)
    .select<OrganizationRow[]>('o.id', 'o.name', 'o.short_name', 'o.kind', 'o.is_coordinator_body', 'o.active')
    .orderBy([{ column: 'o.is_coordinator_body', order: 'desc' }, 'o.name']);
  return rows.map(toOrganization);
}

export async function listAgenda(q: Queryable, meetingId: number): Promise<AgendaItem[]> {
  const rows = await q('agenda_items').where({ meeting_id: meetingId }).orderBy(['position', 'id']);
  return rows.map(toAgendaItem);
}

export async function appendAgendaItems(
  q: Queryable,
  meetingId: number,
  items: ReadonlyArray<{ text: string; proposedBy: string; sourceActionItemId?: number }>,
  now: Date,
): Promise<AgendaItem[]> {
  if (items.length === 0) return [];
  const max = await q('agenda_items').where({ meeting_id: meetingId }).max<{ max: number | null }>('position as max').first();
  const base = Number(max?.max ?? 0);
  const rows = await q('agenda_items')
    .insert(
      items.map((item, i) => ({
        meeting_id: meetingId,
        position: base + i + 1,
        text: item.text,
        proposed_by: item.proposedBy,
        source_action_item_id: item.sourceActionItemId ?? null,
        created_at: now,
      })),
    )
    .returning('*');
  return rows.map(toAgendaItem);
}

export async function deleteAgendaItem(q: Queryable, id: number): Promise<void> {
  await q('agenda_items').where({ id }).delete();
}

/** Writes positions 1..n in the given order. */
export async function renumberAgenda(q: Queryable, orderedIds: readonly number[]): Promise<void> {
  for (const [i, id] of orderedIds.entries()) await q('agenda_items').where({ id }).update({ position: i + 1 });
}

export async function findAgendaItem(q: Queryable, id: number): Promise<AgendaItem | undefined> {
  const row = await q('agenda_items').where({ id }).first();
  return row ? toAgendaItem(row) : undefined;
}

export async function upsertRsvp(
  q: Queryable,
  input: { meetingId: number; userId: string; organizationId: number; response: RsvpResponse; delegateUserId: string | null; now: Date },
): Promise<void> {
  await q('rsvps')
    .insert({
      meeting_id: input.meetingId,
      user_id: input.userId,
      organization_id: input.organizationId,
      response: input.response,
      delegate_user_id: input.delegateUserId,
      answered_at: input.now,
    })
    .onConflict(['meeting_id', 'user_id'])
    .merge({ organization_id: input.organizationId, response: input.response, delegate_user_id: input.delegateUserId, answered_at: input.now });
}

/** Every answer to a meeting is forgotten (its date or time changed: everyone is asked again). */
export async function deleteRsvps(q: Queryable, meetingId: number): Promise<number> {
  return Number(await q('rsvps').where({ meeting_id: meetingId }).delete());
}

export async function findRsvp(q: Queryable, meetingId: number, userId: string): Promise<Rsvp | undefined> {
  const row = await q('rsvps').where({ meeting_id: meetingId, user_id: userId }).first();
  return row ? toRsvp(row) : undefined;
}

export async function listRsvps(q: Queryable, meetingId: number): Promise<Rsvp[]> {
  const rows = await q('rsvps').where({ meeting_id: meetingId }).orderBy('id');
  return rows.map(toRsvp);
}

export async function replaceAttendees(q: Queryable, meetingId: number, attendees: ReadonlyArray<{ userId: string; organizationId: number | null }>): Promise<void> {
  await q('meeting_attendees').where({ meeting_id: meetingId }).delete();
  if (attendees.length) {
    await q('meeting_attendees').insert(attendees.map((a) => ({ meeting_id: meetingId, user_id: a.userId, organization_id: a.organizationId })));
  }
}

export async function replaceOrganizationAttendance(q: Queryable, meetingId: number, organizationIds: readonly number[]): Promise<void> {
  await q('meeting_organization_attendance').where({ meeting_id: meetingId }).delete();
  const ids = [...new Set(organizationIds)];
  if (ids.length) await q('meeting_organization_attendance').insert(ids.map((organization_id) => ({ meeting_id: meetingId, organization_id })));
}

export async function listAttendingOrganizationIds(q: Queryable, meetingId: number): Promise<number[]> {
  const rows = await q('meeting_organization_attendance').where({ meeting_id: meetingId }).select('organization_id').orderBy('organization_id');
  return rows.map((r) => r.organization_id);
}

export async function listAttendingOrganizations(q: Queryable, meetingId: number): Promise<Organization[]> {
  const rows = await q('meeting_organization_attendance as a')
    .join('organizations as o', 'o.id', 'a.organization_id')
    .where('a.meeting_id', meetingId)
    .select<OrganizationRow[]>('o.id', 'o.name', 'o.short_name', 'o.kind', 'o.is_coordinator_body', 'o.active')
    .orderBy([{ column: 'o.is_coordinator_body', order: 'desc' }, 'o.name']);
  return rows.map(toOrganization);
}

/** The minutes' text corrected (or redacted) after they were recorded. */
export async function correctMinutes(q: Queryable, id: number, input: { summary: string; decisions: string | null; now: Date }): Promise<Meeting> {
  const rows = await q('meetings').where({ id }).update({ summary: input.summary, decisions: input.decisions, updated_at: input.now }).returning('*');
  return toMeeting(one(rows, 'correct minutes'));
}

export async function listAttendees(q: Queryable, meetingId: number): Promise<string[]> {
  const rows = await q('meeting_attendees').where({ meeting_id: meetingId }).select('user_id').orderBy('user_id');
  return rows.map((r) => r.user_id);
}

function selectActionItems(q: Queryable) {
  return q('action_items as a').join('organizations as o', 'o.id', 'a.owner_organization_id').select<ActionItemJoinRow[]>('a.*', 'o.short_name as org_short_name');
}

export async function insertActionItems(q: Queryable, meetingId: number, items: readonly NewActionItem[], createdBy: string, now: Date): Promise<Array<{ id: number; ownerUserId: string | null }>> {
  if (items.length === 0) return [];
  const rows = await q('action_items').insert(
    items.map((a) => ({
      meeting_id: meetingId,
      text: a.text,
      owner_organization_id: a.ownerOrganizationId,
      owner_user_id: a.ownerUserId,
      due_date: a.dueDate,
      created_by: createdBy,
      created_at: now,
    })),
  ).returning(['id', 'owner_user_id']);
  return rows.map((r) => ({ id: r.id, ownerUserId: r.owner_user_id }));
}

/** Open action items with a named owner due on this calendar date (the two-days-before DM). */
export async function listOpenActionItemsDueOn(q: Queryable, dueDate: string): Promise<ActionItem[]> {
  const rows = await selectActionItems(q).where('a.status', 'open').whereNotNull('a.owner_user_id').andWhere('a.due_date', dueDate).orderBy('a.id');
  return rows.map(toActionItem);
}

export async function listActionItems(
  q: Queryable,
  filter: { meetingId?: number; status?: ActionStatus; ids?: readonly number[]; ownedBy?: { userId: string; organizationId: number | null }; limit?: number },
): Promise<ActionItem[]> {
  const query = selectActionItems(q).orderBy([{ column: 'a.status', order: 'desc' }, 'a.due_date', 'a.id']);
  if (filter.meetingId !== undefined) query.where('a.meeting_id', filter.meetingId);
  if (filter.status) query.where('a.status', filter.status);
  if (filter.ids) query.whereIn('a.id', [...filter.ids]);
  const owned = filter.ownedBy;
  if (owned) {
    query.where((w) => {
      w.where('a.owner_user_id', owned.userId);
      if (owned.organizationId !== null) w.orWhere('a.owner_organization_id', owned.organizationId);
    });
  }
  if (filter.limit) query.limit(filter.limit);
  return (await query).map(toActionItem);
}

export async function countActionItems(q: Queryable, filter: { status?: ActionStatus }): Promise<number> {
  const query = q('action_items').count<Array<{ n: number }>>({ n: '*' });
  if (filter.status) query.where('status', filter.status);
  const [row] = await query;
  return Number(row?.n ?? 0);
}

export async function findActionItem(q: Queryable, id: number): Promise<ActionItem | undefined> {
  const row = await selectActionItems(q).where('a.id', id).first();
  return row ? toActionItem(row) : undefined;
}

export async function markActionDone(q: Queryable, id: number, input: { userId: string; now: Date }): Promise<boolean> {
  return (await q('action_items').where({ id, status: 'open' }).update({ status: 'done', done_at: input.now, done_by: input.userId })) > 0;
}

/** The meetings held in a channel (with their minutes), oldest first: the channel canvas lists them. */
export async function listHeldMeetingIds(q: Queryable, channelId: string): Promise<number[]> {
  const rows = await q('meetings').where({ channel_id: channelId, status: 'held' }).orderBy('starts_at').orderBy('id').select<Array<{ id: number }>>('id');
  return rows.map((r) => Number(r.id));
}

/** An agenda item's text corrected or redacted. */
export async function updateAgendaItemText(q: Queryable, id: number, text: string): Promise<void> {
  await q('agenda_items').where({ id }).update({ text });
}

/**
 * Records that the reminder of a meeting goes out at `now`, unless one went out after `notBefore`
 * (the row decides: of two presses at once, one wins). True when this one may send.
 */
export async function markRemindersSent(q: Queryable, id: number, now: Date, notBefore: Date): Promise<boolean> {
  const updated = await q('meetings')
    .where({ id })
    .andWhere((w) => w.whereNull('reminders_sent_at').orWhere('reminders_sent_at', '<=', notBefore))
    .update({ reminders_sent_at: now });
  return Number(updated) > 0;
}

/** A text the calendar file shows was corrected: the file's SEQUENCE goes up with it. */
export async function countTextCorrection(q: Queryable, meetingId: number): Promise<void> {
  await q('meetings').where({ id: meetingId }).increment('text_corrections', 1);
}

/** The agenda items an action item was carried into (the next meeting's agenda lists open actions). */
export async function listAgendaItemsFromAction(q: Queryable, actionItemId: number): Promise<AgendaItem[]> {
  const rows = await q('agenda_items').where({ source_action_item_id: actionItemId }).orderBy('id');
  return rows.map(toAgendaItem);
}

/** An action item's text corrected or redacted. */
export async function updateActionItemText(q: Queryable, id: number, text: string): Promise<void> {
  await q('action_items').where({ id }).update({ text });
}
