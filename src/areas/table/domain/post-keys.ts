import type { ReminderKind } from './reminders';
import type { Meeting } from './types';

/**
 * The keys that name the table's one-shot posts: the outbox sends one post per key, ever. They are
 * the strings the job claims were keyed by before the outbox (`<job>:<period>`), so their meaning
 * stays: a reminder once per kind, version of the meeting (its SEQUENCE) and person, so a moved
 * meeting is reminded of again; a change notice once per version and person; the minutes once per
 * meeting.
 */
function meetingVersion(meeting: Pick<Meeting, 'id' | 'sequence'>): string {
  return `meeting:${meeting.id}:v${meeting.sequence}`;
}

export function reminderKey(kind: ReminderKind, meeting: Pick<Meeting, 'id' | 'sequence'>, userId: string): string {
  return `table-reminder-${kind}:${meetingVersion(meeting)}:${userId}`;
}

export function changeNoticeKey(meeting: Pick<Meeting, 'id' | 'sequence'>, userId: string): string {
  return `table-change-notice:${meetingVersion(meeting)}:${userId}`;
}

export function minutesKey(meetingId: number): string {
  return `table-minutes:meeting:${meetingId}`;
}

/** The coordinator's confirmation that the meeting is convened. */
export function convenedKey(meetingId: number): string {
  return `table-convened:meeting:${meetingId}`;
}

/** A meeting's invitation, once per version and person. */
export function invitationKey(meeting: Pick<Meeting, 'id' | 'sequence'>, userId: string): string {
  return `table-invitation:${meetingVersion(meeting)}:${userId}`;
}

/** An action item's assignment to its owner, once per item and owner. */
export function actionAssignedKey(actionItemId: number, ownerUserId: string): string {
  return `table-action-assigned:${actionItemId}:${ownerUserId}`;
}

/** The DM two days before an action item is due, once per item, owner and due date. */
export function actionDueKey(actionItemId: number, ownerUserId: string, dueDate: string): string {
  return `table-action-due:${actionItemId}:${ownerUserId}:${dueDate}`;
}

/** The reminder a coordinator sent at `sentAt` to who has not answered: once per press and person. */
export function manualReminderKey(meeting: Pick<Meeting, 'id' | 'sequence'>, sentAt: Date, userId: string): string {
  return `table-reminder-manual:${meetingVersion(meeting)}:${sentAt.getTime()}:${userId}`;
}

/** A calendar file the Calendar button sent (recorded by the id Slack gave the file). */
export function calendarButtonKey(meetingId: number, fileId: string): string {
  return `table-calendar:meeting:${meetingId}:file:${fileId}`;
}

/** The corrected calendar file sent after the correction made at `at`, once per person. */
export function correctedCalendarKey(meetingId: number, at: Date, userId: string): string {
  return `table-calendar-corrected:meeting:${meetingId}:${at.getTime()}:${userId}`;
}
