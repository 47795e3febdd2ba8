import type { Queryable } from '../../../platform/database/transaction';
import type { Locale } from '../../../platform/i18n/locales';
import { postKind, requestPost } from '../../../platform/outbox/outbox';
import { sentPosts } from '../../../platform/outbox/outbox-store';
import { findMessagesOf } from '../../../platform/outbox/published-messages-store';
import { minutesKey } from '../domain/post-keys';
import type { ReminderKind } from '../domain/reminders';
import type { TableMessages } from '../messages';

/** The entity type of the meeting notice: the publisher's channel message, and the thread the minutes go to. */
export const MEETING_ENTITY = 'meeting';

/**
 * The table's one-shot posts (the outbox delivers them; the Slack side renders them). Params are
 * ids only: the renderer reads the meeting as it is when the post goes out, and says nothing when
 * the post no longer describes it (a newer version, a cancelled or held meeting).
 */
export const CONVENED = postKind<{ meetingId: number }>('table.convened');
/** A meeting moved, changed or cancelled, to every invitee; `answersReset` when its date or time changed. */
export const MEETING_CHANGE = postKind<{ meetingId: number; sequence: number; answersReset: boolean }>('table.change');
/**
 * A meeting convened, to every member of the invited organizations (with the RSVP buttons); `again`
 * when it was moved and everyone is asked again (the change notice is a file, which carries no buttons).
 */
export const MEETING_INVITATION = postKind<{ meetingId: number; sequence: number; again: boolean }>('table.invitation');
/**
 * The meeting's calendar file in someone's DM: sent by the Calendar button (recorded once sent), or
 * sent in place of the files that showed a text since corrected (`corrected`). Not a notification:
 * whoever asked for it, or had the old one, gets it.
 */
export const MEETING_CALENDAR = postKind<{ meetingId: number; reason: 'button' | 'corrected' }>('table.calendar');
/** An action item assigned to its owner, and the reminder two days before it is due. */
export const ACTION_ASSIGNED = postKind<{ actionItemId: number }>('table.action_assigned');
export const ACTION_DUE = postKind<{ actionItemId: number; dueDate: string }>('table.action_due');

/**
 * The DMs a member can turn off (platform.notifications; the App Home shows the switches). The
 * coordinator's own confirmation, the reminders and the minutes' thread are not notifications.
 */
export const TABLE_NOTIFICATIONS = [
  { kind: MEETING_INVITATION, label: (m: TableMessages) => m.notifications.invitation },
  { kind: MEETING_CHANGE, label: (m: TableMessages) => m.notifications.change },
  { kind: ACTION_ASSIGNED, label: (m: TableMessages) => m.notifications.action_assigned },
  { kind: ACTION_DUE, label: (m: TableMessages) => m.notifications.action_due },
] as const;
/** A reminder of a meeting: the job's (`day_before`, `hour_before`), or one a coordinator sent (`manual`) to who has not answered. */
export const MEETING_REMINDER = postKind<{ meetingId: number; sequence: number; reminder: ReminderKind | 'manual' }>('table.reminder');
export const MEETING_MINUTES = postKind<{ meetingId: number }>('table.minutes');

/**
 * Asks for the minutes in the notice's thread, in the notice's language (once per meeting: asking
 * again finds the post already there). The outbox waits for the notice to be posted.
 */
export async function requestMinutesPost(q: Queryable, meetingId: number, defaultLocale: Locale, now: Date): Promise<boolean> {
  const [notice] = await findMessagesOf(q, MEETING_ENTITY, meetingId);
  return requestPost(
    q,
    { kind: MEETING_MINUTES, to: { threadOf: { entityType: MEETING_ENTITY, entityId: meetingId }, locale: notice?.locale ?? defaultLocale }, key: minutesKey(meetingId), params: { meetingId } },
    now,
  );
}

/** When the outbox posted a meeting's minutes, if it has. */
export async function minutesPostedAt(q: Queryable, meetingId: number): Promise<Date | undefined> {
  const key = minutesKey(meetingId);
  const sent = await sentPosts(q, { kind: MEETING_MINUTES.name, target: `${MEETING_ENTITY}:${meetingId}`, limit: 1 });
  const post = sent.find((p) => p.key === key);
  return post ? (post.finishedAt ?? undefined) : undefined;
}
