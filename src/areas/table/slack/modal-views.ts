import type { Organization } from '../../network';
import { commonMessages } from '../../../platform/i18n/common';
import type { Locale } from '../../../platform/i18n/locales';
import type { FieldErrors } from '../../../platform/input/validation';
import type { Block, ModalView } from '../../../platform/slack/types';
import { escapeMrkdwn, header, plain, section, truncate, LIMITS } from '../../../platform/slack/blocks';
import { toBlockErrors } from '../../../platform/slack/error-views';
import { INPUT } from '../../../platform/slack/ids';
import { carriedActionText, DEFAULT_MEETING_TITLE, type MeetingField } from '../domain/meeting-input';
import { ACTION_SLOTS, type MinutesField } from '../domain/minutes-input';
import type { ActionItem, Meeting, MeetingDetails } from '../domain/types';
import { tableMessages } from '../messages';
import { TABLE_IDS } from './ids';
import { meetingWhen } from './notice-views';

const { block: BLOCK, callback: CALLBACK } = TABLE_IDS;

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

export function meetingModal(model: MeetingModalModel, locale: Locale): ModalView {
  const m = tableMessages(locale).modal;
  const { initial } = model;
  const convening = model.mode === 'convene';
  const orgOptions = model.organizations.slice(0, LIMITS.staticSelectOptions).map(orgOption);
  const selected = orgOptions.filter((o) => model.selectedOrganizationIds.includes(Number(o.value)));
  const blocks: Block[] = [
    textInput(BLOCK.title, m.title_label, { initial: initial.title ?? DEFAULT_MEETING_TITLE, max: 120 }),
    {
      type: 'input',
      block_id: BLOCK.date,
      label: plain(m.date_label, 2000),
      element: { type: 'datepicker', action_id: INPUT, ...(initial.date ? { initial_date: initial.date } : {}) },
    },
    {
      type: 'input',
      block_id: BLOCK.start,
      label: plain(m.start_label, 2000),
      hint: plain(m.time_hint, 2000),
      element: { type: 'timepicker', action_id: INPUT, ...(initial.start ? { initial_time: initial.start } : {}) },
    },
    {
      type: 'input',
      block_id: BLOCK.end,
      label: plain(m.end_label, 2000),
      element: { type: 'timepicker', action_id: INPUT, ...(initial.end ? { initial_time: initial.end } : {}) },
    },
    textInput(BLOCK.place, m.place_label, { initial: initial.place, max: 200, optional: true, placeholder: m.place_placeholder }),
    textInput(BLOCK.link, m.link_label, { initial: initial.link, max: 500, optional: true, hint: m.link_hint }),
  ];
  if (convening) {
    blocks.push(textInput(BLOCK.agenda, m.agenda_label, { multiline: true, optional: true, max: 3000, hint: m.agenda_hint }));
    const carry = model.openActions.slice(0, 10);
    if (carry.length) {
      blocks.push({
        type: 'input',
        block_id: BLOCK.carry,
        optional: true,
        label: plain(m.carry_label, 2000),
        hint: plain(m.carry_hint, 2000),
        element: {
          type: 'checkboxes',
          action_id: INPUT,
          options: carry.map((a) => ({ text: plain(truncate(carriedActionText(a), 75)), value: String(a.id) })),
          initial_options: carry.map((a) => ({ text: plain(truncate(carriedActionText(a), 75)), value: String(a.id) })),
        },
      } as Block);
    }
  }
  blocks.push({
    type: 'input',
    block_id: BLOCK.organizations,
    label: plain(m.organizations_label, 2000),
    element: { type: 'multi_static_select', action_id: INPUT, options: orgOptions, ...(selected.length ? { initial_options: selected } : {}) },
  } as Block);
  if (convening) {
    blocks.push({
      type: 'input',
      block_id: BLOCK.channel,
      label: plain(m.channel_label, 2000),
      element: { type: 'conversations_select', action_id: INPUT, filter: { include: ['public'], exclude_bot_users: true }, ...(initial.channelId ? { initial_conversation: initial.channelId } : {}) },
    } as Block);
  }
  return {
    type: 'modal',
    callback_id: convening ? CALLBACK.convene : CALLBACK.edit,
    private_metadata: model.privateMetadata,
    title: plain(convening ? m.convene_title : m.edit_title, LIMITS.modalTitle),
    submit: plain(convening ? m.convene_submit : m.edit_submit, 24),
    close: plain(commonMessages(locale).buttons.cancel, 24),
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

export function meetingFieldErrors(errors: FieldErrors<MeetingField>, locale: Locale): Record<string, string> {
  return toBlockErrors(errors, MEETING_FIELD_BLOCKS, locale);
}

export function delegateModal(meeting: Meeting, locale: Locale, tz: string, privateMetadata: string): ModalView {
  const m = tableMessages(locale).delegate;
  return {
    type: 'modal',
    callback_id: CALLBACK.delegate,
    private_metadata: privateMetadata,
    title: plain(m.modal_title, LIMITS.modalTitle),
    submit: plain(m.submit, 24),
    close: plain(commonMessages(locale).buttons.cancel, 24),
    blocks: [
      section(`*${escapeMrkdwn(meeting.title)}*\n${meetingWhen(meeting, locale, tz)}`),
      {
        type: 'input',
        block_id: BLOCK.delegateUser,
        label: plain(m.user_label, 2000),
        hint: plain(m.user_hint, 2000),
        element: { type: 'users_select', action_id: INPUT },
      },
    ],
  };
}

export function minutesModal(
  model: { details: MeetingDetails; organizations: Organization[]; preset: string[]; presetOrganizationIds: number[]; correcting: boolean; privateMetadata: string },
  locale: Locale,
  tz: string,
): ModalView {
  const m = tableMessages(locale).minutes;
  const { meeting } = model.details;
  const orgOptions = model.organizations.slice(0, LIMITS.staticSelectOptions).map((o) => ({ text: plain(o.shortName), value: String(o.id) }));
  const presentOrgs = orgOptions.filter((o) => model.presetOrganizationIds.includes(Number(o.value)));
  const blocks: Block[] = [
    section(`*${meeting.id}. ${escapeMrkdwn(meeting.title)}*\n${meetingWhen(meeting, locale, tz)}`),
    {
      type: 'input',
      block_id: BLOCK.attendees,
      label: plain(m.attendees_label, 2000),
      hint: plain(m.attendees_hint, 2000),
      optional: true,
      element: { type: 'multi_users_select', action_id: INPUT, ...(model.preset.length ? { initial_users: model.preset } : {}) },
    } as Block,
    {
      type: 'input',
      block_id: BLOCK.attendeeOrganizations,
      label: plain(m.organizations_label, 2000),
      hint: plain(m.organizations_hint, 2000),
      optional: true,
      element: { type: 'multi_static_select', action_id: INPUT, options: orgOptions, ...(presentOrgs.length ? { initial_options: presentOrgs } : {}) },
    } as Block,
    textInput(BLOCK.summary, m.summary_label, { multiline: true, max: 2500, initial: model.correcting ? (meeting.summary ?? undefined) : undefined }),
    textInput(BLOCK.decisions, m.decisions_label, { multiline: true, max: 2500, optional: true, initial: model.correcting ? (meeting.decisions ?? undefined) : undefined }),
  ];
  if (!model.correcting) blocks.push(section(m.actions_hint));
  for (let i = 0; i < (model.correcting ? 0 : ACTION_SLOTS); i++) {
    blocks.push(
      header(m.action_header({ position: i + 1 })),
      textInput(BLOCK.actionText(i), m.action_text_label, { max: 300, optional: true }),
      { type: 'input', block_id: BLOCK.actionOrg(i), optional: true, label: plain(m.action_org_label, 2000), element: { type: 'static_select', action_id: INPUT, options: orgOptions } } as Block,
      { type: 'input', block_id: BLOCK.actionOwner(i), optional: true, label: plain(m.action_owner_label, 2000), element: { type: 'users_select', action_id: INPUT } },
      { type: 'input', block_id: BLOCK.actionDue(i), optional: true, label: plain(m.action_due_label, 2000), element: { type: 'datepicker', action_id: INPUT } },
    );
  }
  return {
    type: 'modal',
    callback_id: CALLBACK.minutes,
    private_metadata: model.privateMetadata,
    title: plain(model.correcting ? m.correct_title : m.modal_title, LIMITS.modalTitle),
    submit: plain(model.correcting ? m.correct_submit : m.submit, 24),
    close: plain(commonMessages(locale).buttons.cancel, 24),
    blocks,
  };
}

export function minutesFieldErrors(errors: FieldErrors<MinutesField>, locale: Locale): Record<string, string> {
  const blocks: Record<string, string> = { attendees: BLOCK.attendees, organizations: BLOCK.attendeeOrganizations, summary: BLOCK.summary, decisions: BLOCK.decisions };
  for (let i = 0; i < ACTION_SLOTS; i++) {
    blocks[`actionText${i}`] = BLOCK.actionText(i);
    blocks[`actionOrg${i}`] = BLOCK.actionOrg(i);
    blocks[`actionOwner${i}`] = BLOCK.actionOwner(i);
    blocks[`actionDue${i}`] = BLOCK.actionDue(i);
  }
  return toBlockErrors<string>(errors, blocks, locale);
}
