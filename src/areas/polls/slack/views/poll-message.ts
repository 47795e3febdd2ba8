import type { types } from '@slack/bolt';
import type { Locale } from '../../../../platform/i18n/locales';
import { capBlocks, context, escapeMrkdwn, header, section, truncate } from '../../../../platform/slack/blocks';
import type { Block, MessageContent } from '../../../../platform/slack/types';
import { formatInstant } from '../../../../platform/time';
import { pollsMessages } from '../../messages';
import { pollOutcome, tallyPoll } from '../../domain/tally';
import type { PollState } from '../../domain/types';
import { POLL_IDS } from '../ids';
import { kindView } from './kinds';
import { button, optionTitle, outcomeText, resultsVisible, withdrawButton } from './parts';

/** The channel message that mirrors a poll: options with bars and counts, participation, buttons. */
export function pollMessage(state: PollState, locale: Locale, now: Date, tz: string): MessageContent {
  const { poll } = state;
  const m = pollsMessages(locale);
  const view = kindView(poll.kind);
  const tally = tallyPoll(state.options, state.votes, state.invitedOrganizations.map((o) => o.id), state.participants);
  const outcome = pollOutcome(poll.kind, tally);
  const meta = [view.metaLabel(poll, m), poll.voteScope === 'organization' ? m.message.scope_organization : m.message.scope_person];
  if (poll.anonymous) meta.push(m.message.anonymous);
  if (poll.resultsHidden) meta.push(m.message.hidden);
  if (!poll.anonymous) meta.push(m.message.by({ userId: poll.createdByUserId }));
  const head: Block[] = [
    header(poll.status === 'open' ? m.message.header_open({ id: poll.id }) : m.message.header_closed({ id: poll.id })),
    section(`*${escapeMrkdwn(poll.question)}*`),
    context([meta.join(' · ')]),
  ];
  if (!resultsVisible(poll)) head.push(context([m.message.results_hidden]));
  const items = tally.options.map((entry) => view.optionBlocks({ entry, state, tally, outcome, locale }));
  const footer = [
    state.participantsKnown === false
      ? m.message.participation_unknown
      : m.message.participation({ count: tally.respondedOrganizationIds.length, invited: state.invitedOrganizations.length }),
    m.message.respondents({ count: tally.respondents }),
    poll.status === 'closed' && poll.closedAt
      ? m.message.closed_at({ when: formatInstant(poll.closedAt, tz, locale) })
      : poll.closesAt
        ? m.message.deadline({ when: formatInstant(poll.closesAt, tz, locale) })
        : m.message.no_deadline,
  ];
  if (poll.remindedAt) footer.push(m.message.reminded_at({ when: formatInstant(poll.remindedAt, tz, locale) }));
  const tail: Block[] = [];
  if (poll.status === 'closed') tail.push(section(outcomeText(outcome, locale)));
  tail.push(context([footer.join(' · ')]));
  const controls: types.Button[] = [];
  if (poll.status === 'open') {
    controls.push(withdrawButton(poll.id, locale));
    controls.push(button(m.message.remind, `${POLL_IDS.remind}:${poll.id}`, String(poll.id)));
    controls.push(button(m.message.close, `${POLL_IDS.close}:${poll.id}`, String(poll.id), 'danger'));
  } else if (!poll.closesAt || poll.closesAt.getTime() > now.getTime()) {
    controls.push(button(m.message.reopen, `${POLL_IDS.reopen}:${poll.id}`, String(poll.id)));
  }
  if (controls.length) tail.push({ type: 'actions', block_id: `poll_controls_${poll.id}`, elements: controls });
  return { text: m.message.fallback({ question: escapeMrkdwn(truncate(poll.question, 200)) }), blocks: capBlocks(head, items, tail, locale) };
}

/** Posted in the poll's thread when it closes: the result, or a tie, or no votes. */
export function pollResultMessage(state: PollState, locale: Locale): MessageContent {
  const m = pollsMessages(locale);
  const view = kindView(state.poll.kind);
  const tally = tallyPoll(state.options, state.votes, state.invitedOrganizations.map((o) => o.id), state.participants);
  const outcome = outcomeText(pollOutcome(state.poll.kind, tally), locale);
  const title = m.close.result_title({ question: escapeMrkdwn(state.poll.question) });
  const lines = tally.options.map((o) => `• ${optionTitle(o.option, locale)}: ${view.resultCounts(o, m)}`);
  const summary = m.close.result_respondents({
    count: tally.respondents,
    responded: tally.respondedOrganizationIds.length,
    invited: state.invitedOrganizations.length,
  });
  return {
    text: `${title} ${outcome}`,
    blocks: [section(`${title}\n${outcome}`), section(lines.join('\n')), context([summary])],
  };
}

/** The result sent to the creator by DM when the poll message never reached its channel. */
export function pollResultDm(state: PollState, locale: Locale): MessageContent {
  const result = pollResultMessage(state, locale);
  const note = pollsMessages(locale).close.result_dm_note({ id: state.poll.id, channelId: state.poll.channelId });
  return { text: `${note} ${result.text}`, blocks: [context([note]), ...result.blocks] };
}
