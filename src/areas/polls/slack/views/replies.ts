import type { Locale } from '../../../../platform/i18n/locales';
import { capBlocks, context, escapeMrkdwn, header, section, textMessage, truncate } from '../../../../platform/slack/blocks';
import type { MessageContent } from '../../../../platform/slack/types';
import { formatInstant } from '../../../../platform/time';
import { pollsMessages } from '../../messages';
import type { Poll, PollParticipation, VoteReceipt, WithdrawReceipt } from '../../domain/types';
import { answerWord, choicesText, optionTitle, withdrawButton } from './parts';

export function pollHelpMessage(locale: Locale): MessageContent {
  const m = pollsMessages(locale).help;
  return { text: m.title, blocks: [section(`*${m.title}*\n${m.lines}`), context([m.notes])] };
}

export function pollListMessage(items: PollParticipation[], locale: Locale, tz: string): MessageContent {
  const m = pollsMessages(locale);
  const title = m.list.header;
  if (items.length === 0) return { text: title, blocks: [header(title), section(m.list.empty)] };
  const groups = items.map(({ poll, invitedOrganizations, respondedOrganizations, respondents }) => [
    section(
      m.list.line({
        id: poll.id,
        question: escapeMrkdwn(truncate(poll.question, 200)),
        status:
          poll.status === 'closed'
            ? m.list.closed
            : poll.closesAt
              ? m.list.open_until({ when: formatInstant(poll.closesAt, tz, locale) })
              : m.list.open,
        participation: m.list.participation({ responded: respondedOrganizations, invited: invitedOrganizations, answers: m.message.respondents({ count: respondents }) }),
        channelId: poll.channelId,
      }),
    ),
  ]);
  return { text: title, blocks: capBlocks([header(title)], groups, [], locale) };
}

/** What a vote did, in one line: by how the kind keeps votes (one ballot, one answer per option, or a toggle). */
function voteDone(receipt: VoteReceipt, locale: Locale): string {
  const m = pollsMessages(locale).vote;
  const option = optionTitle(receipt.option, locale);
  switch (receipt.ballot) {
    case 'single':
      if (!receipt.organization) return m.recorded({ option });
      return (receipt.replaced ? m.recorded_org : m.recorded_org_first)({ option, organization: escapeMrkdwn(receipt.organization) });
    case 'toggle':
      return receipt.selected ? m.added({ option }) : m.removed({ option });
    case 'per_option': {
      const answer = answerWord(receipt.answer, locale);
      return receipt.organization ? m.date_org({ slot: option, answer, organization: escapeMrkdwn(receipt.organization) }) : m.date({ slot: option, answer });
    }
    default: {
      const never: never = receipt;
      throw new Error(`unknown vote receipt ${JSON.stringify(never)}`);
    }
  }
}

/**
 * What the voter is told (only they see it): what the vote did and, where a ballot holds several
 * answers, the whole ballot as it now is; with «Ritira il mio voto» while there is one.
 */
export function voteReceiptMessage(receipt: VoteReceipt, locale: Locale): MessageContent {
  const m = pollsMessages(locale).vote;
  const lines = [voteDone(receipt, locale)];
  if (receipt.ballot !== 'single') lines.push(receipt.mine.length ? m.yours({ choices: choicesText(receipt.mine, locale) }) : m.yours_none);
  const text = lines.join('\n');
  if (receipt.mine.length === 0) return textMessage(text);
  return { text, blocks: [section(text), { type: 'actions', block_id: `poll_receipt_${receipt.pollId}`, elements: [withdrawButton(receipt.pollId, locale)] }] };
}

/** What withdrawing took away. */
export function withdrawnMessage(receipt: WithdrawReceipt, locale: Locale): MessageContent {
  const m = pollsMessages(locale).vote;
  const values = { id: receipt.poll.id, choices: choicesText(receipt.withdrawn, locale) };
  return textMessage(receipt.organization ? m.withdrawn_org({ ...values, organization: escapeMrkdwn(receipt.organization) }) : m.withdrawn(values));
}

/** The reminder DM to a member (or, for per-organization polls, a member of an organization) who has not answered. */
export function reminderMessage(input: { poll: Poll; organization?: string }, locale: Locale, tz: string): MessageContent {
  const { poll } = input;
  const m = pollsMessages(locale).remind;
  const values = { question: escapeMrkdwn(truncate(poll.question, 200)), channelId: poll.channelId, organization: escapeMrkdwn(input.organization ?? '') };
  const lines = [poll.voteScope === 'organization' ? m.dm_organization(values) : m.dm_person(values)];
  if (poll.closesAt) lines.push(m.dm_deadline({ when: formatInstant(poll.closesAt, tz, locale) }));
  return textMessage(lines.join(' '));
}

/** The comment of the CSV file in the caller's DM. */
export function exportComment(poll: Poll, locale: Locale): string {
  return pollsMessages(locale).export.comment({ id: poll.id, question: escapeMrkdwn(truncate(poll.question, 200)) });
}

export function exportSentMessage(poll: Poll, locale: Locale): MessageContent {
  return textMessage(pollsMessages(locale).export.sent({ id: poll.id }));
}

export function pollClosedMessage(poll: Poll, locale: Locale): MessageContent {
  return textMessage(pollsMessages(locale).close.done({ id: poll.id }));
}

export function pollReopenedMessage(poll: Poll, locale: Locale): MessageContent {
  return textMessage(pollsMessages(locale).close.reopened({ id: poll.id }));
}

export function remindersSentMessage(count: number, locale: Locale): MessageContent {
  const m = pollsMessages(locale).remind;
  return textMessage(count > 0 ? m.sent({ count }) : m.nobody);
}
