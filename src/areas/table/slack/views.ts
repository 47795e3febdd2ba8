import type { Organization } from '../../network';
import { attendanceByOrganization, countByStatus, type OrganizationAttendance } from '../domain/attendance';
import { DEFAULT_MEETING_TITLE, type MeetingField } from '../domain/meeting-input';
import { ACTION_SLOTS, type MinutesField } from '../domain/minutes-input';
import { isOverdue, type ReminderKind } from '../domain/reminders';
import type { ActionsFilter } from '../domain/tavolo-command';
import type { ActionItem, Meeting, MeetingDetails } from '../domain/types';
import type { FieldErrors } from '../../../platform/input/validation';
import type { Translator } from '../../../platform/i18n';
import { dayjs, formatCalendarDate, formatInstant } from '../../../platform/time';
import type { Block, MessageContent, ModalView } from '../../../platform/slack/types';
import { capBlocks, context, divider, escapeMrkdwn, header, plain, section, textMessage, truncate, LIMITS } from '../../../platform/slack/blocks';
import { toBlockErrors } from '../../../platform/slack/error-views';
import { INPUT } from '../../../platform/slack/ids';
import { TABLE_IDS } from './ids';

const { action: ACTION, block: BLOCK, callback: CALLBACK } = TABLE_IDS;

// ---- shared bits ------------------------------------------------------------------------

/** "giovedì 3 dicembre 2026, 10:00–12:00" in the reader's language and the app's zone. */
export function meetingWhen(meeting: Meeting, t: Translator, tz: string): string {
  const day = formatInstant(meeting.startsAt, tz, t.locale, 'weekdayDate');
  return t('table.when', { day, start: formatInstant(meeting.startsAt, tz, t.locale, 'time'), end: formatInstant(meeting.endsAt, tz, t.locale, 'time') });
}

function meetingWhere(meeting: Meeting, t: Translator): string {
  const parts: string[] = [];
  if (meeting.place) parts.push(escapeMrkdwn(meeting.place));
  if (meeting.link) parts.push(`<${escapeMrkdwn(meeting.link)}|${t('table.notice.video_link')}>`);
  return parts.join(' · ');
}

function statusLabel(meeting: Meeting, t: Translator): string {
  return t(`table.status.${meeting.status}`);
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger') {
  return { type: 'button' as const, text: plain(text), action_id: actionId, value, ...(style ? { style } : {}) };
}

/** Partecipo / Non partecipo / Forse for one meeting (also on the App Home). */
export function rsvpButtons(meeting: Pick<Meeting, 'id'>, t: Translator) {
  const id = String(meeting.id);
  return [
    button(t('table.rsvp.yes'), `${ACTION.rsvp}:yes`, id, 'primary'),
    button(t('table.rsvp.no'), `${ACTION.rsvp}:no`, id),
    button(t('table.rsvp.maybe'), `${ACTION.rsvp}:maybe`, id),
  ];
}

/** "Partecipa un delegato": opens the delegate modal (also on the App Home). */
export function delegateButton(meetingId: number, t: Translator) {
  return button(t('table.rsvp.delegate'), ACTION.delegateOpen, String(meetingId));
}

/** The owner's "done" button on an action item (also on the App Home). */
export function markDoneButton(actionItemId: number, t: Translator) {
  return button(t('table.actions.mark_done'), ACTION.actionDone, String(actionItemId), 'primary');
}

// ---- the notice -------------------------------------------------------------------------

function attendanceLine(row: OrganizationAttendance, details: MeetingDetails, t: Translator): string {
  const icon = { confirmed: '✅', maybe: '❔', declined: '❌', pending: '⏳' }[row.status];
  const who = row.attending
    .map((userId) => {
      const delegating = details.rsvps.find((r) => r.response === 'delegate' && r.delegateUserId === userId);
      return delegating ? t('table.attendance.delegate', { userId, by: delegating.userId }) : `<@${userId}>`;
    })
    .join(', ');
  const status = t(`table.attendance.${row.status}`);
  return `${icon} *${escapeMrkdwn(row.organization.shortName)}* · ${status}${who ? `: ${who}` : ''}`;
}

