import type { Locale } from '../../../../platform/i18n/locales';
import { context, escapeMrkdwn, section, truncate } from '../../../../platform/slack/blocks';
import type { Block } from '../../../../platform/slack/types';
import { formatInstant } from '../../../../platform/time';
import type { AnsweredPoll } from '../../domain/reporting';
import { pollsMessages } from '../../messages';
import { choicesText, withdrawButton } from './parts';

/** At most this many answered polls are shown on the App Home, each with its own button. */
const ANSWERED_SHOWN = 5;

/**
 * The App Home's open polls the viewer has answered: each with what they answered («hai risposto:
 * …»; for a per-organization poll, what their organization answered) and «Ritira il mio voto».
 */
export function answeredPollsBlocks(answered: readonly AnsweredPoll[], locale: Locale, tz: string): Block[] {
  if (answered.length === 0) return [];
  const m = pollsMessages(locale);
  const blocks: Block[] = [section(m.home.answered({ count: answered.length }))];
  for (const a of answered.slice(0, ANSWERED_SHOWN)) {
    const choices = choicesText(a.mine, locale);
    const parts = [
      `• ${escapeMrkdwn(truncate(a.summary.question, 200))}`,
      a.organization ? m.home.organization_answered({ organization: escapeMrkdwn(a.organization), choices }) : m.home.you_answered({ choices }),
    ];
    if (a.summary.closesAt) parts.push(m.message.deadline({ when: formatInstant(a.summary.closesAt, tz, locale) }));
    if (a.summary.channelId) parts.push(`<#${a.summary.channelId}>`);
    blocks.push(Object.assign(section(truncate(parts.join(' · '), 3000)), { accessory: withdrawButton(a.summary.id, locale) }));
  }
  if (answered.length > ANSWERED_SHOWN) blocks.push(context([m.home.more({ count: answered.length - ANSWERED_SHOWN })]));
  return blocks;
}
