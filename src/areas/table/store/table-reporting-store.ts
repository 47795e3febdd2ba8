import type { ActionItemSummary, DigestPeriod, MeetingSummary } from '../../digest';
import type { Queryable } from '../../../platform/database/transaction';

/**
 * Read-only figures about the inter-institutional table for the digest, the App Home and the
 * indicators. Every query is served by an index of the table migration: meetings
 * (status, starts_at), action_items (status, due_date), meeting_invitations and
 * meeting_attendees by their primary keys (meeting_id first). The `…Query` builders are
 * exported so the benchmark can EXPLAIN exactly what runs.
 */

type Row = Record<string, unknown>;

function toSummary(r: Row): MeetingSummary {
  const place = (r.place as string | null) ?? (r.link as string | null) ?? undefined;
  return { id: Number(r.id), title: r.title as string, startsAt: new Date(r.starts_at as Date), ...(place ? { place } : {}) };
}

export function nextMeetingQuery(q: Queryable, after: Date, organizationId?: number) {
  const query = q('meetings as m')
    .select('m.id', 'm.title', 'm.starts_at', 'm.place', 'm.link')
    .where('m.status', 'scheduled')
    .andWhere('m.ends_at', '>', after)
    .orderBy([{ column: 'm.starts_at' }, { column: 'm.id' }])
    .limit(1);
  if (organizationId !== undefined) {
    query.whereExists((sub) => sub.select(q.raw('1')).from('meeting_invitations as i').whereRaw('i.meeting_id = m.id').andWhere('i.organization_id', organizationId));
  }
  return query;
}

/**
 * The next scheduled meeting that has not ended at `after`; with `organizationId`, the next one
 * that organization is invited to.
 */
export async function nextMeeting(q: Queryable, after: Date, organizationId?: number): Promise<MeetingSummary | undefined> {
  const [row] = (await nextMeetingQuery(q, after, organizationId)) as Row[];
  return row ? toSummary(row) : undefined;
}

export function countHeldMeetingsQuery(q: Queryable, period: DigestPeriod) {
  return q('meetings').where('status', 'held').andWhere('starts_at', '>=', period.start).andWhere('starts_at', '<', period.end).count<{ count: number }[]>('* as count');
}

/** Meetings held (minutes recorded) that started in [start, end). */
export async function countHeldMeetings(q: Queryable, period: DigestPeriod): Promise<number> {
  const [row] = (await countHeldMeetingsQuery(q, period)) as Array<{ count: number }>;
  return Number(row?.count ?? 0);
}

export function openActionsDueQuery(q: Queryable, range: { from?: string; before: string }, limit: number) {
  const query = q('action_items as a')
    .join('organizations as o', 'o.id', 'a.owner_organization_id')
    .select('a.id', 'a.text', 'a.owner_user_id', 'a.due_date', 'o.short_name')
    .where('a.status', 'open')
    .andWhere('a.due_date', '<', range.before)
    .orderBy(['a.due_date', 'a.id'])
    .limit(limit);
  if (range.from) query.andWhere('a.due_date', '>=', range.from);
  return query;
}

/** Open action items due in [from, before) (calendar dates YYYY-MM-DD; no `from` = any earlier date), soonest first. */
export async function openActionsDue(q: Queryable, range: { from?: string; before: string }, limit = 200): Promise<ActionItemSummary[]> {
  const rows = (await openActionsDueQuery(q, range, limit)) as Row[];
  return rows.map((r) => ({
    id: Number(r.id),
    text: r.text as string,
    owner: r.short_name as string,
    ...(r.owner_user_id ? { ownerUserId: r.owner_user_id as string } : {}),
    dueDate: r.due_date as string,
  }));
}

/** Open action items whose due date is before `today`. */
export async function countOverdueActions(q: Queryable, today: string): Promise<number> {
  const [row] = (await q('action_items').where('status', 'open').andWhere('due_date', '<', today).count<{ count: number }[]>('* as count')) as Array<{ count: number }>;
  return Number(row?.count ?? 0);
}

export interface OrganizationAttendanceFigures {
  organization: string;
  /** Held meetings in the range the organization was invited to. */
  meetings: number;
  /** Of those, the ones whose minutes list at least one of its people among the attendees. */
  attended: number;
}

export function attendanceFiguresQuery(q: Queryable, period: DigestPeriod) {
  // One row per (meeting, invited organization, attendee of it): distinct meetings count.
  return q('meetings as m')
    .join('meeting_invitations as i', 'i.meeting_id', 'm.id')
    .join('organizations as o', 'o.id', 'i.organization_id')
    .leftJoin('meeting_attendees as ma', (j) => j.on('ma.meeting_id', 'm.id').andOn('ma.organization_id', 'i.organization_id'))
    .select('o.short_name')
    .countDistinct<Row[]>({ meetings: 'm.id', attended: 'ma.meeting_id' })
    .where('m.status', 'held')
    .andWhere('m.starts_at', '>=', period.start)
    .andWhere('m.starts_at', '<', period.end)
    .groupBy('o.id', 'o.short_name')
    .orderBy('o.short_name');
}

/**
 * Attendance per organization over the meetings held (minutes recorded) that started in
 * [start, end): invited vs attended according to the minutes' attendees.
 */
export async function attendanceFiguresByOrganization(q: Queryable, period: DigestPeriod): Promise<OrganizationAttendanceFigures[]> {
  const rows = (await attendanceFiguresQuery(q, period)) as Row[];
  return rows.map((r) => ({ organization: r.short_name as string, meetings: Number(r.meetings), attended: Number(r.attended ?? 0) }));
}
