import type { Locale } from '../../../platform/config';
import type { PollField } from '../domain/poll-input';
import { bar, pollOutcome, tallyPoll, type OptionTally, type PollOutcome, type PollTally, type Voter } from '../domain/tally';
import type { Poll, PollOption, PollState, VoteAnswer } from '../domain/types';
import type { FieldErrors } from '../../../platform/input/validation';
import type { Translator } from '../../../platform/i18n';
import { formatCalendarDate, formatInstant } from '../../../platform/time';
import type { PollParticipation } from '../store/polls-store';
import type { types } from '@slack/bolt';
import type { Block, MessageContent, ModalView } from '../../../platform/slack/types';
import { capBlocks, context, escapeMrkdwn, header, plain, section, textMessage, truncate } from '../../../platform/slack/blocks';
import { toBlockErrors } from '../../../platform/slack/error-views';
import { INPUT } from '../../../platform/slack/ids';
import { POLL_IDS } from './ids';

const VOTERS_SHOWN = 15;

export function pollHelpMessage(t: Translator): MessageContent {
  const title = t('polls.help.title');
  return { text: title, blocks: [section(`*${title}*\n${t('polls.help.lines')}`), context([t('polls.help.notes')])] };
}

export interface PollModalInput {
  organizations: Array<{ id: number; shortName: string; name: string }>;
  channelId?: string;
  kind?: 'choice' | 'date';
  privateMetadata: string;
}

