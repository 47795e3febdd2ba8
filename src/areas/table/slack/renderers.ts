import type { Platform } from '../../../platform/runtime';
import { tableMessages, type TableMessages } from '../messages';
import { ACTION_ASSIGNED, ACTION_DUE, CONVENED, MEETING_CALENDAR, MEETING_CHANGE, MEETING_ENTITY, MEETING_INVITATION, MEETING_MINUTES, MEETING_REMINDER, TABLE_NOTIFICATIONS } from '../use-cases/posts';
import type { TableUseCases } from '../use-cases/table-use-cases';
import { actionOwnerMessage, calendarComment, convenedMessage, invitationMessage, meetingChangeComment, meetingReminderMessage, minutesMessage } from './message-views';
import { noticeMessage } from './notice-views';
import { context, LIMITS } from '../../../platform/slack/blocks';

/**
 * The table's channel message (the meeting notice, kept up to date by the publisher) and its
 * one-shot posts (the outbox): each reads the meeting as it is when it goes out, through the
 * use cases, and is rendered in the reader's language. Nothing when there is nothing to say.
 */
export function registerTableRenderers(platform: Pick<Platform, 'publisher' | 'outbox' | 'config' | 'notifications' | 'canvases'>, useCases: TableUseCases): void {
  const tz = platform.config.timezone;
  const { meetings, minutes, reminders } = useCases;
  platform.publisher.register(MEETING_ENTITY, async (meetingId, locale, q) => {
    const details = await meetings.notice(q, meetingId);
    return details ? noticeMessage(details, locale, tz) : undefined;
  });
  platform.outbox.register(CONVENED, async (params, { locale, q }) => {
    const meeting = await meetings.convened(q, params);
    return meeting ? convenedMessage(meeting, locale, tz) : undefined;
  });
  platform.outbox.register(MEETING_INVITATION, async (params, { locale, q }) => {
    const meeting = await meetings.invitation(q, params);
    return meeting ? invitationMessage(meeting, locale, tz, params.again === true) : undefined;
  });
  // The DM of a change or a cancellation is the updated calendar file itself, with the news as its comment.
  platform.outbox.register(MEETING_CHANGE, async (params, { locale, q, now }) => {
    const notice = await meetings.changeNotice(q, params, { locale, now });
    return notice ? { file: notice.calendar, comment: meetingChangeComment(notice, locale, tz) } : undefined;
  });
  // A calendar file in someone's DM: the one the Calendar button sent (recorded), or the corrected one sent in place of a file removed.
  platform.outbox.register(MEETING_CALENDAR, async (params, { locale, q, now }) => {
    const calendar = await meetings.calendarPost(q, params, { locale, now });
    if (!calendar) return undefined;
    const { cancelled, ...file } = calendar;
    return { file, comment: calendarComment(params.meetingId, { cancelled, corrected: params.reason === 'corrected' }, locale) };
  });
  platform.outbox.register(MEETING_REMINDER, async (params, { locale, q, now, userId }) => {
    const meeting = await reminders.reminder(q, params, now, userId);
    return meeting ? meetingReminderMessage(params.reminder, meeting, locale, tz, now) : undefined;
  });
  platform.outbox.register(ACTION_ASSIGNED, async (params, { locale, q, userId }) => {
    const item = await minutes.ownerNotice(q, params, userId);
    return item ? actionOwnerMessage('assigned', item, locale) : undefined;
  });
  platform.outbox.register(ACTION_DUE, async (params, { locale, q, userId }) => {
    const item = await minutes.ownerNotice(q, params, userId);
    return item ? actionOwnerMessage('due', item, locale) : undefined;
  });
  platform.outbox.register(MEETING_MINUTES, async (params, { locale, q }) => {
    const details = await minutes.postedMinutes(q, params);
    if (!details) return undefined;
    const message = minutesMessage(details, locale, tz);
    // The thread message links to the channel canvas, when the app could write one.
    const canvasUrl = await platform.canvases.urlFor(details.meeting.channelId);
    if (!canvasUrl) return message;
    const link = tableMessages(locale).canvas.link({ url: canvasUrl });
    return { text: message.text, blocks: [...message.blocks.slice(0, LIMITS.messageBlocks - 1), context([link])] };
  });
  for (const { kind, label } of [...TABLE_NOTIFICATIONS, { kind: MEETING_REMINDER, label: (m: TableMessages) => m.notifications.reminder }]) {
    platform.notifications.register({ name: kind.name, label: tableMessages.text(label) });
  }
}
