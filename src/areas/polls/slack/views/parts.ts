import type { types } from '@slack/bolt';
import type { Locale } from '../../../../platform/i18n/locales';
import { escapeMrkdwn, plain } from '../../../../platform/slack/blocks';
import { formatCalendarDate } from '../../../../platform/time';
import { pollsMessages } from '../../messages';
import type { PollOutcome, Voter } from '../../domain/tally';
import type { MyAnswer, Poll, PollOption, PollState, VoteAnswer } from '../../domain/types';
import { POLL_IDS } from '../ids';

/** At most this many voters are named under an option; the rest are counted. */
const VOTERS_SHOWN = 15;

/** "gio 3 dicembre 2026, 10:00–12:00" */
export function slotLabel(option: PollOption, locale: Locale): string {
  if (!option.slot) return option.label;
  return pollsMessages(locale).message.slot({ date: formatCalendarDate(option.slot.date, locale, 'weekdayDate'), start: option.slot.start, end: option.slot.end });
}

export function optionTitle(option: PollOption, locale: Locale): string {
  return escapeMrkdwn(option.slot ? slotLabel(option, locale) : option.label);
}

/** Sì / Se necessario / No. */
export function answerWord(answer: VoteAnswer, locale: Locale): string {
  const m = pollsMessages(locale).message;
  return { yes: m.answer_yes, maybe: m.answer_maybe, no: m.answer_no }[answer];
}

/** Who voted for an option: people, or organizations for per-organization polls; nobody for anonymous polls. */
export function voterNames(voters: Voter[], state: PollState, locale: Locale): string {
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
  return names.length > VOTERS_SHOWN ? `${shown} ${pollsMessages(locale).message.voters_more({ count: names.length - VOTERS_SHOWN })}` : shown;
}

/** A voter's ballot in a line: «*Tirocini*, *Formazione*», or for dates «gio 3 dicembre 2026, 10:00–12:00 *Sì*; …». */
export function choicesText(mine: readonly MyAnswer[], locale: Locale): string {
  return mine.map((a) => (a.option.slot ? `${optionTitle(a.option, locale)} *${answerWord(a.answer, locale)}*` : `*${optionTitle(a.option, locale)}*`)).join(choicesSeparator(mine));
}

function choicesSeparator(mine: readonly MyAnswer[]): string {
  return mine.some((a) => a.option.slot) ? '; ' : ', ';
}

/** «Ritira il mio voto»: the same action wherever it is shown. */
export function withdrawButton(pollId: number, locale: Locale): types.Button {
  return button(pollsMessages(locale).message.withdraw, `${POLL_IDS.withdraw}:${pollId}`, String(pollId));
}

export function resultsVisible(poll: Poll): boolean {
  return !poll.resultsHidden || poll.status === 'closed';
}

export function button(text: string, actionId: string, value: string, style?: 'primary' | 'danger'): types.Button {
  return style ? { type: 'button', text: plain(text), action_id: actionId, value, style } : { type: 'button', text: plain(text), action_id: actionId, value };
}

/** The convene button's value, read by the table area (`table_convene_from_poll`). */
export function conveneValue(pollId: number, option: PollOption): string {
  return JSON.stringify({ pollId, date: option.slot?.date, start: option.slot?.start, end: option.slot?.end });
}

export function outcomeText(outcome: PollOutcome, locale: Locale): string {
  const m = pollsMessages(locale).message;
  if (outcome.kind === 'none') return m.none;
  if (outcome.kind === 'winner') return m.winner({ option: optionTitle(outcome.option.option, locale) });
  return m.tie({ options: outcome.options.map((o) => `*${optionTitle(o.option, locale)}*`).join(', ') });
}
