import type { Queryable } from '../../../platform/database/transaction';
import type { FieldErrors } from '../../../platform/input/validation';
import type { Platform } from '../../../platform/runtime';
import { notFound } from '../domain/meeting-rules';
import type { Meeting, MeetingDetails } from '../domain/types';
import * as repo from '../store/table-store';

/** What the table's use cases take from the platform. */
export type TableDeps = Pick<Platform, 'db' | 'clock' | 'config' | 'publisher' | 'outbox' | 'homeTabs' | 'logger'>;

/** A form saved, or its field errors. */
export type SaveResult<F extends string> = { ok: true; meeting: Meeting } | { ok: false; errors: FieldErrors<F> };

export async function requireMeeting(q: Queryable, id: number, options: { forUpdate?: boolean } = {}): Promise<Meeting> {
  const meeting = await repo.findMeeting(q, id, options);
  if (!meeting) throw notFound((m) => m.what.meeting({ id }));
  return meeting;
}

/** Everything the notice, `/tavolo <n>` and the calendar file show about one meeting; undefined when it does not exist. */
export async function loadDetails(q: Queryable, id: number): Promise<MeetingDetails | undefined> {
  const meeting = await repo.findMeeting(q, id);
  if (!meeting) return undefined;
  const [agenda, invited, rsvps, attendees, attendingOrganizations, actionItems] = await Promise.all([
    repo.listAgenda(q, id),
    repo.listInvitedOrganizations(q, id),
    repo.listRsvps(q, id),
    repo.listAttendees(q, id),
    repo.listAttendingOrganizations(q, id),
    repo.listActionItems(q, { meetingId: id }),
  ]);
  return { meeting, agenda, invited, rsvps, attendees, attendingOrganizations, actionItems };
}

export async function requireDetails(q: Queryable, id: number): Promise<MeetingDetails> {
  const details = await loadDetails(q, id);
  if (!details) throw notFound((m) => m.what.meeting({ id }));
  return details;
}
