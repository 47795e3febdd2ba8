import type { Queryable } from '../../../platform/database/transaction';
import { recordSentPost, requestPost, requestPostRemovalsAbout } from '../../../platform/outbox/outbox';
import { calendarButtonKey, correctedCalendarKey } from '../domain/post-keys';
import * as repo from '../store/table-store';
import { MEETING_CALENDAR, MEETING_CHANGE } from './posts';

/** The posts that are a meeting's calendar file in someone's DM: change notices, and files sent by the button or after a correction. */
const CALENDAR_FILE_KINDS = [MEETING_CHANGE, MEETING_CALENDAR];

/** A calendar file the Slack side sent at once to a person's DM: the DM and the file Slack made. */
export interface DeliveredFile {
  channel: string;
  fileId: string | undefined;
}

/**
 * Records a calendar file the Calendar button sent, as a post already delivered, so that a later
 * correction finds it, deletes it and sends the corrected one. A file Slack gave no id is not kept:
 * nothing could delete it.
 */
export async function recordCalendarSent(q: Queryable, input: { meetingId: number; userId: string; file: DeliveredFile }, now: Date): Promise<void> {
  const { meetingId, userId, file } = input;
  if (!file.fileId) return;
  const sent = { channel: file.channel, fileId: file.fileId };
  await recordSentPost(q, { kind: MEETING_CALENDAR, to: { user: userId }, key: calendarButtonKey(meetingId, file.fileId), params: { meetingId, reason: 'button' }, sent }, now);
}

/**
 * A text the calendar file shows (an agenda item) was corrected, in the caller's transaction: the
 * file's SEQUENCE goes up, every calendar file of the meeting already in someone's DM (or on its
 * way there, perhaps made before the correction) is deleted from Slack, so the removed text no
 * longer sits there, and each of those people gets one corrected file in its place. Files not
 * sent yet carry the corrected text anyway. Returns how many files are replaced; kick the outbox
 * after commit.
 */
export async function replaceCalendarFiles(trx: Queryable, meetingId: number, now: Date): Promise<number> {
  await repo.countTextCorrection(trx, meetingId);
  return withdrawCalendarFiles(trx, meetingId, now, new Set());
}

/**
 * Every calendar file of the meeting already in someone's DM, or on its way there, is deleted from
 * Slack (it shows what the meeting no longer says), and each of those people gets the file as the
 * meeting is now, but those in `sentAnyway` (told of the change with its file already). Returns how
 * many files are deleted; kick the outbox after commit.
 */
export async function withdrawCalendarFiles(trx: Queryable, meetingId: number, now: Date, sentAnyway: ReadonlySet<string>): Promise<number> {
  const files = (await requestPostRemovalsAbout(trx, { kinds: CALENDAR_FILE_KINDS, param: 'meetingId', value: meetingId }, now)).filter((f) => f.targetType === 'user');
  for (const userId of new Set(files.map((f) => f.target))) {
    if (sentAnyway.has(userId)) continue;
    await requestPost(trx, { kind: MEETING_CALENDAR, to: { user: userId }, key: correctedCalendarKey(meetingId, now, userId), params: { meetingId, reason: 'corrected' } }, now);
  }
  return files.length;
}