export function attendanceBlocks(details: MeetingDetails, t: Translator): Block[] {
  const rows = attendanceByOrganization(details.invited, details.rsvps);
  const counts = countByStatus(rows);
  const lines = rows.map((row) => attendanceLine(row, details, t));
  return [
    section(`*${t('table.attendance.title')}*\n${lines.join('\n') || t('table.attendance.nobody_invited')}`),
    context([t('table.attendance.summary', { confirmed: counts.confirmed, pending: counts.pending, maybe: counts.maybe, declined: counts.declined })]),
  ];
}

function agendaItemBlock(details: MeetingDetails, index: number, t: Translator): Block {
  const item = details.agenda[index]!;
  const block: Block = section(`*${index + 1}.* ${escapeMrkdwn(item.text)}`);
  if (details.meeting.status !== 'scheduled') return block;
  const options = [
    ...(index > 0 ? [{ text: plain(t('table.agenda.up')), value: 'up' }] : []),
    ...(index < details.agenda.length - 1 ? [{ text: plain(t('table.agenda.down')), value: 'down' }] : []),
    { text: plain(t('table.agenda.drop')), value: 'drop' },
  ];
  return { ...block, accessory: { type: 'overflow', action_id: `${ACTION.agenda}:${item.id}`, options } } as Block;
}

/** The meeting notice (convocazione) as posted in the channel and shown by `/tavolo <n>`. */
export function noticeMessage(details: MeetingDetails, t: Translator, tz: string): MessageContent {
  const { meeting } = details;
  const id = String(meeting.id);
  const head: Block[] = [
    header(t('table.notice.header', { title: meeting.title })),
    section(
      [
        `*${t('table.notice.when')}:* ${meetingWhen(meeting, t, tz)}`,
        `*${t('table.notice.where')}:* ${meetingWhere(meeting, t)}`,
      ].join('\n'),
    ),
    context([t('table.notice.meta', { id: meeting.id, status: statusLabel(meeting, t) })]),
    section(`*${t('table.notice.agenda')}*${details.agenda.length ? '' : `\n${t('table.notice.agenda_empty', { id: meeting.id })}`}`),
  ];
  const items = details.agenda.map((_, i) => [agendaItemBlock(details, i, t)]);
  const tail: Block[] = [divider(), ...attendanceBlocks(details, t)];
  if (meeting.status === 'scheduled') {
    tail.push(
      {
        type: 'actions',
        block_id: `table_rsvp_${id}`,
        elements: [...rsvpButtons(meeting, t), delegateButton(meeting.id, t), button(t('table.ics.button'), ACTION.ics, id)],
      },
      {
        type: 'actions',
        block_id: `table_manage_${id}`,
        elements: [
          button(t('table.notice.edit'), ACTION.editOpen, id),
          {
            ...button(t('table.notice.cancel'), ACTION.cancel, id, 'danger'),
            confirm: {
              title: plain(t('table.cancel.confirm_title'), 100),
              text: plain(t('table.cancel.confirm_text', { id: meeting.id }), 300),
              confirm: plain(t('table.cancel.confirm_yes'), 30),
              deny: plain(t('table.cancel.confirm_no'), 30),
              style: 'danger' as const,
            },
          },
        ],
      },
      context([t('table.notice.footer', { id: meeting.id })]),
    );
  } else {
    tail.push({ type: 'actions', block_id: `table_ics_${id}`, elements: [button(t('table.ics.button'), ACTION.ics, id)] });
    if (meeting.status === 'held') tail.push(context([t('table.notice.minutes_in_thread')]));
  }
  return {
    text: t('table.notice.fallback', { title: escapeMrkdwn(meeting.title), when: meetingWhen(meeting, t, tz), status: statusLabel(meeting, t) }),
    blocks: capBlocks(head, items, tail, t, LIMITS.messageBlocks, t('table.notice.more_hint', { id: meeting.id })),
  };
}