export function pollModal(t: Translator, input: PollModalInput): ModalView {
  const kindOption = (kind: 'choice' | 'date') => ({ text: plain(t(`polls.form.kind_${kind}`)), value: kind });
  const scopeOption = (scope: 'person' | 'organization') => ({ text: plain(t(`polls.form.scope_${scope}`)), value: scope });
  const settingOption = (value: 'multiple' | 'anonymous' | 'hidden') => ({ text: plain(t(`polls.form.setting_${value}`)), value });
  const orgs = input.organizations.slice(0, 100);
  const blocks: Block[] = [
    {
      type: 'input',
      block_id: POLL_IDS.blockKind,
      label: plain(t('polls.form.kind_label'), 2000),
      element: { type: 'radio_buttons', action_id: INPUT, options: [kindOption('choice'), kindOption('date')], initial_option: kindOption(input.kind ?? 'choice') },
    },
    {
      type: 'input',
      block_id: POLL_IDS.blockQuestion,
      label: plain(t('polls.form.question_label'), 2000),
      element: { type: 'plain_text_input', action_id: INPUT, max_length: 300, placeholder: plain(t('polls.form.question_placeholder'), 150) },
    },
    {
      type: 'input',
      block_id: POLL_IDS.blockOptions,
      optional: true,
      label: plain(t('polls.form.options_label'), 2000),
      hint: plain(t('polls.form.options_hint'), 2000),
      element: { type: 'plain_text_input', action_id: INPUT, multiline: true, max_length: 2000 },
    },
    {
      type: 'input',
      block_id: POLL_IDS.blockSlots,
      optional: true,
      label: plain(t('polls.form.slots_label'), 2000),
      hint: plain(t('polls.form.slots_hint'), 2000),
      element: { type: 'plain_text_input', action_id: INPUT, multiline: true, max_length: 1000, placeholder: plain('2026-12-03 10:00 120', 150) },
    },
    {
      type: 'input',
      block_id: POLL_IDS.blockSettings,
      optional: true,
      label: plain(t('polls.form.settings_label'), 2000),
      element: { type: 'checkboxes', action_id: INPUT, options: [settingOption('multiple'), settingOption('anonymous'), settingOption('hidden')] },
    },
    {
      type: 'input',
      block_id: POLL_IDS.blockScope,
      label: plain(t('polls.form.scope_label'), 2000),
      element: { type: 'radio_buttons', action_id: INPUT, options: [scopeOption('person'), scopeOption('organization')], initial_option: scopeOption('person') },
    },
  ];
  if (orgs.length) {
    blocks.push({
      type: 'input',
      block_id: POLL_IDS.blockOrganizations,
      optional: true,
      label: plain(t('polls.form.organizations_label'), 2000),
      hint: plain(t('polls.form.organizations_hint'), 2000),
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
      label: plain(t('polls.form.deadline_date_label'), 2000),
      hint: plain(t('polls.form.deadline_hint'), 2000),
      element: { type: 'datepicker', action_id: INPUT },
    },
    {
      type: 'input',
      block_id: POLL_IDS.blockDeadlineTime,
      optional: true,
      label: plain(t('polls.form.deadline_time_label'), 2000),
      element: { type: 'timepicker', action_id: INPUT },
    },
    {
      type: 'input',
      block_id: POLL_IDS.blockChannel,
      label: plain(t('polls.form.channel_label'), 2000),
      element: input.channelId && /^C/.test(input.channelId)
        ? { type: 'channels_select', action_id: INPUT, initial_channel: input.channelId }
        : { type: 'channels_select', action_id: INPUT },
    },
  );
  return {
    type: 'modal',
    callback_id: POLL_IDS.callbackNew,
    private_metadata: input.privateMetadata,
    title: plain(t('polls.form.title'), 24),
    submit: plain(t('polls.form.submit'), 24),
    close: plain(t('common.buttons.cancel'), 24),
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

export function pollFieldErrors(errors: FieldErrors<PollField>, t: Translator): Record<string, string> {
  return toBlockErrors(errors, POLL_FIELD_BLOCKS, t);
}

export function pollCreatedMessage(poll: Poll, t: Translator): MessageContent {
  return textMessage(t('polls.form.created', { id: poll.id, channelId: poll.channelId }));
}

/** "gio 3 dicembre 2026, 10:00–12:00" */
export function slotLabel(option: PollOption, t: Translator): string {
  if (!option.slot) return option.label;
  return t('polls.message.slot', { date: formatCalendarDate(option.slot.date, t.locale, 'weekdayDate'), start: option.slot.start, end: option.slot.end });
}

function optionTitle(option: PollOption, t: Translator): string {
  return escapeMrkdwn(option.slot ? slotLabel(option, t) : option.label);
}

function voterNames(voters: Voter[], state: PollState, t: Translator): string {
  if (state.poll.anonymous || voters.length === 0) return '';
  const shortNames = new Map(state.invitedOrganizations.map((o) => [o.id, o.shortName]));
  const names = voters.map((v) =>
    state.poll.voteScope === 'organization'
      ? escapeMrkdwn(shortNames.get(v.organizationId ?? -1) ?? '?')
      : v.userId
        ? `<@${v.userId}>`
        : '?',
  );
  const shown = names.slice(0, VOTERS_SHOWN).join(', ');
  return names.length > VOTERS_SHOWN ? `${shown} ${t('polls.message.voters_more', { count: names.length - VOTERS_SHOWN })}` : shown;
}

function resultsVisible(poll: Poll): boolean {
  return !poll.resultsHidden || poll.status === 'closed';
}

/** The convene button's value, read by the table area (`table_convene_from_poll`). */
export function conveneValue(pollId: number, option: PollOption): string {
  return JSON.stringify({ pollId, date: option.slot?.date, start: option.slot?.start, end: option.slot?.end });
}

function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): types.Button {
  return style ? { type: 'button', text: plain(text), action_id: actionId, value, style } : { type: 'button', text: plain(text), action_id: actionId, value };
}

function choiceOptionBlock(entry: OptionTally, state: PollState, tally: PollTally, t: Translator): Block {
  const { poll } = state;
  const lines = [`*${optionTitle(entry.option, t)}*`];
  if (resultsVisible(poll)) {
    const count = entry.counts.yes;
    const voters = voterNames(entry.voters.yes, state, t);
    lines.push(`\`${bar(count, tally.respondents)}\` ${t('polls.message.option_count', { count })}${voters ? ` · ${voters}` : ''}`);
  }
  const block: types.SectionBlock = { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), 3000) } };
  if (poll.status === 'open') block.accessory = button(t('polls.message.vote'), `${POLL_IDS.vote}:${entry.option.id}`, String(entry.option.id));
  return block;
}

