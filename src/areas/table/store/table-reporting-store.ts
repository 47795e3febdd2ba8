import type { ActionItemSummary, MeetingSummary } from '../domain/reporting';
import type { Queryable } from '../../../platform/database/transaction';
import type { DigestPeriod } from '../../../platform/reporting';

/**
 * Read-only figures about the inter-institutional table for the digest, the App Home and the
 * indicators. Every query is served by an index of the table migration: meetings
 * (status, starts_at), action_items (status, due_date), meeting_invitations and
 * meeting_attendees by their primary keys (meeting_id first). The `…Query` builders are
 * exported so the benchmark can EXPLAIN exactly what runs.
 */

/** A count as the drivers return it (PostgreSQL's bigint comes back as a string). */
type Count = number | string;

interface MeetingSummaryRow {
  id: number;
  title: string;
  starts_at: Date;
  place: string | null;
  link: string | null;
}

function toSummary(r: MeetingSummaryRow): MeetingSummary {
  const place = r.place ?? r.link ?? undefined;
  return { id: Number(r.id), title: r.title, startsAt: new Date(r.starts_at), ...(place ? { place } : {}) };
}

export function nextMeetingQuery(q: Queryable, after: Date, organizationId?: number) {
  const query = q('meetings as m')
    .where('m.status', 'scheduled')
    .andWhere('m.ends_at', '>', after)
    .orderBy([{ column: 'm.starts_at' }, { column: 'm.id' }])
    .limit(1);
  if (organizationId !== undefined) {
    query.whereExists((sub) => sub.select(q.raw('1')).from('meeting_invitations as i').whereRaw('i.meeting_id = m.id').andWhere('i.organization_id', organizationId));
  }
  return query.select<MeetingSummaryRow[]>('m.id', 'm.title', 'm.starts_at', 'm.place', 'm.link');
}

/**
 * The next scheduled meeting that has not ended at `after`; with `organizationId`, the next one
 * that organization is invited to.
 */
export async function nextMeeting(q: Queryable, after: Date, organizationId?: number): Promise<MeetingSummary | undefined> {
  const [row] = await nextMeetingQuery(q, after, organizationId);
  return row ? toSummary(row) : undefined;
}

export function countHeldMeetingsQuery(q: Queryable, period: DigestPeriod) {
  return q('meetings')
    .where('status', 'held')
    .andWhere('starts_at', '>=', period.start)
    .andWhere('starts_at', '<', period.end)
    .select<Array<{ count: Count }>>(q.raw('count(*) as count'));
}

/** Meetings held (minutes recorded) that started in [start, end). */
export async function countHeldMeetings(q: Queryable, period: DigestPeriod): Promise<number> {
  const [row] = await countHeldMeetingsQuery(q, period);
  return Number(row?.count ?? 0);
}

export function openActionsDueQuery(q: Queryable, range: { from?: string; before: string }, limit: number) {
  const query = q('action_items as a')
    .join('organizations as o', 'o.id', 'a.owner_organization_id')
    .where('a.status', 'open')
    .andWhere('a.due_date', '<', range.before)
    .orderBy(['a.due_date', 'a.id'])
    .limit(limit);
  if (range.from) query.andWhere('a.due_date', '>=', range.from);
  return query.select<Array<{ id: number; text: string; owner_user_id: string | null; due_date: string; short_name: string }>>(
    'a.id',
    'a.text',
    'a.owner_user_id',
    'a.due_date',
    'o.short_name',
  );
}

/** Open action items due in [from, before) (calendar dates YYYY-MM-DD; no `from` = any earlier date), soonest first. */
export async function openActionsDue(q: Queryable, range: { from?: string; before: string }, limit = 200): Promise<ActionItemSummary[]> {
  const rows = await openActionsDueQuery(q, range, limit);
  return rows.map((r) => ({
    id: Number(r.id),
    text: r.text,
    owner: r.short_name,
    ...(r.owner_user_id ? { ownerUserId: r.owner_user_id } : {}),
    dueDate: r.due_date,
  }));
}

/** Open action items whose due date is before `today`. */
export async function countOverdueActions(q: Queryable, today: string): Promise<number> {
  const [row] = await q('action_items').where('status', 'open').andWhere('due_date', '<', today).select<Array<{ count: Count }>>(q.raw('count(*) as count'));
  return Number(row?.count ?? 0);
}

export interface OrganizationAttendanceFigures {
  organization: string;
  /** Held meetings in the range the organization was invited to. */
  meetings: number;
  /** Of those, the ones whose minutes record it present (with people on Slack or not). */
  attended: number;
}

export function attendanceFiguresQuery(q: Queryable, period: DigestPeriod) {
  // One row per (meeting, invited organization, its attendance): distinct meetings count.
  return q('meetings as m')
    .join('meeting_invitations as i', 'i.meeting_id', 'm.id')
    .join('organizations as o', 'o.id', 'i.organization_id')
    // Present per organization as the minutes record it: with people on Slack or not.
    .leftJoin('meeting_organization_attendance as ma', (j) => j.on('ma.meeting_id', 'm.id').andOn('ma.organization_id', 'i.organization_id'))
    .where('m.status', 'held')
    .andWhere('m.starts_at', '>=', period.start)
    .andWhere('m.starts_at', '<', period.end)
    .groupBy('o.id', 'o.short_name')
    .orderBy('o.short_name')
    .select<Array<{ short_name: string; meetings: Count; attended: Count | null }>>(
      'o.short_name',
      q.raw('count(distinct m.id) as meetings'),
      q.raw('count(distinct ma.meeting_id) as attended'),
    );
}

/**
 * Attendance per organization over the meetings held (minutes recorded) that started in
 * [start, end): invited vs attended according to the minutes' attendees.
 */
export async function attendanceFiguresByOrganization(q: Queryable, period: DigestPeriod): Promise<OrganizationAttendanceFigures[]> {
  const rows = await attendanceFiguresQuery(q, period);
  return rows.map((r) => ({ organization: r.short_name, meetings: Number(r.meetings), attended: Number(r.attended ?? 0) }));
}
