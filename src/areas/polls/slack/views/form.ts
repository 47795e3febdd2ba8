import { commonMessages } from '../../../../platform/i18n/common';
import type { Locale } from '../../../../platform/i18n/locales';
import type { FieldErrors } from '../../../../platform/input/validation';
import { plain, textMessage } from '../../../../platform/slack/blocks';
import { toBlockErrors } from '../../../../platform/slack/error-views';
import { INPUT } from '../../../../platform/slack/ids';
import type { Block, MessageContent, ModalView } from '../../../../platform/slack/types';
import { pollsMessages } from '../../messages';
import { POLL_KINDS, type Poll, type PollField, type PollKind, type VoteScope } from '../../domain/types';
import { POLL_IDS } from '../ids';
import { kindView } from './kinds';

export interface PollModalInput {
  organizations: Array<{ id: number; shortName: string; name: string }>;
  channelId?: string;
  kind?: PollKind;
  privateMetadata: string;
}

/** The create-poll modal: every kind's input is shown; the kind chosen decides which one is read. */
export function pollModal(locale: Locale, input: PollModalInput): ModalView {
  const m = pollsMessages(locale);
  const kindOption = (kind: PollKind) => ({ text: plain(kindView(kind).formLabel(m)), value: kind });
  const scopeOption = (scope: VoteScope) => ({ text: plain({ person: m.form.scope_person, organization: m.form.scope_organization }[scope]), value: scope });
  const settingOption = (value: 'multiple' | 'anonymous' | 'hidden') => ({
    text: plain({ multiple: m.form.setting_multiple, anonymous: m.form.setting_anonymous, hidden: m.form.setting_hidden }[value]),
    value,
  });
  const orgs = input.organizations.slice(0, 100);
  const blocks: Block[] = [
    {
      type: 'input',
      block_id: POLL_IDS.blockKind,
      label: plain(m.form.kind_label, 2000),
      element: { type: 'radio_buttons', action_id: INPUT, options: POLL_KINDS.map(kindOption), initial_option: kindOption(input.kind ?? 'choice') },
    },
    {
      type: 'input',
      block_id: POLL_IDS.blockQuestion,
      label: plain(m.form.question_label, 2000),
      element: { type: 'plain_text_input', action_id: INPUT, max_length: 300, placeholder: plain(m.form.question_placeholder, 150) },
    },
    ...POLL_KINDS.map((kind) => kindView(kind).formInput(m)),
    {
      type: 'input',
      block_id: POLL_IDS.blockSettings,
      optional: true,
      label: plain(m.form.settings_label, 2000),
      element: { type: 'checkboxes', action_id: INPUT, options: [settingOption('multiple'), settingOption('anonymous'), settingOption('hidden')] },
    },
    {
      type: 'input',
      block_id: POLL_IDS.blockScope,
      label: plain(m.form.scope_label, 2000),
      element: { type: 'radio_buttons', action_id: INPUT, options: [scopeOption('person'), scopeOption('organization')], initial_option: scopeOption('person') },
    },
  ];
  if (orgs.length) {
    blocks.push({
      type: 'input',
      block_id: POLL_IDS.blockOrganizations,
      optional: true,
      label: plain(m.form.organizations_label, 2000),
      hint: plain(m.form.organizations_hint, 2000),
      element: {
        type: 'multi_static_select',
        action_id: INPUT,
        options: orgs.map((o) => ({ text: plain(`${o.shortName} · ${o.name}`), value: String(o.id) })),
      },
    });
  }
  blocks.push(
    {
      type: 'input',
      block_id: POLL_IDS.blockDeadlineDate,
      optional: true,
      label: plain(m.form.deadline_date_label, 2000),
      hint: plain(m.form.deadline_hint, 2000),
      element: { type: 'datepicker', action_id: INPUT },
    },
    {
      type: 'input',
      block_id: POLL_IDS.blockDeadlineTime,
      optional: true,
      label: plain(m.form.deadline_time_label, 2000),
      element: { type: 'timepicker', action_id: INPUT },
    },
    {
      type: 'input',
      block_id: POLL_IDS.blockChannel,
      label: plain(m.form.channel_label, 2000),
      element: input.channelId && /^C/.test(input.channelId)
        ? { type: 'channels_select', action_id: INPUT, initial_channel: input.channelId }
        : { type: 'channels_select', action_id: INPUT },
    },
  );
  return {
    type: 'modal',
    callback_id: POLL_IDS.callbackNew,
    private_metadata: input.privateMetadata,
    title: plain(m.form.title, 24),
    submit: plain(m.form.submit, 24),
    close: plain(commonMessages(locale).buttons.cancel, 24),
    blocks,
  };
}

const POLL_FIELD_BLOCKS: Record<PollField, string> = {
  kind: POLL_IDS.blockKind,
  question: POLL_IDS.blockQuestion,
  options: POLL_IDS.blockOptions,
  slots: POLL_IDS.blockSlots,
  settings: POLL_IDS.blockSettings,
  scope: POLL_IDS.blockScope,
  organizations: POLL_IDS.blockOrganizations,
  deadlineDate: POLL_IDS.blockDeadlineDate,
  deadlineTime: POLL_IDS.blockDeadlineTime,
  channel: POLL_IDS.blockChannel,
};

export function pollFieldErrors(errors: FieldErrors<PollField>, locale: Locale): Record<string, string> {
  return toBlockErrors(errors, POLL_FIELD_BLOCKS, locale);
}

export function pollCreatedMessage(poll: Poll, locale: Locale): MessageContent {
  return textMessage(pollsMessages(locale).form.created({ id: poll.id, channelId: poll.channelId }));
}
