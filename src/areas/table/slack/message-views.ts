import { commonMessages } from '../../../platform/i18n/common';
import type { Locale } from '../../../platform/i18n/locales';
import { dayjs, formatCalendarDate, formatInstant } from '../../../platform/time';
import type { Block, MessageContent } from '../../../platform/slack/types';
import { capBlocks, context, escapeMrkdwn, header, section, textMessage, truncate, LIMITS } from '../../../platform/slack/blocks';
import { isOverdue, type ReminderKind } from '../domain/reminders';
import type { ActionsFilter } from '../domain/tavolo-command';
import type { ActionItem, Meeting, MeetingDetails } from '../domain/types';
import { tableMessages } from '../messages';
import type { ManualReminderResult } from '../use-cases/reminders';
import { delegateButton, icsButton, markDoneButton, meetingWhen, meetingWhere, rsvpButtons } from './notice-views';

// ---- minutes, action items --------------------------------------------------------------

function actionLine(item: ActionItem, locale: Locale, today: string): string {
  const m = tableMessages(locale).actions;
  const owner = item.ownerUserId ? ` · <@${item.ownerUserId}>` : '';
  const due = formatCalendarDate(item.dueDate, locale);
  const flag = item.status === 'done' ? `✅ ${m.done_label}` : isOverdue(item, today) ? `⚠️ *${m.overdue}*` : '';
  return `*${escapeMrkdwn(item.ownerOrganizationShortName)}*${owner} · ${m.due({ date: due })}${flag ? ` · ${flag}` : ''}\n${escapeMrkdwn(item.text)}`;
}

/** The minutes (verbale), posted in the notice's thread. */
export function minutesMessage(details: MeetingDetails, locale: Locale, tz: string): MessageContent {
  const m = tableMessages(locale).minutes;
  const { meeting } = details;
  const today = dayjs(meeting.heldAt ?? meeting.startsAt).tz(tz).format('YYYY-MM-DD');
  const head: Block[] = [
    header(m.header({ title: meeting.title })),
    context([meetingWhen(meeting, locale, tz)]),
    section(`*${m.attendees_title}*\n${details.attendees.map((u) => `<@${u}>`).join(', ') || commonMessages(locale).none}`),
    section(`*${m.organizations_title}*\n${organizationNames(details) || commonMessages(locale).none}`),
    section(`*${m.summary_title}*\n${escapeMrkdwn(meeting.summary ?? '')}`),
  ];
  if (meeting.decisions) head.push(section(`*${m.decisions_title}*\n${escapeMrkdwn(meeting.decisions)}`));
  head.push(section(`*${m.actions_title}*${details.actionItems.length ? '' : `\n${m.no_actions}`}`));
  const items = details.actionItems.map((a) => [section(actionLine(a, locale, today))]);
  return { text: m.fallback({ title: escapeMrkdwn(meeting.title) }), blocks: capBlocks(head, items, [], locale) };
}

/** The organizations the minutes record present, by short name. */
function organizationNames(details: MeetingDetails): string {
  return details.attendingOrganizations.map((o) => escapeMrkdwn(o.shortName)).join(', ');
}

/** `total` counts every matching item: when only the first ones are listed, a line says how many more there are. */
export function actionItemsMessage(items: ActionItem[], filter: ActionsFilter, canComplete: (item: ActionItem) => boolean, locale: Locale, today: string, total = items.length): MessageContent {
  const m = tableMessages(locale).actions;
  const title = { mine: m.header_mine, open: m.header_open, all: m.header_all }[filter];
  if (items.length === 0) return { text: title, blocks: [header(title), section(m.empty)] };
  const groups = items.map((item) => {
    const block: Block = section(`*#${item.id}* · ${actionLine(item, locale, today)}`);
    if (item.status !== 'open' || !canComplete(item)) return [block];
    return [{ ...block, accessory: markDoneButton(item.id, locale) } as Block];
  });
  const overdue = items.filter((i) => isOverdue(i, today)).length;
  const notListed = total - items.length;
  const tail = notListed > 0 ? [context([m.more({ count: notListed })])] : [];
  return { text: title, blocks: capBlocks([header(title), context([m.summary({ count: total, overdue })])], groups, tail, locale) };
}

// ---- direct messages --------------------------------------------------------------------

/**
 * The reminder as it goes out at `now`: "in an hour" only when the meeting starts in about an hour
 * (50 to 70 minutes); a late one (a restart, a retried DM, a meeting moved to the next hour) says
 * how many minutes are left, or the time when it starts. The day-before one and a coordinator's
 * (`manual`) go to who has not answered, with the buttons to answer.
 */
