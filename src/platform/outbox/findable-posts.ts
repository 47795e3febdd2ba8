import type { Logger } from '../logger';
import { classifySlackError } from '../slack/slack-errors';
import type { MessageContent, SlackClient } from '../slack/types';

/**
 * Slack has no idempotency key for chat.postMessage. When a post times out, fails with a 5xx or
 * the process dies before it records Slack's answer, the message may or may not be there. So
 * every post the app must make exactly once carries a key in its message metadata, and before
 * posting again after such an unknown outcome the conversation since the first attempt is
 * searched for that key (conversations.history, or conversations.replies in a thread:
 * channels:history, groups:history, im:history).
 */
export const POST_EVENT_TYPE = 'isonew_post';

/** The search stops after this many pages of 200 messages (a retry comes minutes, not days, later). */
const HISTORY_PAGES = 5;
/** Slack's clock and ours may differ a little: search from a bit before the first attempt. */
const CLOCK_MARGIN_MS = 60_000;

/** Where a post goes: a conversation (channel or DM), or a thread in it. */
export interface PostTarget {
  channel: string;
  threadTs?: string;
}

/** One claimed item of a job (runExactlyOnce): its key, and whether and when an earlier attempt started. */
export interface PostRun {
  key: string;
  attempt: number;
  firstStartedAt: Date;
}

export type EarlierPost =
  /** The earlier attempt did post: this is its message. */
  | { ts: string }
  /** Nothing with the key since the first attempt: posting now posts once. */
  | { none: true }
  /** Slack will not show this conversation (the app is not in it, a scope is missing): posting may duplicate. */
  | { unknowable: string };

/** chat.postMessage whose message carries `key`, so that `findEarlierPost` can find it. */
export async function postFindable(client: SlackClient, target: PostTarget, content: MessageContent, key: string): Promise<string> {
  const result = await client.chat.postMessage({
    channel: target.channel,
    thread_ts: target.threadTs,
    text: content.text,
    blocks: content.blocks,
    unfurl_links: false,
    metadata: { event_type: POST_EVENT_TYPE, event_payload: { key } },
  });
  return result.ts ?? '';
}

/**
 * The message posted with `key` into `target` since `since`, if Slack shows one. Throws when
 * Slack could not be asked now (a 5xx, a timeout, a 429): the caller retries later rather than
 * post blind. A conversation Slack will not show is logged: posting then may duplicate.
 */
export async function findEarlierPost(client: SlackClient, logger: Logger, target: PostTarget, key: string, since: Date): Promise<EarlierPost> {
  const earlier = await searchConversation(client, target, key, since);
  if ('unknowable' in earlier) logger.warn({ key, reason: earlier.unknowable }, 'cannot check whether an earlier attempt posted; posting (it may show twice)');
  return earlier;
}

async function searchConversation(client: SlackClient, target: PostTarget, key: string, since: Date): Promise<EarlierPost> {
  const oldest = ((since.getTime() - CLOCK_MARGIN_MS) / 1000).toFixed(6);
  let cursor: string | undefined;
  try {
    for (let page = 0; page < HISTORY_PAGES; page++) {
      const query = { channel: target.channel, oldest, limit: 200, include_all_metadata: true, cursor };
      const result = target.threadTs
        ? await client.conversations.replies({ ...query, ts: target.threadTs })
        : await client.conversations.history(query);
      const found = result.messages?.find(
        (m) => m.metadata?.event_type === POST_EVENT_TYPE && (m.metadata.event_payload as { key?: unknown } | undefined)?.key === key,
      );
      if (found?.ts) return { ts: found.ts };
      cursor = result.response_metadata?.next_cursor || undefined;
      if (!result.has_more || !cursor) return { none: true };
    }
    // More than the pages searched since the first attempt: absence is not proof.
    return { unknowable: 'history_too_long' };
  } catch (error) {
    const failure = classifySlackError(error);
    if (failure.retryable) throw error;
    return { unknowable: failure.reason };
  }
}

/** When a job item's earlier attempt started, if this is not its first (runExactlyOnce's run). */
export function earlierAttemptSince(run: PostRun): Date | undefined {
  return run.attempt > 1 ? run.firstStartedAt : undefined;
}

/**
 * Posts with `key` once: after an attempt whose outcome is unknown (`earlierAttemptSince`), the
 * post that attempt made is looked for first and, when found, stands. Resolves with the message's ts.
 */
export async function postOnce(
  client: SlackClient,
  logger: Logger,
  target: PostTarget,
  content: MessageContent,
  key: string,
  earlierAttemptSince: Date | undefined,
): Promise<string> {
  if (earlierAttemptSince) {
    const earlier = await findEarlierPost(client, logger, target, key, earlierAttemptSince);
    if ('ts' in earlier) return earlier.ts;
  }
  return postFindable(client, target, content, key);
}