export function upcomingMessage(list: MeetingDetails[], t: Translator, tz: string): MessageContent {
  const title = t('table.upcoming.header');
  if (list.length === 0) return { text: title, blocks: [header(title), section(t('table.upcoming.empty'))] };
  const groups = list.map((d) => {
    const counts = countByStatus(attendanceByOrganization(d.invited, d.rsvps));
    return [
      section(
        [
          `*${d.meeting.id}. ${escapeMrkdwn(d.meeting.title)}*`,
          meetingWhen(d.meeting, t, tz),
          meetingWhere(d.meeting, t),
          t('table.upcoming.line', { confirmed: counts.confirmed, invited: d.invited.length, items: d.agenda.length }),
        ].join('\n'),
      ),
    ];
  });
  return { text: title, blocks: capBlocks([header(title)], groups, [context([t('table.upcoming.hint')])], t) };
}

// ---- modals -----------------------------------------------------------------------------

export interface MeetingModalModel {
  mode: 'convene' | 'edit';
  organizations: Organization[];
  selectedOrganizationIds: number[];
  openActions: ActionItem[];
  initial: { title?: string; date?: string; start?: string; end?: string; place?: string; link?: string; channelId?: string };
  privateMetadata: string;
}

function textInput(blockId: string, label: string, options: { initial?: string; multiline?: boolean; max?: number; optional?: boolean; hint?: string; placeholder?: string }): Block {
  return {
    type: 'input',
    block_id: blockId,
    optional: options.optional ?? false,
    label: plain(label, 2000),
    ...(options.hint ? { hint: plain(options.hint, 2000) } : {}),
    element: {
      type: 'plain_text_input',
      action_id: INPUT,
      multiline: options.multiline ?? false,
      ...(options.max ? { max_length: options.max } : {}),
      ...(options.initial ? { initial_value: options.initial } : {}),
      ...(options.placeholder ? { placeholder: plain(options.placeholder, 150) } : {}),
    },
  } as Block;
}

function orgOption(o: Organization) {
  return { text: plain(`${o.shortName} · ${o.name}`), value: String(o.id) };
}

