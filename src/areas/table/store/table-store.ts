import type { Organization } from '../../network';
import type { NewActionItem } from '../domain/minutes-input';
import type { ActionItem, ActionStatus, AgendaItem, Meeting, MeetingStatus, Rsvp, RsvpResponse } from '../domain/types';
import { toOrganization } from '../../network';
import type { Queryable } from '../../../platform/database/transaction';

type Row = Record<string, unknown>;

const dateOrNull = (v: unknown): Date | null => (v ? new Date(v as string | Date) : null);

function toMeeting(r: Row): Meeting {
  return {
    id: Number(r.id),
    title: r.title as string,
    startsAt: new Date(r.starts_at as Date),
    endsAt: new Date(r.ends_at as Date),
    place: (r.place as string | null) ?? null,
    link: (r.link as string | null) ?? null,
    status: r.status as MeetingStatus,
    channelId: r.channel_id as string,
    sequence: Number(r.sequence),
    createdBy: r.created_by as string,
    summary: (r.summary as string | null) ?? null,
    decisions: (r.decisions as string | null) ?? null,
    heldAt: dateOrNull(r.held_at),
    minutesPostedAt: dateOrNull(r.minutes_posted_at),
    scheduledAt: new Date(r.updated_at as Date),
  };
}

function toAgendaItem(r: Row): AgendaItem {
  return { id: Number(r.id), meetingId: Number(r.meeting_id), position: Number(r.position), text: r.text as string, proposedBy: r.proposed_by as string };
}

function toRsvp(r: Row): Rsvp {
  return {
    meetingId: Number(r.meeting_id),
    userId: r.user_id as string,
    organizationId: Number(r.organization_id),
    response: r.response as RsvpResponse,
    delegateUserId: (r.delegate_user_id as string | null) ?? null,
  };
}