export function meetingReminderMessage(kind: ReminderKind | 'manual', meeting: Meeting, locale: Locale, tz: string, now: Date): MessageContent {
  const m = tableMessages(locale);
  const values = { id: meeting.id, title: escapeMrkdwn(meeting.title), when: meetingWhen(meeting, locale, tz) };
  const minutes = Math.round((meeting.startsAt.getTime() - now.getTime()) / 60_000);
  const text =
    kind !== 'hour_before' || (minutes >= 50 && minutes <= 70)
      ? m.reminder[kind](values)
      : minutes < 50
        ? m.reminder.starting_soon({ ...values, minutes: Math.max(minutes, 1) })
        : m.reminder.starting_at({ ...values, time: formatInstant(meeting.startsAt, tz, locale, 'time') });
  const blocks: Block[] = [section(`${text}\n*${m.notice.where}:* ${meetingWhere(meeting, locale)}`)];
  if (kind !== 'hour_before') {
    // Answering from the reminder itself: the same buttons as on the notice.
    blocks.push(context([m.reminder.answer_hint({ id: meeting.id })]), { type: 'actions', elements: [...rsvpButtons(meeting, locale), icsButton(meeting.id, locale)] });
  } else {
    blocks.push({ type: 'actions', elements: [icsButton(meeting.id, locale)] });
  }
  return { text: truncate(text, LIMITS.sectionText), blocks };
}

/** The comment of a change notice's calendar file: what changed, whether everyone is asked again, and what the file does. */
export function meetingChangeComment(notice: { kind: 'rescheduled' | 'cancelled'; meeting: Meeting; answersReset: boolean }, locale: Locale, tz: string): string {
  const m = tableMessages(locale).change;
  const { meeting } = notice;
  const values = { id: meeting.id, title: escapeMrkdwn(meeting.title), when: meetingWhen(meeting, locale, tz), where: meetingWhere(meeting, locale) };
  if (notice.kind === 'cancelled') return `${m.cancelled(values)}\n${m.cancelled_hint}`;
  return [m.rescheduled(values), ...(notice.answersReset ? [m.answers_reset({ id: meeting.id })] : []), m.rescheduled_hint].join('\n');
}

/** The comment of a calendar file sent by the Calendar button, or sent again in place of one that showed a text since corrected. */
export function calendarComment(meetingId: number, file: { cancelled: boolean; corrected?: boolean }, locale: Locale): string {
  const m = tableMessages(locale).ics;
  if (file.corrected) return m.comment_corrected({ id: meetingId });
  return file.cancelled ? m.comment_cancelled : m.comment;
}

/**
 * The invitation each member of an invited organization gets: the meeting, and the buttons to
 * answer; `again` when the meeting was moved and every answer was reset.
 */
export function invitationMessage(meeting: Meeting, locale: Locale, tz: string, again = false): MessageContent {
  const m = tableMessages(locale);
  const values = { id: meeting.id, title: escapeMrkdwn(meeting.title), when: meetingWhen(meeting, locale, tz), where: meetingWhere(meeting, locale) };
  const text = again ? m.invitation.again(values) : m.invitation.text(values);
  return {
    text: truncate(text, LIMITS.sectionText),
    blocks: [section(truncate(text, LIMITS.sectionText)), context([m.invitation.hint]), { type: 'actions', elements: [...rsvpButtons(meeting, locale), delegateButton(meeting.id, locale), icsButton(meeting.id, locale)] }],
  };
}

export function convenedMessage(meeting: Meeting, locale: Locale, tz: string): MessageContent {
  return textMessage(tableMessages(locale).convene.done({ id: meeting.id, title: escapeMrkdwn(meeting.title), when: meetingWhen(meeting, locale, tz), channel: meeting.channelId }));
}

/** The DM to an action item's owner: assigned to them, or due in two days; with the button to mark it done. */
export function actionOwnerMessage(kind: 'assigned' | 'due', item: ActionItem, locale: Locale): MessageContent {
  const m = tableMessages(locale).action_dm;
  const values = { id: item.id, text: escapeMrkdwn(item.text), organization: escapeMrkdwn(item.ownerOrganizationShortName), date: formatCalendarDate(item.dueDate, locale) };
  const text = kind === 'assigned' ? m.assigned(values) : m.due(values);
  return { text: truncate(text, LIMITS.sectionText), blocks: [{ ...section(truncate(text, LIMITS.sectionText)), accessory: markDoneButton(item.id, locale) } as Block] };
}

// ---- short replies ----------------------------------------------------------------------

export function actionDoneMessage(item: ActionItem, locale: Locale): MessageContent {
  return textMessage(tableMessages(locale).actions.marked_done({ id: item.id, text: escapeMrkdwn(item.text) }));
}

/** What a coordinator's reminder did: sent to how many, or not (too soon, or everyone has answered). */
export function remindReply(result: ManualReminderResult, locale: Locale, tz: string): MessageContent {
  const m = tableMessages(locale).remind;
  const id = result.meeting.id;
  const at = (instant: Date) => formatInstant(instant, tz, locale, 'dateTime');
  switch (result.status) {
    case 'sent':
      return textMessage(m.sent({ id, count: result.recipients, next: at(result.nextAt) }));
    case 'too_soon':
      return textMessage(m.too_soon({ id, last: at(result.lastSentAt), next: at(result.nextAt) }));
    case 'nobody':
      return textMessage(m.nobody({ id }));
  }
}

export function tableHelpMessage(locale: Locale): MessageContent {
  const m = tableMessages(locale).help;
  return { text: m.title, blocks: [section(`*${m.title}*\n${m.lines}`), context([m.examples])] };
}
