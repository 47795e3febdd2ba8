import type { Locale } from '../../../platform/i18n/locales';
import { formatInstant } from '../../../platform/time';
import type { Block, MessageContent } from '../../../platform/slack/types';
import { capBlocks, context, divider, escapeMrkdwn, header, plain, section, LIMITS } from '../../../platform/slack/blocks';
import { attendanceByOrganization, countByStatus, type OrganizationAttendance } from '../domain/attendance';
import type { Meeting, MeetingDetails } from '../domain/types';
import { tableMessages } from '../messages';
import { TABLE_IDS } from './ids';

const { action: ACTION } = TABLE_IDS;

// ---- shared bits ------------------------------------------------------------------------

/** "giovedì 3 dicembre 2026, 10:00–12:00" in the reader's language and the app's zone. */
export function meetingWhen(meeting: Meeting, locale: Locale, tz: string): string {
  const day = formatInstant(meeting.startsAt, tz, locale, 'weekdayDate');
  return tableMessages(locale).when({ day, start: formatInstant(meeting.startsAt, tz, locale, 'time'), end: formatInstant(meeting.endsAt, tz, locale, 'time') });
}

export function meetingWhere(meeting: Meeting, locale: Locale): string {
  const parts: string[] = [];
  if (meeting.place) parts.push(escapeMrkdwn(meeting.place));
  if (meeting.link) parts.push(`<${escapeMrkdwn(meeting.link)}|${tableMessages(locale).notice.video_link}>`);
  return parts.join(' · ');
}

export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger') {
  return { type: 'button' as const, text: plain(text), action_id: actionId, value, ...(style ? { style } : {}) };
}

/** "Calendario (.ics)": sends the meeting's calendar file by DM. */
export function icsButton(meetingId: number, locale: Locale) {
  return button(tableMessages(locale).ics.button, ACTION.ics, String(meetingId));
}

/** Partecipo / Non partecipo / Forse for one meeting (also on the App Home). */
export function rsvpButtons(meeting: Pick<Meeting, 'id'>, locale: Locale) {
  const m = tableMessages(locale);
  const id = String(meeting.id);
  return [button(m.rsvp.yes, `${ACTION.rsvp}:yes`, id, 'primary'), button(m.rsvp.no, `${ACTION.rsvp}:no`, id), button(m.rsvp.maybe, `${ACTION.rsvp}:maybe`, id)];
}

/** "Partecipa un delegato": opens the delegate modal (also on the App Home). */
export function delegateButton(meetingId: number, locale: Locale) {
  return button(tableMessages(locale).rsvp.delegate, ACTION.delegateOpen, String(meetingId));
}

/** The owner's "done" button on an action item (also on the App Home). */
export function markDoneButton(actionItemId: number, locale: Locale) {
  return button(tableMessages(locale).actions.mark_done, ACTION.actionDone, String(actionItemId), 'primary');
}

// ---- the notice -------------------------------------------------------------------------

const ATTENDANCE_ICONS = { confirmed: '✅', maybe: '❔', declined: '❌', pending: '⏳' } as const;

function attendanceLine(row: OrganizationAttendance, details: MeetingDetails, locale: Locale): string {
  const m = tableMessages(locale);
  const who = row.attending
    .map((userId) => {
      const delegating = details.rsvps.find((r) => r.response === 'delegate' && r.delegateUserId === userId);
      return delegating ? m.attendance.delegate({ userId, by: delegating.userId }) : `<@${userId}>`;
    })
    .join(', ');
  return `${ATTENDANCE_ICONS[row.status]} *${escapeMrkdwn(row.organization.shortName)}* · ${m.attendance[row.status]}${who ? `: ${who}` : ''}`;
}

export function attendanceBlocks(details: MeetingDetails, locale: Locale): Block[] {
  const m = tableMessages(locale);
  const rows = attendanceByOrganization(details.invited, details.rsvps);
  const counts = countByStatus(rows);
  const lines = rows.map((row) => attendanceLine(row, details, locale));
  return [
    section(`*${m.attendance.title}*\n${lines.join('\n') || m.attendance.nobody_invited}`),
    context([m.attendance.summary({ confirmed: counts.confirmed, pending: counts.pending, maybe: counts.maybe, declined: counts.declined })]),
  ];
}