export function meetingModal(model: MeetingModalModel, t: Translator): ModalView {
  const { initial } = model;
  const convening = model.mode === 'convene';
  const orgOptions = model.organizations.slice(0, LIMITS.staticSelectOptions).map(orgOption);
  const selected = orgOptions.filter((o) => model.selectedOrganizationIds.includes(Number(o.value)));
  const blocks: Block[] = [
    textInput(BLOCK.title, t('table.modal.title_label'), { initial: initial.title ?? DEFAULT_MEETING_TITLE, max: 120 }),
    {
      type: 'input',
      block_id: BLOCK.date,
      label: plain(t('table.modal.date_label'), 2000),
      element: { type: 'datepicker', action_id: INPUT, ...(initial.date ? { initial_date: initial.date } : {}) },
    },
    {
      type: 'input',
      block_id: BLOCK.start,
      label: plain(t('table.modal.start_label'), 2000),
      hint: plain(t('table.modal.time_hint'), 2000),
      element: { type: 'timepicker', action_id: INPUT, ...(initial.start ? { initial_time: initial.start } : {}) },
    },
    {
      type: 'input',
      block_id: BLOCK.end,
      label: plain(t('table.modal.end_label'), 2000),
      element: { type: 'timepicker', action_id: INPUT, ...(initial.end ? { initial_time: initial.end } : {}) },
    },
    textInput(BLOCK.place, t('table.modal.place_label'), { initial: initial.place, max: 200, optional: true, placeholder: t('table.modal.place_placeholder') }),
    textInput(BLOCK.link, t('table.modal.link_label'), { initial: initial.link, max: 500, optional: true, hint: t('table.modal.link_hint') }),
  ];
  if (convening) {
    blocks.push(textInput(BLOCK.agenda, t('table.modal.agenda_label'), { multiline: true, optional: true, max: 3000, hint: t('table.modal.agenda_hint') }));
    const carry = model.openActions.slice(0, 10);
    if (carry.length) {
      blocks.push({
        type: 'input',
        block_id: BLOCK.carry,
        optional: true,
        label: plain(t('table.modal.carry_label'), 2000),
        hint: plain(t('table.modal.carry_hint'), 2000),
        element: {
          type: 'checkboxes',
          action_id: INPUT,
          options: carry.map((a) => ({ text: plain(truncate(`${a.text} (${a.ownerOrganizationShortName})`, 75)), value: String(a.id) })),
          initial_options: carry.map((a) => ({ text: plain(truncate(`${a.text} (${a.ownerOrganizationShortName})`, 75)), value: String(a.id) })),
        },
      } as Block);
    }
  }
  blocks.push({
    type: 'input',
    block_id: BLOCK.organizations,
    label: plain(t('table.modal.organizations_label'), 2000),
    element: { type: 'multi_static_select', action_id: INPUT, options: orgOptions, ...(selected.length ? { initial_options: selected } : {}) },
  } as Block);
  if (convening) {
    blocks.push({
      type: 'input',
      block_id: BLOCK.channel,
      label: plain(t('table.modal.channel_label'), 2000),
      element: { type: 'conversations_select', action_id: INPUT, filter: { include: ['public'], exclude_bot_users: true }, ...(initial.channelId ? { initial_conversation: initial.channelId } : {}) },
    } as Block);
  }
  return {
    type: 'modal',
    callback_id: convening ? CALLBACK.convene : CALLBACK.edit,
    private_metadata: model.privateMetadata,
    title: plain(t(convening ? 'table.modal.convene_title' : 'table.modal.edit_title'), LIMITS.modalTitle),
    submit: plain(t(convening ? 'table.modal.convene_submit' : 'table.modal.edit_submit'), 24),
    close: plain(t('common.buttons.cancel'), 24),
    blocks,
  };
}

const MEETING_FIELD_BLOCKS: Record<MeetingField, string> = {
  title: BLOCK.title,
  date: BLOCK.date,
  start: BLOCK.start,
  end: BLOCK.end,
  place: BLOCK.place,
  link: BLOCK.link,
  agenda: BLOCK.agenda,
  organizations: BLOCK.organizations,
  channel: BLOCK.channel,
};

export function meetingFieldErrors(errors: FieldErrors<MeetingField>, t: Translator): Record<string, string> {
  return toBlockErrors(errors, MEETING_FIELD_BLOCKS, t);
}

export function delegateModal(meeting: Meeting, t: Translator, tz: string, privateMetadata: string): ModalView {
  return {
    type: 'modal',
    callback_id: CALLBACK.delegate,
    private_metadata: privateMetadata,
    title: plain(t('table.delegate.modal_title'), LIMITS.modalTitle),
    submit: plain(t('table.delegate.submit'), 24),
    close: plain(t('common.buttons.cancel'), 24),
    blocks: [
      section(`*${escapeMrkdwn(meeting.title)}*\n${meetingWhen(meeting, t, tz)}`),
      {
        type: 'input',
        block_id: BLOCK.delegateUser,
        label: plain(t('table.delegate.user_label'), 2000),
        hint: plain(t('table.delegate.user_hint'), 2000),
        element: { type: 'users_select', action_id: INPUT },
      },
    ],
  };
}