function dateOptionBlocks(entry: OptionTally, state: PollState, tally: PollTally, outcome: PollOutcome, t: Translator): Block[] {
  const { poll } = state;
  const lines = [`*${optionTitle(entry.option, t)}*`];
  if (resultsVisible(poll)) {
    lines.push(`\`${bar(entry.counts.yes, tally.respondents)}\` ${t('polls.message.date_counts', entry.counts)}`);
    for (const answer of ['yes', 'maybe'] as const) {
      const voters = voterNames(entry.voters[answer], state, t);
      if (voters) lines.push(`${t(`polls.message.answer_${answer}`)}: ${voters}`);
    }
  }
  const block: types.SectionBlock = { type: 'section', text: { type: 'mrkdwn', text: truncate(lines.join('\n'), 3000) } };
  const winning = outcome.kind === 'winner' ? [outcome.option] : outcome.kind === 'tie' ? outcome.options : [];
  if (poll.status === 'closed' && winning.some((w) => w.option.id === entry.option.id)) {
    // A tie offers each tied slot; action ids must be unique in a message, and the router
    // routes `table_convene_from_poll:<option>` to the same handler.
    const actionId = winning.length === 1 ? POLL_IDS.conveneFromPoll : `${POLL_IDS.conveneFromPoll}:${entry.option.id}`;
    block.accessory = button(t('polls.message.convene'), actionId, conveneValue(poll.id, entry.option), 'primary');
  }
  const out: Block[] = [block];
  if (poll.status === 'open') {
    out.push({
      type: 'actions',
      block_id: `poll_slot_${entry.option.id}`,
      elements: (['yes', 'maybe', 'no'] as const).map((answer: VoteAnswer) =>
        button(t(`polls.message.answer_${answer}`), `${POLL_IDS.vote}:${entry.option.id}:${answer}`, `${entry.option.id}:${answer}`, answer === 'yes' ? 'primary' : undefined),
      ),
    });
  }
  return out;
}

export function outcomeText(state: PollState, outcome: PollOutcome, t: Translator): string {
  if (outcome.kind === 'none') return t('polls.message.none');
  if (outcome.kind === 'winner') return t('polls.message.winner', { option: optionTitle(outcome.option.option, t) });
  return t('polls.message.tie', { options: outcome.options.map((o) => `*${optionTitle(o.option, t)}*`).join(', ') });
}

/** The channel message that mirrors a poll: options with bars and counts, participation, buttons. */
export function pollMessage(state: PollState, t: Translator, now: Date, tz: string): MessageContent {
  const { poll } = state;
  const tally = tallyPoll(state.options, state.votes, state.invitedOrganizations.map((o) => o.id));
  const outcome = pollOutcome(poll.kind, tally);
  const meta = [
    poll.kind === 'date' ? t('polls.message.kind_date') : t(poll.multipleChoice ? 'polls.message.kind_choice_multiple' : 'polls.message.kind_choice_single'),
    t(poll.voteScope === 'organization' ? 'polls.message.scope_organization' : 'polls.message.scope_person'),
  ];
  if (poll.anonymous) meta.push(t('polls.message.anonymous'));
  if (poll.resultsHidden) meta.push(t('polls.message.hidden'));
  if (!poll.anonymous) meta.push(t('polls.message.by', { userId: poll.createdByUserId }));
  const head: Block[] = [
    header(t(poll.status === 'open' ? 'polls.message.header_open' : 'polls.message.header_closed', { id: poll.id })),
    section(`*${escapeMrkdwn(poll.question)}*`),
    context([meta.join(' · ')]),
  ];
  if (!resultsVisible(poll)) head.push(context([t('polls.message.results_hidden')]));
  const items = tally.options.map((entry) => (poll.kind === 'date' ? dateOptionBlocks(entry, state, tally, outcome, t) : [choiceOptionBlock(entry, state, tally, t)]));
  const footer = [
    t('polls.message.participation', { count: tally.respondedOrganizationIds.length, invited: state.invitedOrganizations.length }),
    t('polls.message.respondents', { count: tally.respondents }),
    poll.status === 'closed' && poll.closedAt
      ? t('polls.message.closed_at', { when: formatInstant(poll.closedAt, tz, t.locale) })
      : poll.closesAt
        ? t('polls.message.deadline', { when: formatInstant(poll.closesAt, tz, t.locale) })
        : t('polls.message.no_deadline'),
  ];
  const tail: Block[] = [];
  if (poll.status === 'closed') tail.push(section(outcomeText(state, outcome, t)));
  tail.push(context([footer.join(' · ')]));
  const controls: types.Button[] = [];
  if (poll.status === 'open') {
    controls.push(button(t('polls.message.remind'), `${POLL_IDS.remind}:${poll.id}`, String(poll.id)));
    controls.push(button(t('polls.message.close'), `${POLL_IDS.close}:${poll.id}`, String(poll.id), 'danger'));
  } else if (!poll.closesAt || poll.closesAt.getTime() > now.getTime()) {
    controls.push(button(t('polls.message.reopen'), `${POLL_IDS.reopen}:${poll.id}`, String(poll.id)));
  }
  if (controls.length) tail.push({ type: 'actions', block_id: `poll_controls_${poll.id}`, elements: controls });
  return { text: t('polls.message.fallback', { question: escapeMrkdwn(truncate(poll.question, 200)) }), blocks: capBlocks(head, items, tail, t) };
}