function agendaItemBlock(details: MeetingDetails, index: number, locale: Locale): Block {
  const m = tableMessages(locale);
  const item = details.agenda[index]!;
  const block: Block = section(`*${index + 1}.* ${escapeMrkdwn(item.text)}`);
  if (details.meeting.status !== 'scheduled') return block;
  const options = [
    ...(index > 0 ? [{ text: plain(m.agenda.up), value: 'up' }] : []),
    ...(index < details.agenda.length - 1 ? [{ text: plain(m.agenda.down), value: 'down' }] : []),
    { text: plain(m.agenda.drop), value: 'drop' },
  ];
  return { ...block, accessory: { type: 'overflow', action_id: `${ACTION.agenda}:${item.id}`, options } } as Block;
}

/** The meeting notice (convocazione) as posted in the channel and shown by `/tavolo <n>`. */
export function noticeMessage(details: MeetingDetails, locale: Locale, tz: string): MessageContent {
  const m = tableMessages(locale);
  const { meeting } = details;
  const id = String(meeting.id);
  const status = m.status[meeting.status];
  const cancelled = meeting.status === 'cancelled';
  // A cancelled meeting looks cancelled: its heading says so and its time is struck through.
  const when = cancelled ? `~${meetingWhen(meeting, locale, tz)}~` : meetingWhen(meeting, locale, tz);
  const head: Block[] = [
    header(cancelled ? m.notice.header_cancelled({ title: meeting.title }) : m.notice.header({ title: meeting.title })),
    section([`*${m.notice.when}:* ${when}`, `*${m.notice.where}:* ${meetingWhere(meeting, locale)}`].join('\n')),
    context([m.notice.meta({ id: meeting.id, status })]),
    section(`*${m.notice.agenda}*${details.agenda.length ? '' : `\n${m.notice.agenda_empty({ id: meeting.id })}`}`),
  ];
  const items = details.agenda.map((_, i) => [agendaItemBlock(details, i, locale)]);
  const tail: Block[] = [divider(), ...attendanceBlocks(details, locale)];
  if (meeting.status === 'scheduled') {
    tail.push(
      {
        type: 'actions',
        block_id: `table_rsvp_${id}`,
        elements: [...rsvpButtons(meeting, locale), delegateButton(meeting.id, locale), icsButton(meeting.id, locale)],
      },
      {
        type: 'actions',
        block_id: `table_manage_${id}`,
        elements: [
          button(m.notice.edit, ACTION.editOpen, id),
          {
            ...button(m.remind.button, ACTION.remind, id),
            confirm: {
              title: plain(m.remind.confirm_title, 100),
              text: plain(m.remind.confirm_text({ id: meeting.id }), 300),
              confirm: plain(m.remind.confirm_yes, 30),
              deny: plain(m.remind.confirm_no, 30),
            },
          },
          {
            ...button(m.notice.cancel, ACTION.cancel, id, 'danger'),
            confirm: {
              title: plain(m.cancel.confirm_title, 100),
              text: plain(m.cancel.confirm_text({ id: meeting.id }), 300),
              confirm: plain(m.cancel.confirm_yes, 30),
              deny: plain(m.cancel.confirm_no, 30),
              style: 'danger' as const,
            },
          },
        ],
      },
      context([
        m.notice.footer({ id: meeting.id }),
        ...(meeting.remindersSentAt ? [m.notice.reminded({ at: formatInstant(meeting.remindersSentAt, tz, locale, 'dateTime') })] : []),
      ]),
    );
  } else {
    tail.push({ type: 'actions', block_id: `table_ics_${id}`, elements: [icsButton(meeting.id, locale)] });
    if (meeting.status === 'held') tail.push(context([m.notice.minutes_in_thread]));
  }
  return {
    text: m.notice.fallback({ title: escapeMrkdwn(meeting.title), when: meetingWhen(meeting, locale, tz), status }),
    blocks: capBlocks(head, items, tail, locale, LIMITS.messageBlocks, m.notice.more_hint({ id: meeting.id })),
  };
}

export function upcomingMessage(list: MeetingDetails[], locale: Locale, tz: string): MessageContent {
  const m = tableMessages(locale);
  const title = m.upcoming.header;
  if (list.length === 0) return { text: title, blocks: [header(title), section(m.upcoming.empty)] };
  const groups = list.map((d) => {
    const counts = countByStatus(attendanceByOrganization(d.invited, d.rsvps));
    return [
      section(
        [
          `*${d.meeting.id}. ${escapeMrkdwn(d.meeting.title)}*`,
          meetingWhen(d.meeting, locale, tz),
          meetingWhere(d.meeting, locale),
          m.upcoming.line({ confirmed: counts.confirmed, invited: d.invited.length, items: d.agenda.length }),
        ].join('\n'),
      ),
    ];
  });
  return { text: title, blocks: capBlocks([header(title)], groups, [context([m.upcoming.hint])], locale) };
}
