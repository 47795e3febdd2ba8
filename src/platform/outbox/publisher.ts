import type { Locale } from '../config';
import type { Knex } from '../database/transaction';
import type { Logger } from '../logger';
import { classifySlackError, retryDelayMs } from '../slack/slack-errors';
import {
  claimDueMessages,
  markMessageFailed,
  markMessagePublished,
  markPostAttempt,
  nextDueAt,
  type PublishedMessage,
  CHANNEL_ACCESS_ERRORS,
} from './published-messages-store';
import type { Queryable } from '../database/transaction';
import type { Clock } from '../clock';
import { DeliveryLoop, errorSummary } from './delivery-loop';
import { postKind, requestPost, type Outbox } from './outbox';
import { findEarlierPost, postFindable } from './findable-posts';
import type { MessageContent, SlackClient } from '../slack/types';

/**
 * A permanent refusal is still retried, every two hours (not every day): once someone invites the
 * app or unarchives the channel, the message goes out soon without anyone resubmitting.
 */
const PERMANENT_RETRY_MS = 2 * 60 * 60 * 1000;

/**
 * Renders the current state of an entity as a channel message; undefined when it no longer
 * exists. Reads through `q`, the publisher's own connections, so a burst of requests cannot
 * starve it.
 */
export type MessageRenderer = (entityId: number, locale: Locale, q: Queryable) => Promise<MessageContent | undefined>;

export interface MessagePublisherOptions {
  db: Knex;
  client: SlackClient;
  logger: Logger;
  /** Tells the requester of a message that Slack refuses for good, by DM (no notice without it). */
  outbox?: Outbox;
  /** At most one chat.update per message within this interval (Slack's ~1/s guidance). */
  minIntervalMs?: number;
  /** How long a replica holds a message while publishing it. */
  leaseMs?: number;
  /** How often to look for work left by failures or by other replicas. */
  sweepMs?: number;
  clock: Clock;
}

/** The DM telling whoever asked for a channel message that Slack refuses it (rendered by the platform's own posts). */
export const CANNOT_POST = postKind<{ channel: string }>('publisher.cannot_post');

/**
 * Brings channel messages that mirror an entity (announcements, notices, polls) up to date.
 * Services request or mark a message in their transaction; this publishes after commit, so a
 * Slack failure never loses the change: the message stays pending in the database until Slack
 * confirms, and any replica may finish it.
 */
export class MessagePublisher extends DeliveryLoop<PublishedMessage> {
  private readonly renderers = new Map<string, MessageRenderer>();
  private readonly minIntervalMs: number;
  private readonly leaseMs: number;

  constructor(private readonly options: MessagePublisherOptions) {
    super({ name: 'publisher', logger: options.logger, clock: options.clock, sweepMs: options.sweepMs ?? 5_000 });
    this.minIntervalMs = options.minIntervalMs ?? 1000;
    this.leaseMs = options.leaseMs ?? 30_000;
  }

  register(entityType: string, renderer: MessageRenderer): void {
    this.renderers.set(entityType, renderer);
  }

  /**
   * Claims messages due at `now`, not updated within the last `minIntervalMs` (this is what coalesces
   * a burst of changes into about one update per second).
   */
  protected claimDue(now: Date, limit: number): Promise<PublishedMessage[]> {
    return claimDueMessages(this.options.db, { now, leaseUntil: new Date(now.getTime() + this.leaseMs), minIntervalMs: this.minIntervalMs, limit });
  }

  protected nextDueAt(): Promise<Date | undefined> {
    return nextDueAt(this.options.db, this.minIntervalMs);
  }

  protected async deliver(message: PublishedMessage, now: Date): Promise<boolean> {
    const { db, client, logger } = this.options;
    const log = logger.child({ entity: message.entityType, entityId: message.entityId, channel: message.channelId });
    const renderer = this.renderers.get(message.entityType);
    // Whether no attempt so far can have posted this message, should Slack refuse this one.
    let earlierPostRuledOut = message.unconfirmedPostAt === null;
    try {
      if (!renderer) throw new Error(`no renderer for ${message.entityType}`);
      const content = await renderer(message.entityId, message.locale, db);
      if (!content) {
        // The entity is gone: nothing left to mirror; mark it published so it stops being due.
        await markMessagePublished(db, { id: message.id, ts: message.ts ?? '', version: message.version, now });
        return false;
      }
      let ts = message.ts;
      const key = `message:${message.id}`;
      if (!ts && message.unconfirmedPostAt) {
        const earlier = await findEarlierPost(client, log, { channel: message.channelId }, key, message.unconfirmedPostAt);
        if ('ts' in earlier) {
          ts = earlier.ts;
          log.info({ ts }, 'found the post an earlier attempt made; updating it instead of posting again');
        }
        earlierPostRuledOut = 'none' in earlier;
      }
      if (ts) {
        await client.chat.update({ channel: message.channelId, ts, text: content.text, blocks: content.blocks });
      } else {
        if (!(await markPostAttempt(db, { id: message.id, now, leaseUntil: message.leaseUntil, clock: this.options.clock.now() }))) {
          log.warn('the claim ran out before posting (Slack was slow); leaving the message to whoever holds it now');
          return false;
        }
        ts = await postFindable(client, { channel: message.channelId }, content, key);
      }
      await markMessagePublished(db, { id: message.id, ts, version: message.version, now: this.options.clock.now() });
      log.debug({ ts, version: message.version }, message.ts ? 'message updated' : 'message posted');
      return true;
    } catch (error) {
      const failure = classifySlackError(error);
      const delay = failure.retryable ? retryDelayMs(failure, message.failures) : PERMANENT_RETRY_MS;
      log.warn({ reason: failure.reason, retryable: failure.retryable, retryInMs: delay }, 'publishing a message failed; will retry');
      try {
        await markMessageFailed(db, {
          id: message.id,
          error: failure.reason,
          retryAt: new Date(now.getTime() + delay),
          postRuledOut: !message.ts && earlierPostRuledOut && failure.surelyRefused,
        });
      } catch (dbError) {
        // The lease runs out by itself; another pass will pick the message up.
        log.warn({ err: errorSummary(dbError) }, 'could not record the publishing failure');
      }
      if (CHANNEL_ACCESS_ERRORS.has(failure.reason)) await this.tellRequester(message, now, log);
      return false;
    }
  }

  /**
   * The message stays pending and is retried, but nobody would know why it is missing: the user
   * whose action asked for it gets one DM, in their language, saying how to fix it.
   */
  private async tellRequester(message: PublishedMessage, now: Date, log: Logger): Promise<void> {
    const { db, outbox } = this.options;
    if (!outbox || !message.requestedBy) return;
    try {
      const asked = await requestPost(db, { kind: CANNOT_POST, to: { user: message.requestedBy }, key: `publisher.cannot_post:${message.id}`, params: { channel: message.channelId } }, now);
      if (asked) outbox.kick();
    } catch (error) {
      log.warn({ err: errorSummary(error) }, 'could not tell the requester that the message cannot be published');
    }
  }
}
