import { classifySlackError } from '../lib/slack-errors';
import type { MessageContent, SlackClient } from './slack-types';

/**
 * Slack has no idempotency key for chat.postMessage. When a post times out, fails with a 5xx or
 * the process dies before it records Slack's answer, the message may or may not be in the
 * channel. So every post the app must make exactly once carries a key in its message metadata,
 * and before posting again after such an unknown outcome the channel's history since the first
 * attempt is searched for that key (conversations.history: channels:history, groups:history).
 */
export const POST_EVENT_TYPE = 'isonew_post';

/** The search stops after this many pages of 200 messages (a retry comes minutes, not days, later). */
const HISTORY_PAGES = 5;
/** Slack's clock and ours may differ a little: search from a bit before the first attempt. */
const CLOCK_MARGIN_MS = 60_000;

export type EarlierPost =
  /** The earlier attempt did post: this is its message. */
  | { ts: string }
  /** Nothing with the key since the first attempt: posting now posts once. */
  | { none: true }
  /** Slack will not show this channel's history (the app is not in it, the scope is missing): posting may duplicate. */
  | { unknowable: string };

/** chat.postMessage whose message carries `key`, so that `findEarlierPost` can find it. */
export async function postFindable(client: SlackClient, channel: string, content: MessageContent, key: string): Promise<string> {
  const result = await client.chat.postMessage({
    channel,
    text: content.text,
    blocks: content.blocks,
    unfurl_links: false,
    metadata: { event_type: POST_EVENT_TYPE, event_payload: { key } },
  });
  return result.ts ?? '';
}

/**
 * The message posted with `key` into `channel` since `since`, if Slack shows one. Throws when
 * Slack could not be asked now (a 5xx, a timeout, a 429): the caller retries later rather than
 * post blind.
 */
export async function findEarlierPost(client: SlackClient, channel: string, key: string, since: Date): Promise<EarlierPost> {
  const oldest = ((since.getTime() - CLOCK_MARGIN_MS) / 1000).toFixed(6);
  let cursor: string | undefined;
  try {
    for (let page = 0; page < HISTORY_PAGES; page++) {
      const result = await client.conversations.history({ channel, oldest, limit: 200, include_all_metadata: true, cursor });
      const found = result.messages?.find((m) => m.metadata?.event_type === POST_EVENT_TYPE && (m.metadata.event_payload as { key?: unknown } | undefined)?.key === key);
      if (found?.ts) return { ts: found.ts };
      cursor = result.response_metadata?.next_cursor || undefined;
      if (!result.has_more || !cursor) break;
    }
    return { none: true };
  } catch (error) {
    const failure = classifySlackError(error);
    if (failure.retryable) throw error;
    return { unknowable: failure.reason };
  }
}
