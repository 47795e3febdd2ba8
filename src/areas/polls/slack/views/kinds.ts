import type { types } from '@slack/bolt';
import type { Locale } from '../../../../platform/i18n/locales';
import { plain, truncate } from '../../../../platform/slack/blocks';
import { INPUT } from '../../../../platform/slack/ids';
import type { Block } from '../../../../platform/slack/types';
import { pollsMessages, type PollsMessages } from '../../messages';
import { bar, type OptionTally, type PollOutcome, type PollTally } from '../../domain/tally';
import { VOTE_ANSWERS, type Poll, type PollKind, type PollState } from '../../domain/types';
import { POLL_IDS } from '../ids';
import { answerWord, button, conveneValue, optionTitle, resultsVisible, voterNames } from './parts';

/** What one option of a poll message is drawn from. */
export interface OptionView {
  entry: OptionTally;
  state: PollState;
  tally: PollTally;
  outcome: PollOutcome;
  locale: Locale;
}

/** How a kind of poll looks in Slack: its choice and input in the create form, its message, its result. */
export interface PollKindView {
  /** Its name among the kinds of the create form. */
  formLabel(m: PollsMessages): string;
  /** The create form's input for its options (shown for every kind: a modal cannot change as one picks). */
  formInput(m: PollsMessages): Block;
  /** What the poll message says of its kind. */
  metaLabel(poll: Poll, m: PollsMessages): string;
  /** The blocks of one option in the poll message: counts, voters, buttons. */
  optionBlocks(view: OptionView): Block[];
  /** The counts of one option in the result. */
  resultCounts(entry: OptionTally, m: PollsMessages): string;
}

function section(text: string): types.SectionBlock {
  return { type: 'section', text: { type: 'mrkdwn', text: truncate(text, 3000) } };
}

const choice: PollKindView = {
  formLabel: (m) => m.form.kind_choice,
  formInput: (m) => ({
    type: 'input',
    block_id: POLL_IDS.blockOptions,
    optional: true,
    label: plain(m.form.options_label, 2000),
    hint: plain(m.form.options_hint, 2000),
    element: { type: 'plain_text_input', action_id: INPUT, multiline: true, max_length: 2000 },
  }),
  metaLabel: (poll, m) => (poll.multipleChoice ? m.message.kind_choice_multiple : m.message.kind_choice_single),
  optionBlocks({ entry, state, tally, locale }) {
    const { poll } = state;
    const m = pollsMessages(locale);
    const lines = [`*${optionTitle(entry.option, locale)}*`];
    if (resultsVisible(poll)) {
      const count = entry.counts.yes;
      const voters = voterNames(entry.voters.yes, state, locale);
      lines.push(`\`${bar(count, tally.respondents)}\` ${m.message.option_count({ count })}${voters ? ` · ${voters}` : ''}`);
    }
    const block = section(lines.join('\n'));
    if (poll.status === 'open') block.accessory = button(m.message.vote, `${POLL_IDS.vote}:${entry.option.id}`, String(entry.option.id));
    return [block];
  },
  resultCounts: (entry, m) => m.message.option_count({ count: entry.counts.yes }),
};

const date: PollKindView = {
  formLabel: (m) => m.form.kind_date,
  formInput: (m) => ({
    type: 'input',
    block_id: POLL_IDS.blockSlots,
    optional: true,
    label: plain(m.form.slots_label, 2000),
    hint: plain(m.form.slots_hint, 2000),
    element: { type: 'plain_text_input', action_id: INPUT, multiline: true, max_length: 1000, placeholder: plain('2026-12-03 10:00 120', 150) },
  }),
  metaLabel: (_poll, m) => m.message.kind_date,
  optionBlocks({ entry, state, tally, outcome, locale }) {
    const { poll } = state;
    const m = pollsMessages(locale);
    const lines = [`*${optionTitle(entry.option, locale)}*`];
    if (resultsVisible(poll)) {
      lines.push(`\`${bar(entry.counts.yes, tally.respondents)}\` ${m.message.date_counts(entry.counts)}`);
      // Who answered what for this slot, "no" included (nobody is named in an anonymous poll).
      for (const answer of VOTE_ANSWERS) {
        const voters = voterNames(entry.voters[answer], state, locale);
        if (voters) lines.push(m.message.answers_of({ answer: answerWord(answer, locale), who: voters }));
      }
    }
    const block = section(lines.join('\n'));
    const winning = outcome.kind === 'winner' ? [outcome.option] : outcome.kind === 'tie' ? outcome.options : [];
    if (poll.status === 'closed' && winning.some((w) => w.option.id === entry.option.id)) {
      // A tie offers each tied slot; action ids must be unique in a message, and the router
      // routes `table_convene_from_poll:<option>` to the same handler.
      const actionId = winning.length === 1 ? POLL_IDS.conveneFromPoll : `${POLL_IDS.conveneFromPoll}:${entry.option.id}`;
      block.accessory = button(m.message.convene, actionId, conveneValue(poll.id, entry.option), 'primary');
    }
    const out: Block[] = [block];
    if (poll.status === 'open') {
      out.push({
        type: 'actions',
        block_id: `poll_slot_${entry.option.id}`,
        elements: VOTE_ANSWERS.map((answer) =>
          button(answerWord(answer, locale), `${POLL_IDS.vote}:${entry.option.id}:${answer}`, `${entry.option.id}:${answer}`, answer === 'yes' ? 'primary' : undefined),
        ),
      });
    }
    return out;
  },
  resultCounts: (entry, m) => m.message.date_counts(entry.counts),
};

/** Every kind's rendering: the type-checker refuses a kind of PollKind without its entry. */
export const POLL_KIND_VIEWS = { choice, date } as const satisfies Record<PollKind, PollKindView>;

export function kindView(kind: PollKind): PollKindView {
  return POLL_KIND_VIEWS[kind];
}