function toActionItem(r: Row): ActionItem {
  return {
    id: Number(r.id),
    meetingId: Number(r.meeting_id),
    text: r.text as string,
    ownerOrganizationId: Number(r.owner_organization_id),
    ownerOrganizationShortName: r.org_short_name as string,
    ownerUserId: (r.owner_user_id as string | null) ?? null,
    dueDate: r.due_date as string,
    status: r.status as ActionStatus,
  };
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

export async function insertMeeting(q: Queryable, input: NewMeeting): Promise<Meeting> {
  const [row] = await q('meetings')
    .insert({
      title: input.title,
      starts_at: input.startsAt,
      ends_at: input.endsAt,
      place: input.place,
      link: input.link,
      channel_id: input.channelId,
      created_by: input.createdBy,
    })
    .returning('*');
  return toMeeting(row as Row);
}

export async function findMeeting(q: Queryable, id: number, options: { forUpdate?: boolean } = {}): Promise<Meeting | undefined> {
  const query = q('meetings').where({ id }).first();
  if (options.forUpdate) query.forUpdate();
  const row = (await query) as Row | undefined;
  return row ? toMeeting(row) : undefined;
}

export async function rescheduleMeeting(
  q: Queryable,
  id: number,
  patch: { title: string; startsAt: Date; endsAt: Date; place: string | null; link: string | null },
): Promise<Meeting> {
  const [row] = await q('meetings')
    .where({ id })
    .update({
      title: patch.title,
      starts_at: patch.startsAt,
      ends_at: patch.endsAt,
      place: patch.place,
      link: patch.link,
      sequence: q.raw('sequence + 1'),
      updated_at: q.fn.now(),
    })
    .returning('*');
  return toMeeting(row as Row);
}

export async function cancelMeeting(q: Queryable, id: number, now: Date): Promise<Meeting> {
  const [row] = await q('meetings')
    .where({ id })
    .update({ status: 'cancelled', cancelled_at: now, sequence: q.raw('sequence + 1'), updated_at: q.fn.now() })
    .returning('*');
  return toMeeting(row as Row);
}

export async function recordMeetingHeld(q: Queryable, id: number, input: { summary: string; decisions: string | null; now: Date }): Promise<Meeting> {
  const [row] = await q('meetings')
    .where({ id })
    .update({ status: 'held', summary: input.summary, decisions: input.decisions, held_at: input.now, updated_at: q.fn.now() })
    .returning('*');
  return toMeeting(row as Row);
}

export async function markMinutesPosted(q: Queryable, id: number, now: Date): Promise<void> {
  await q('meetings').where({ id }).update({ minutes_posted_at: now });
}

/** Scheduled meetings that have not ended yet, soonest first. */
export async function listUpcomingMeetings(q: Queryable, now: Date, limit = 20): Promise<Meeting[]> {
  const rows = (await q('meetings').where('status', 'scheduled').andWhere('ends_at', '>', now).orderBy('starts_at').limit(limit)) as Row[];
  return rows.map(toMeeting);
}

/** Scheduled meetings starting in (now, until]: the ones a reminder may be due for. */
export async function listMeetingsStartingBetween(q: Queryable, now: Date, until: Date): Promise<Meeting[]> {
  const rows = (await q('meetings').where('status', 'scheduled').andWhere('starts_at', '>', now).andWhere('starts_at', '<=', until).orderBy('starts_at')) as Row[];
  return rows.map(toMeeting);
}

export async function listMeetingsWithUnpostedMinutes(q: Queryable): Promise<Meeting[]> {
  const rows = (await q('meetings').where('status', 'held').whereNull('minutes_posted_at').orderBy('id')) as Row[];
  return rows.map(toMeeting);
}

/** The most recent meeting that was held (its minutes recorded). */
export async function findLastHeldMeeting(q: Queryable): Promise<Meeting | undefined> {
  const row = (await q('meetings').where('status', 'held').orderBy('starts_at', 'desc').first()) as Row | undefined;
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
    .select('o.id', 'o.name', 'o.short_name', 'o.kind', 'o.is_coordinator_body', 'o.active')
    .orderBy([{ column: 'o.is_coordinator_body', order: 'desc' }, 'o.name']);
  return (rows as Array<Parameters<typeof toOrganization>[0]>).map(toOrganization);
}

export async function listAgenda(q: Queryable, meetingId: number): Promise<AgendaItem[]> {
  const rows = (await q('agenda_items').where({ meeting_id: meetingId }).orderBy(['position', 'id'])) as Row[];
  return rows.map(toAgendaItem);
}

export async function appendAgendaItems(
  q: Queryable,
  meetingId: number,
  items: ReadonlyArray<{ text: string; proposedBy: string; sourceActionItemId?: number }>,
): Promise<AgendaItem[]> {
  if (items.length === 0) return [];
  const max = (await q('agenda_items').where({ meeting_id: meetingId }).max<{ max: number | null }[]>('position as max').first()) as { max: number | null } | undefined;
  const base = Number(max?.max ?? 0);
  const rows = (await q('agenda_items')
    .insert(
      items.map((item, i) => ({
        meeting_id: meetingId,
        position: base + i + 1,
        text: item.text,
        proposed_by: item.proposedBy,
        source_action_item_id: item.sourceActionItemId ?? null,
      })),
    )
    .returning('*')) as Row[];
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
  const row = (await q('agenda_items').where({ id }).first()) as Row | undefined;
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

export async function findRsvp(q: Queryable, meetingId: number, userId: string): Promise<Rsvp | undefined> {
  const row = (await q('rsvps').where({ meeting_id: meetingId, user_id: userId }).first()) as Row | undefined;
  return row ? toRsvp(row) : undefined;
}

export async function listRsvps(q: Queryable, meetingId: number): Promise<Rsvp[]> {
  const rows = (await q('rsvps').where({ meeting_id: meetingId }).orderBy('id')) as Row[];
  return rows.map(toRsvp);
}

export async function replaceAttendees(q: Queryable, meetingId: number, attendees: ReadonlyArray<{ userId: string; organizationId: number | null }>): Promise<void> {
  await q('meeting_attendees').where({ meeting_id: meetingId }).delete();
  if (attendees.length) {
    await q('meeting_attendees').insert(attendees.map((a) => ({ meeting_id: meetingId, user_id: a.userId, organization_id: a.organizationId })));
  }
}

export async function listAttendees(q: Queryable, meetingId: number): Promise<string[]> {
  const rows = (await q('meeting_attendees').where({ meeting_id: meetingId }).select('user_id').orderBy('user_id')) as Array<{ user_id: string }>;
  return rows.map((r) => r.user_id);
}

function selectActionItems(q: Queryable) {
  return q('action_items as a').join('organizations as o', 'o.id', 'a.owner_organization_id').select('a.*', 'o.short_name as org_short_name');
}

export async function insertActionItems(q: Queryable, meetingId: number, items: readonly NewActionItem[], createdBy: string): Promise<void> {
  if (items.length === 0) return;
  await q('action_items').insert(
    items.map((a) => ({
      meeting_id: meetingId,
      text: a.text,
      owner_organization_id: a.ownerOrganizationId,
      owner_user_id: a.ownerUserId,
      due_date: a.dueDate,
      created_by: createdBy,
    })),
  );
}

export async function listActionItems(
  q: Queryable,
  filter: { meetingId?: number; status?: ActionStatus; ids?: readonly number[]; ownedBy?: { userId: string; organizationId: number | null } ; limit?: number },
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
  return ((await query) as Row[]).map(toActionItem);
}

export async function countActionItems(q: Queryable, filter: { status?: ActionStatus }): Promise<number> {
  const query = q('action_items').count<{ n: string | number }[]>({ n: '*' });
  if (filter.status) query.where('status', filter.status);
  const [row] = await query;
  return Number(row?.n ?? 0);
}

export async function findActionItem(q: Queryable, id: number): Promise<ActionItem | undefined> {
  const row = (await selectActionItems(q).where('a.id', id).first()) as Row | undefined;
  return row ? toActionItem(row) : undefined;
}

export async function markActionDone(q: Queryable, id: number, input: { userId: string; now: Date }): Promise<boolean> {
  return (await q('action_items').where({ id, status: 'open' }).update({ status: 'done', done_at: input.now, done_by: input.userId })) > 0;
}