export function minutesModal(model: { details: MeetingDetails; organizations: Organization[]; preset: string[]; privateMetadata: string }, t: Translator, tz: string): ModalView {
  const { meeting } = model.details;
  const orgOptions = model.organizations.slice(0, LIMITS.staticSelectOptions).map((o) => ({ text: plain(o.shortName), value: String(o.id) }));
  const blocks: Block[] = [
    section(`*${meeting.id}. ${escapeMrkdwn(meeting.title)}*\n${meetingWhen(meeting, t, tz)}`),
    {
      type: 'input',
      block_id: BLOCK.attendees,
      label: plain(t('table.minutes.attendees_label'), 2000),
      hint: plain(t('table.minutes.attendees_hint'), 2000),
      element: { type: 'multi_users_select', action_id: INPUT, ...(model.preset.length ? { initial_users: model.preset } : {}) },
    } as Block,
    textInput(BLOCK.summary, t('table.minutes.summary_label'), { multiline: true, max: 2500 }),
    textInput(BLOCK.decisions, t('table.minutes.decisions_label'), { multiline: true, max: 2500, optional: true }),
  ];
  for (let i = 0; i < ACTION_SLOTS; i++) {
    blocks.push(
      header(t('table.minutes.action_header', { n: i + 1 })),
      textInput(BLOCK.actionText(i), t('table.minutes.action_text_label'), { max: 300, optional: true }),
      { type: 'input', block_id: BLOCK.actionOrg(i), optional: true, label: plain(t('table.minutes.action_org_label'), 2000), element: { type: 'static_select', action_id: INPUT, options: orgOptions } } as Block,
      { type: 'input', block_id: BLOCK.actionOwner(i), optional: true, label: plain(t('table.minutes.action_owner_label'), 2000), element: { type: 'users_select', action_id: INPUT } },
      { type: 'input', block_id: BLOCK.actionDue(i), optional: true, label: plain(t('table.minutes.action_due_label'), 2000), element: { type: 'datepicker', action_id: INPUT } },
    );
  }
  return {
    type: 'modal',
    callback_id: CALLBACK.minutes,
    private_metadata: model.privateMetadata,
    title: plain(t('table.minutes.modal_title'), LIMITS.modalTitle),
    submit: plain(t('table.minutes.submit'), 24),
    close: plain(t('common.buttons.cancel'), 24),
    blocks,
  };
}

export function minutesFieldErrors(errors: FieldErrors<MinutesField>, t: Translator): Record<string, string> {
  const blocks: Record<string, string> = { attendees: BLOCK.attendees, summary: BLOCK.summary, decisions: BLOCK.decisions };
  for (let i = 0; i < ACTION_SLOTS; i++) {
    blocks[`actionText${i}`] = BLOCK.actionText(i);
    blocks[`actionOrg${i}`] = BLOCK.actionOrg(i);
    blocks[`actionDue${i}`] = BLOCK.actionDue(i);
  }
  return toBlockErrors(errors as FieldErrors<string>, blocks, t);
}

// ---- minutes, action items --------------------------------------------------------------

function actionLine(item: ActionItem, t: Translator, today: string): string {
  const owner = item.ownerUserId ? ` · <@${item.ownerUserId}>` : '';
  const due = formatCalendarDate(item.dueDate, t.locale);
  const flag = item.status === 'done' ? `✅ ${t('table.actions.done_label')}` : isOverdue(item, today) ? `⚠️ *${t('table.actions.overdue')}*` : '';
  return `*${escapeMrkdwn(item.ownerOrganizationShortName)}*${owner} · ${t('table.actions.due', { date: due })}${flag ? ` · ${flag}` : ''}\n${escapeMrkdwn(item.text)}`;
}

/** The minutes (verbale), posted in the notice's thread. */
export function minutesMessage(details: MeetingDetails, t: Translator, tz: string): MessageContent {
  const { meeting } = details;
  const today = dayjs(meeting.heldAt ?? meeting.startsAt).tz(tz).format('YYYY-MM-DD');
  const head: Block[] = [
    header(t('table.minutes.header', { title: meeting.title })),
    context([meetingWhen(meeting, t, tz)]),
    section(`*${t('table.minutes.attendees_title')}*\n${details.attendees.map((u) => `<@${u}>`).join(', ') || t('common.none')}`),
    section(`*${t('table.minutes.summary_title')}*\n${escapeMrkdwn(meeting.summary ?? '')}`),
  ];
  if (meeting.decisions) head.push(section(`*${t('table.minutes.decisions_title')}*\n${escapeMrkdwn(meeting.decisions)}`));
  head.push(section(`*${t('table.minutes.actions_title')}*${details.actionItems.length ? '' : `\n${t('table.minutes.no_actions')}`}`));
  const items = details.actionItems.map((a) => [section(actionLine(a, t, today))]);
  return { text: t('table.minutes.fallback', { title: escapeMrkdwn(meeting.title) }), blocks: capBlocks(head, items, [], t) };
}

