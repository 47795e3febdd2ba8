import type { Locale } from '../config';
import { translator } from '../i18n';
import type { Knex } from '../database/transaction';
import type { Logger } from '../logger';
import { classifySlackError, retryDelayMs } from '../slack/slack-errors';
import { findMemberByUserId } from '../../areas/network/store/members-store';
import {
  claimDueMessages,
  claimRequesterNotice,
  markMessageFailed,
  markMessagePublished,
  markPostAttempt,
  nextDueAt,
  type PublishedMessage,
} from './published-messages-store';
import type { Queryable } from '../database/transaction';
import { textMessage } from '../slack/blocks';
import type { DirectMessages } from './direct-messages';
import { findEarlierPost, postFindable } from './findable-posts';
import type { MessageContent, SlackClient } from '../slack/types';

/** Refusals a person can fix by inviting the app or choosing another channel: the requester is told. */
const CHANNEL_ACCESS_ERRORS = new Set(['channel_not_found', 'not_in_channel', 'is_archived']);
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
  /** Tells the requester of a message that Slack refuses for good (no DM without it). */
  directMessages?: DirectMessages;
  /** At most one chat.update per message within this interval (Slack's ~1/s guidance). */
  minIntervalMs?: number;
  /** How long a replica holds a message while publishing it. */
  leaseMs?: number;
  /** How often to look for work left by failures or by other replicas. */
  sweepMs?: number;
  clock?: () => Date;
}

/**
 * Brings channel messages that mirror an entity (announcements, notices, polls) up to date.
 * Services request or mark a message in their transaction; this publishes after commit, so a
 * Slack failure never loses the change: the message stays pending in the database until Slack
 * confirms, and any replica may finish it.
 */
export class MessagePublisher {
  private readonly renderers = new Map<string, MessageRenderer>();
  private readonly minIntervalMs: number;
  private readonly leaseMs: number;
  private readonly sweepMs: number;
  private readonly clock: () => Date;
  private timer: NodeJS.Timeout | undefined;
  private sweep: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private again = false;
  private stopped = false;

  constructor(private readonly options: MessagePublisherOptions) {
    this.minIntervalMs = options.minIntervalMs ?? 1000;
    this.leaseMs = options.leaseMs ?? 30_000;
    this.sweepMs = options.sweepMs ?? 5_000;
    this.clock = options.clock ?? (() => new Date());
  }

  register(entityType: string, renderer: MessageRenderer): void {
    this.renderers.set(entityType, renderer);
  }

  /** Starts the periodic sweep that picks up retries and other replicas' leftovers. */
  start(): void {
    this.stopped = false;
    this.sweep = setInterval(() => this.kick(), this.sweepMs);
    this.sweep.unref();
    this.kick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.sweep) clearInterval(this.sweep);
    this.timer = undefined;
    this.sweep = undefined;
    await this.running;
  }

  /** Something changed: publish soon. Cheap and safe to call after every mutation. */
  kick(delayMs = 0): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      void this.flush();
    }, delayMs);
  }

  /** Publishes everything due now; resolves when done. Tests and jobs call this directly. */
  async flush(now?: Date): Promise<number> {
    if (this.running) {
      this.again = true;
      await this.running;
    }
    let published = 0;
    const work = (async () => {
      do {
        this.again = false;
        published += await this.publishDue(now ?? this.clock());
      } while (this.again && !this.stopped);
    })();
    this.running = work.catch((error) => {
      this.options.logger.warn({ err: errorSummary(error) }, 'publisher flush failed');
    });
    await this.running;
    this.running = undefined;
    if (!this.stopped && !now) await this.scheduleNext();
    return published;
  }

  private async publishDue(now: Date): Promise<number> {
    let count = 0;
    const limit = 20;
    for (;;) {
      const batch = await claimDueMessages(this.options.db, {
        now,
        leaseUntil: new Date(now.getTime() + this.leaseMs),
        minIntervalMs: this.minIntervalMs,
        limit,
      });
      for (const message of batch) {
        if (await this.publishOne(message, now)) count++;
      }
      // A short batch was everything due at `now`: no need for one more (empty) claim per flush.
      // What is requested meanwhile sets `again` (kick), and the sweep finds the rest.
      if (batch.length < limit) return count;
    }
  }

  private async publishOne(message: PublishedMessage, now: Date): Promise<boolean> {
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
        if (!(await markPostAttempt(db, { id: message.id, now, leaseUntil: message.leaseUntil, clock: this.clock() }))) {
          log.warn('the claim ran out before posting (Slack was slow); leaving the message to whoever holds it now');
          return false;
        }
        ts = await postFindable(client, { channel: message.channelId }, content, key);
      }
      await markMessagePublished(db, { id: message.id, ts, version: message.version, now: this.clock() });
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
    const { db, directMessages } = this.options;
    if (!directMessages || !message.requestedBy) return;
    try {
      if (!(await claimRequesterNotice(db, message.id, now))) return;
      const member = await findMemberByUserId(db, message.requestedBy);
      const t = translator(member?.locale ?? message.locale);
      await directMessages.send(message.requestedBy, textMessage(t('common.publisher.cannot_post', { channel: message.channelId })));
    } catch (error) {
      log.warn({ err: errorSummary(error) }, 'could not tell the requester that the message cannot be published');
    }
  }

  private async scheduleNext(): Promise<void> {
    try {
      const due = await nextDueAt(this.options.db, this.minIntervalMs);
      if (!due) return;
      const delay = Math.max(0, due.getTime() - this.clock().getTime());
      if (delay <= this.sweepMs) this.kick(delay + 5);
    } catch {
      // The sweep will try again.
    }
  }
}

function errorSummary(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