/** Posted in the poll's thread when it closes: the result, or a tie, or no votes. */
export function pollResultMessage(state: PollState, t: Translator): MessageContent {
  const tally = tallyPoll(state.options, state.votes, state.invitedOrganizations.map((o) => o.id));
  const outcome = pollOutcome(state.poll.kind, tally);
  const title = t('polls.close.result_title', { question: escapeMrkdwn(state.poll.question) });
  const lines = tally.options.map((o) =>
    state.poll.kind === 'date'
      ? `• ${optionTitle(o.option, t)}: ${t('polls.message.date_counts', o.counts)}`
      : `• ${optionTitle(o.option, t)}: ${t('polls.message.option_count', { count: o.counts.yes })}`,
  );
  const summary = t('polls.close.result_respondents', {
    count: tally.respondents,
    responded: tally.respondedOrganizationIds.length,
    invited: state.invitedOrganizations.length,
  });
  return {
    text: `${title} ${outcomeText(state, outcome, t)}`,
    blocks: [section(`${title}\n${outcomeText(state, outcome, t)}`), section(lines.join('\n')), context([summary])],
  };
}

/** The result sent to the creator by DM when the poll message never reached its channel. */
export function pollResultDm(state: PollState, t: Translator): MessageContent {
  const result = pollResultMessage(state, t);
  const note = t('polls.close.result_dm_note', { id: state.poll.id, channelId: state.poll.channelId });
  return { text: `${note} ${result.text}`, blocks: [context([note]), ...result.blocks] };
}

export function reminderMessage(
  input: { poll: Poll; organization?: string },
  t: Translator,
  tz: string,
): MessageContent {
  const { poll } = input;
  const values = { question: escapeMrkdwn(truncate(poll.question, 200)), channelId: poll.channelId, organization: escapeMrkdwn(input.organization ?? '') };
  const lines = [t(poll.voteScope === 'organization' ? 'polls.remind.dm_organization' : 'polls.remind.dm_person', values)];
  if (poll.closesAt) lines.push(t('polls.remind.dm_deadline', { when: formatInstant(poll.closesAt, tz, t.locale) }));
  return textMessage(lines.join(' '));
}

export function pollListMessage(items: PollParticipation[], t: Translator, tz: string): MessageContent {
  const title = t('polls.list.header');
  if (items.length === 0) return { text: title, blocks: [header(title), section(t('polls.list.empty'))] };
  const groups = items.map(({ poll, invitedOrganizations, respondedOrganizations, respondents }) => [
    section(
      t('polls.list.line', {
        id: poll.id,
        question: escapeMrkdwn(truncate(poll.question, 200)),
        status:
          poll.status === 'closed'
            ? t('polls.list.closed')
            : poll.closesAt
              ? t('polls.list.open_until', { when: formatInstant(poll.closesAt, tz, t.locale) })
              : t('polls.list.open'),
        participation: t('polls.list.participation', { responded: respondedOrganizations, invited: invitedOrganizations, answers: t('polls.message.respondents', { count: respondents }) }),
        channelId: poll.channelId,
      }),
    ),
  ]);
  return { text: title, blocks: capBlocks([header(title)], groups, [], t) };
}

export function answerWord(answer: VoteAnswer, t: Translator): string {
  return t(`polls.message.answer_${answer}`);
}

export type VoteReceipt =
  | { kind: 'single'; option: PollOption; organization?: string }
  | { kind: 'toggle'; option: PollOption; selected: boolean }
  | { kind: 'date'; option: PollOption; answer: VoteAnswer; organization?: string };

export function voteReceiptMessage(receipt: VoteReceipt, t: Translator): MessageContent {
  const option = optionTitle(receipt.option, t);
  switch (receipt.kind) {
    case 'single':
      return textMessage(
        receipt.organization
          ? t('polls.vote.recorded_org', { option, organization: escapeMrkdwn(receipt.organization) })
          : t('polls.vote.recorded', { option }),
      );
    case 'toggle':
      return textMessage(t(receipt.selected ? 'polls.vote.added' : 'polls.vote.removed', { option }));
    case 'date':
      return textMessage(
        receipt.organization
          ? t('polls.vote.date_org', { slot: option, answer: answerWord(receipt.answer, t), organization: escapeMrkdwn(receipt.organization) })
          : t('polls.vote.date', { slot: option, answer: answerWord(receipt.answer, t) }),
      );
  }
}

export type { Locale };