/** `total` counts every matching item: when only the first ones are listed, a line says how many more there are. */
export function actionItemsMessage(items: ActionItem[], filter: ActionsFilter, canComplete: (item: ActionItem) => boolean, t: Translator, today: string, total = items.length): MessageContent {
  const title = t(`table.actions.header_${filter}`);
  if (items.length === 0) return { text: title, blocks: [header(title), section(t('table.actions.empty'))] };
  const groups = items.map((item) => {
    const block: Block = section(`*#${item.id}* · ${actionLine(item, t, today)}`);
    if (item.status !== 'open' || !canComplete(item)) return [block];
    return [{ ...block, accessory: markDoneButton(item.id, t) } as Block];
  });
  const overdue = items.filter((i) => isOverdue(i, today)).length;
  const notListed = total - items.length;
  const tail = notListed > 0 ? [context([t('table.actions.more', { count: notListed })])] : [];
  return { text: title, blocks: capBlocks([header(title), context([t('table.actions.summary', { count: total, overdue })])], groups, tail, t) };
}

// ---- direct messages --------------------------------------------------------------------

function icsButtonRow(meeting: Meeting, t: Translator): Block {
  return { type: 'actions', elements: [button(t('table.ics.button'), ACTION.ics, String(meeting.id))] };
}

export function meetingReminderMessage(kind: ReminderKind, meeting: Meeting, t: Translator, tz: string): MessageContent {
  const text = t(`table.reminder.${kind}`, { id: meeting.id, title: escapeMrkdwn(meeting.title), when: meetingWhen(meeting, t, tz) });
  const blocks: Block[] = [section(`${text}\n*${t('table.notice.where')}:* ${meetingWhere(meeting, t)}`)];
  if (kind === 'day_before') {
    // Answering from the reminder itself: the same buttons as on the notice.
    blocks.push(context([t('table.reminder.answer_hint', { id: meeting.id })]), { type: 'actions', elements: [...rsvpButtons(meeting, t), button(t('table.ics.button'), ACTION.ics, String(meeting.id))] });
  } else {
    blocks.push(icsButtonRow(meeting, t));
  }
  return { text: truncate(text, LIMITS.sectionText), blocks };
}

export function meetingChangeMessage(kind: 'rescheduled' | 'cancelled', meeting: Meeting, t: Translator, tz: string): MessageContent {
  const text = t(`table.change.${kind}`, { id: meeting.id, title: escapeMrkdwn(meeting.title), when: meetingWhen(meeting, t, tz), where: meetingWhere(meeting, t) });
  return { text: truncate(text, LIMITS.sectionText), blocks: [section(text), context([t(`table.change.${kind}_hint`)]), icsButtonRow(meeting, t)] };
}

// ---- short replies ----------------------------------------------------------------------

export function convenedMessage(meeting: Meeting, t: Translator, tz: string): MessageContent {
  return textMessage(t('table.convene.done', { id: meeting.id, title: escapeMrkdwn(meeting.title), when: meetingWhen(meeting, t, tz), channel: meeting.channelId }));
}

export function actionDoneMessage(item: ActionItem, t: Translator): MessageContent {
  return textMessage(t('table.actions.marked_done', { id: item.id, text: escapeMrkdwn(item.text) }));
}

export function tableHelpMessage(t: Translator): MessageContent {
  const title = t('table.help.title');
  return { text: title, blocks: [section(`*${title}*\n${t('table.help.lines')}`), context([t('table.help.examples')])] };
}
