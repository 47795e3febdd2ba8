import type { Clock } from '../clock';
import type { Knex, Queryable } from '../database/transaction';
import type { Locale } from '../i18n/locales';
import type { Logger } from '../logger';
import { classifySlackError, retryDelayMs } from '../slack/slack-errors';
import { uploadedFileId } from '../slack/direct-messages';
import type { MessageContent, SlackClient } from '../slack/types';
import { DeliveryLoop, errorSummary } from './delivery-loop';
import { findEarlierPost, postFindable, type PostTarget } from './findable-posts';
import {
  claimDuePosts,
  findSentPosts,
  flagInFlightForRemoval,
  insertOutboxPost,
  insertSentPost,
  markOutboxAttempt,
  markOutboxFinished,
  markOutboxRemoved,
  markOutboxRetry,
  markOutboxSent,
  nextOutboxDueAt,
  requestOutboxRemoval,
  requestOutboxUpdate,
  sentPostsAbout,
  sentPostsSince,
  type OutboxParams,
  type OutboxPost,
} from './outbox-store';
import { CHANNEL_ACCESS_ERRORS, findMessagesOf } from './published-messages-store';

/**
 * The outbox: every one-shot post Slack must show once (a DM, a reply in a message's thread, a
 * digest). A use case asks for a post in the transaction of the change that causes it
 * (`requestPost`), under a key that names it (`offer-reminder:12:U123`): asking twice finds it
 * there, so reruns, replicas and retried requests ask once. After commit the outbox delivers it,
 * in the recipient's language, through the renderer the area's Slack side registered for its kind;
 * it keeps the post pending in the database until Slack confirms, retries with backoff and
 * Retry-After, and after an answer that was lost it looks for the earlier post before posting again.
 */

/** A kind of post, and the parameters it is asked for with (ids and settings: no free text, no candidate code). */
export interface PostKind<P extends OutboxParams> {
  readonly name: string;
  /** Carries P for the type-checker only. */
  readonly params?: P;
}

export function postKind<P extends OutboxParams>(name: string): PostKind<P> {
  return { name };
}

/** Who gets a post: a person (by DM), a channel, or the thread of an entity's channel message. */
export type PostRecipient =
  | { user: string }
  | { channel: string; locale: Locale }
  /** `orElseUser` gets it by DM when the message can never be posted (the app is not in its channel). */
  | { threadOf: { entityType: string; entityId: number }; locale: Locale; orElseUser?: string };

export interface PostRequest<P extends OutboxParams> {
  kind: PostKind<P>;
  to: PostRecipient;
  /** Names the post: one post per key, ever. */
  key: string;
  params: P;
  /** Not delivered before this instant. */
  notBefore?: Date;
}

function targetOf(to: PostRecipient) {
  return 'user' in to
    ? { targetType: 'user' as const, target: to.user }
    : 'channel' in to
      ? { targetType: 'channel' as const, target: to.channel, locale: to.locale }
      : { targetType: 'thread' as const, target: `${to.threadOf.entityType}:${to.threadOf.entityId}`, locale: to.locale, fallbackUserId: to.orElseUser ?? null };
}

/** Asks for a post, in the caller's transaction; true when it is new (not asked for before under this key). */
export function requestPost<P extends OutboxParams>(q: Queryable, request: PostRequest<P>, now: Date): Promise<boolean> {
  return insertOutboxPost(q, { kind: request.kind.name, key: request.key, params: request.params, notBefore: request.notBefore, now, ...targetOf(request.to) });
}

/**
 * Records a post that was delivered at once, outside the outbox (a file a button sent), so that a
 * later correction can update or remove it like any post the outbox sent (`channel` and `ts` of
 * its message, or the uploaded `fileId`). False when the key was recorded already.
 */
export function recordSentPost<P extends OutboxParams>(
  q: Queryable,
  request: Omit<PostRequest<P>, 'notBefore'> & { sent: { channel: string; ts?: string; fileId?: string } },
  now: Date,
): Promise<boolean> {
  const { sent } = request;
  return insertSentPost(q, { kind: request.kind.name, key: request.key, params: request.params, now, ...targetOf(request.to), channel: sent.channel, ts: sent.ts ?? '', fileId: sent.fileId });
}

/**
 * Asks for a post already sent to be rendered again and updated in place, in the caller's
 * transaction (after a correction or a redaction of what it shows); kick the outbox after commit.
 * False when it was not sent yet (it will show the current data when it goes out).
 */
export function requestPostUpdate(q: Queryable, key: string, now: Date): Promise<boolean> {
  return requestOutboxUpdate(q, { key, now });
}

/**
 * Asks for every message already sent of these kinds about one subject (`param` = `value` in its
 * params: every DM about offer 12) to be rendered again and updated in place, in the caller's
 * transaction, after a correction or a redaction of what they show; kick the outbox after commit.
 * Files are not updated (see requestPostRemovalsAbout). Returns how many messages will be updated.
 */
export async function requestPostUpdatesAbout(q: Queryable, about: { kinds: ReadonlyArray<{ name: string }>; param: string; value: number }, now: Date): Promise<number> {
  const sent = await sentPostsAbout(q, { kinds: about.kinds.map((k) => k.name), param: about.param, value: about.value });
  let count = 0;
  for (const post of sent) if (!post.file && (await requestOutboxUpdate(q, { key: post.key, now }))) count++;
  return count;
}

/**
 * Asks for every message of these kinds sent since `since` to be rendered again and updated in
 * place, in the caller's transaction (a digest that listed an offer whose title was corrected).
 * Kick the outbox after commit. Returns how many were asked for.
 */
export async function requestPostUpdatesSince(q: Queryable, about: { kinds: ReadonlyArray<{ name: string }>; since: Date }, now: Date): Promise<number> {
  const sent = await sentPostsSince(q, { kinds: about.kinds.map((k) => k.name), since: about.since });
  let count = 0;
  for (const post of sent) if (!post.file && (await requestOutboxUpdate(q, { key: post.key, now }))) count++;
  return count;
}

/**
 * Asks for every post of these kinds about one subject (`param` = `value`) that Slack shows to be
 * deleted from it, in the caller's transaction; one being delivered right now (perhaps rendered
 * before the change that calls for this) is deleted once it is sent. A correction does this to the
 * calendar files that showed the removed text, then sends a corrected one to each person returned.
 * Kick the outbox after commit.
 */
export async function requestPostRemovalsAbout(q: Queryable, about: { kinds: ReadonlyArray<{ name: string }>; param: string; value: number }, now: Date): Promise<Array<{ targetType: string; target: string }>> {
  const kinds = about.kinds.map((k) => k.name);
  const sent = await sentPostsAbout(q, { kinds, param: about.param, value: about.value });
  const removed: Array<{ targetType: string; target: string }> = [];
  for (const post of sent) if (await requestOutboxRemoval(q, { key: post.key, now })) removed.push(post);
  return [...removed, ...(await flagInFlightForRemoval(q, { kinds, param: about.param, value: about.value, now }))];
}

/** A post as the renderer makes it: a message, or a file with its comment (a calendar file). */
export type PostContent = MessageContent | { file: { filename: string; title: string; content: string | Buffer }; comment: string };

export interface RenderContext {
  locale: Locale;
  /** The outbox's own connections: read the current data through the area's use cases with it. */
  q: Queryable;
  now: Date;
  /** The person it goes to, for a DM. */
  userId?: string;
}

/** Renders a post when it is delivered; undefined when there is nothing to say any more (the subject is gone). */
export type PostRenderer<P extends OutboxParams> = (params: P, context: RenderContext) => Promise<PostContent | undefined>;

export interface OutboxOptions {
  db: Knex;
  client: SlackClient;
  logger: Logger;
  clock: Clock;
  /** The language of a channel post asked for without one. */
  defaultLocale: Locale;
  /** The language a person reads. */
  localeOf(userId: string): Promise<Locale>;
  /** Whether the person wants posts of this kind (their notification settings); every kind when absent. */
  wants?(userId: string, kind: string): Promise<boolean>;
  leaseMs?: number;
  sweepMs?: number;
}

/** What files.delete and chat.delete answer for something already gone: the removal is done. */
const ALREADY_GONE_ERRORS = new Set(['file_not_found', 'file_deleted', 'message_not_found']);

/** A deletion that finds nothing to delete has done its job; any other failure is thrown on. */
function ignoreGone(error: unknown): void {
  if (!ALREADY_GONE_ERRORS.has(classifySlackError(error).reason)) throw error;
}

/** Slack refusals that mean this DM can never be delivered (the person left, or is a bot). */
const UNREACHABLE_USER_ERRORS = new Set(['user_not_found', 'user_disabled', 'cannot_dm_bot', 'user_not_visible']);
/** A channel the app may be invited to later: tried again every two hours (as the publisher does). */
const CHANNEL_RETRY_MS = 2 * 60 * 60 * 1000;
/** A thread whose message is not posted yet: looked at again after this. */
const THREAD_WAIT_MS = 60_000;

type Resolved = { channel: string; threadTs?: string; locale: Locale; userId?: string } | { wait: string } | { skip: string };

export class Outbox extends DeliveryLoop<OutboxPost> {
  private readonly renderers = new Map<string, PostRenderer<OutboxParams>>();
  private readonly showing = new Map<string, Array<{ name: string }>>();
  private readonly leaseMs: number;

  constructor(private readonly options: OutboxOptions) {
    super({ name: 'outbox', logger: options.logger, clock: options.clock, sweepMs: options.sweepMs ?? 5_000 });
    this.leaseMs = options.leaseMs ?? 60_000;
  }

  /**
   * `showsTextsOf`: the kinds of record whose texts this kind's posts show though they are not
   * about one of them (a weekly digest lists offers by title): a correction of such a text asks
   * for those posts again (`kindsShowing`, `requestPostUpdatesSince`).
   */
  register<P extends OutboxParams>(kind: PostKind<P>, render: PostRenderer<P>, options: { showsTextsOf?: readonly string[] } = {}): void {
    if (this.renderers.has(kind.name)) throw new Error(`post kind ${kind.name} registered twice`);
    // Params come back from the row this kind's own requestPost wrote.
    this.renderers.set(kind.name, render as PostRenderer<OutboxParams>);
    for (const entity of options.showsTextsOf ?? []) this.showing.set(entity, [...(this.showing.get(entity) ?? []), { name: kind.name }]);
  }

  /** The kinds of post that show texts of this kind of record (see `register`). */
  kindsShowing(entity: string): ReadonlyArray<{ name: string }> {
    return this.showing.get(entity) ?? [];
  }

  protected claimDue(now: Date, limit: number): Promise<OutboxPost[]> {
    return claimDuePosts(this.options.db, { now, leaseUntil: new Date(now.getTime() + this.leaseMs), limit });
  }

  protected nextDueAt(): Promise<Date | undefined> {
    return nextOutboxDueAt(this.options.db);
  }

  private async resolve(post: OutboxPost, q: Queryable): Promise<Resolved> {
    const { target } = post;
    if (target.type === 'user') return this.resolveUser(post, target.id);
    if (target.type === 'channel') return { channel: target.id, locale: post.locale ?? this.options.defaultLocale };
    const [entityType, id] = target.id.split(':');
    const messages = await findMessagesOf(q, entityType ?? '', Number(id));
    const posted = messages.find((m) => m.ts);
    if (posted?.ts) return { channel: posted.channelId, threadTs: posted.ts, locale: post.locale ?? posted.locale };
    const never = messages.length === 0 || messages.every((m) => m.lastError !== null && CHANNEL_ACCESS_ERRORS.has(m.lastError));
    if (never && post.fallbackUserId) return this.resolveUser(post, post.fallbackUserId);
    if (messages.length === 0) return { skip: 'no_message' };
    return { wait: 'message_not_posted_yet' };
  }

  private async resolveUser(post: OutboxPost, userId: string): Promise<Resolved> {
    if (this.options.wants && !(await this.options.wants(userId, post.kind))) return { skip: 'turned_off' };
    const opened = await this.options.client.conversations.open({ users: userId });
    const channel = opened.channel?.id;
    if (!channel) throw new Error('conversations.open returned no channel');
    return { channel, locale: await this.options.localeOf(userId), userId };
  }

  /** One post: resolved, rendered, looked for after an unknown outcome, posted, recorded. */
  protected async deliver(post: OutboxPost, now: Date): Promise<boolean> {
    const { db, client, logger, clock } = this.options;
    const log = logger.child({ outbox: post.id, kind: post.kind, attempt: post.attempts });
    let earlierPostRuledOut = post.unconfirmedPostAt === null;
    try {
      if (post.removeRequested) return await this.remove(post);
      const render = this.renderers.get(post.kind);
      if (!render) throw new Error(`no renderer for post kind ${post.kind}`);
      if (post.sent) return await this.update(post, post.sent, render, now);
      const resolved = await this.resolve(post, db);
      if ('skip' in resolved) {
        await markOutboxFinished(db, { id: post.id, status: 'skipped', reason: resolved.skip, now: clock.now() });
        return false;
      }
      if ('wait' in resolved) {
        await markOutboxRetry(db, { id: post.id, reason: resolved.wait, retryAt: new Date(now.getTime() + THREAD_WAIT_MS), postRuledOut: false });
        return false;
      }
      const content = await render(post.params, { locale: resolved.locale, q: db, now, userId: resolved.userId });
      if (!content) {
        await markOutboxFinished(db, { id: post.id, status: 'skipped', reason: 'nothing_to_say', now: clock.now() });
        return false;
      }
      const target: PostTarget = { channel: resolved.channel, threadTs: resolved.threadTs };
      const key = `outbox:${post.id}`;
      if (post.unconfirmedPostAt && !('file' in content)) {
        const earlier = await findEarlierPost(client, log, target, key, post.unconfirmedPostAt);
        if ('ts' in earlier) {
          log.info('found the post an earlier attempt made; not posting again');
          await markOutboxSent(db, { id: post.id, channel: target.channel, ts: earlier.ts, now: clock.now() });
          return true;
        }
        earlierPostRuledOut = 'none' in earlier;
      }
      if (!(await markOutboxAttempt(db, { id: post.id, leaseUntil: post.leaseUntil, now: clock.now() }))) {
        log.warn('the claim ran out before posting (Slack was slow); leaving the post to whoever holds it now');
        return false;
      }
      if ('file' in content) {
        const fileId = await this.upload(target, content);
        // Slack shares the file asynchronously: the message's ts is not known; the file's id is (a removal deletes it).
        await markOutboxSent(db, { id: post.id, channel: target.channel, ts: '', fileId, now: clock.now() });
      } else {
        const ts = await postFindable(client, target, content, key);
        await markOutboxSent(db, { id: post.id, channel: target.channel, ts, now: clock.now() });
      }
      log.debug('post delivered');
      return true;
    } catch (error) {
      const failure = classifySlackError(error);
      try {
        if (!failure.retryable && UNREACHABLE_USER_ERRORS.has(failure.reason)) {
          log.warn({ reason: failure.reason }, 'Slack refuses this post for good; giving up');
          await markOutboxFinished(db, { id: post.id, status: 'failed', reason: failure.reason, now: clock.now() });
          return false;
        }
        const delay = failure.retryable ? retryDelayMs(failure, post.attempts - 1) : CHANNEL_RETRY_MS;
        log.warn({ reason: failure.reason, retryable: failure.retryable, retryInMs: delay }, 'delivering a post failed; will retry');
        await markOutboxRetry(db, {
          id: post.id,
          reason: failure.reason.slice(0, 500),
          retryAt: new Date(now.getTime() + delay),
          postRuledOut: earlierPostRuledOut && failure.surelyRefused,
        });
      } catch (dbError) {
        // The lease runs out by itself; another pass picks the post up.
        log.warn({ err: errorSummary(dbError) }, 'could not record the delivery failure');
      }
      return false;
    }
  }

  /**
   * An update of a message already sent (after a correction): rendered as its subject is now, then
   * updated in place. A message with nothing left to say (its subject closed or gone) is deleted
   * rather than left showing the text that was corrected.
   */
  private async update(post: OutboxPost, sent: { channel: string; ts: string }, render: PostRenderer<OutboxParams>, now: Date): Promise<boolean> {
    const { db, client, clock, defaultLocale, localeOf } = this.options;
    const userId = post.target.type === 'user' ? post.target.id : undefined;
    const locale = userId ? await localeOf(userId) : (post.locale ?? defaultLocale);
    const content = await render(post.params, { locale, q: db, now, userId });
    if (!content || 'file' in content) {
      await client.chat.delete({ channel: sent.channel, ts: sent.ts }).catch(ignoreGone);
      await markOutboxRemoved(db, { id: post.id, now: clock.now() });
      return true;
    }
    await client.chat.update({ channel: sent.channel, ts: sent.ts, text: content.text, blocks: content.blocks });
    await markOutboxSent(db, { id: post.id, channel: sent.channel, ts: sent.ts, now: clock.now() });
    return true;
  }

  /** A removal asked for (requestPostRemovalsAbout): the file or the message is deleted; what Slack no longer has counts as deleted. */
  private async remove(post: OutboxPost): Promise<boolean> {
    const { db, client, clock } = this.options;
    if (post.sentFile) await client.files.delete({ file: post.sentFile.fileId }).catch(ignoreGone);
    if (post.sent) await client.chat.delete({ channel: post.sent.channel, ts: post.sent.ts }).catch(ignoreGone);
    await markOutboxRemoved(db, { id: post.id, now: clock.now() });
    return true;
  }

  /**
   * Renders posts already sent again from today's data and updates them in Slack (after an
   * erasure: the renderer no longer finds the code); a post with nothing left to say, or a file,
   * is deleted. Returns how many messages were updated and deleted; a failure is logged and counted
   * in neither (the erasure in the database stands).
   */
  async refreshSent(ids: readonly number[]): Promise<{ updated: number; deleted: number }> {
    const { db, client, logger, clock, defaultLocale } = this.options;
    const out = { updated: 0, deleted: 0 };
    for (const post of await findSentPosts(db, ids)) {
      const log = logger.child({ outbox: post.id, kind: post.kind });
      try {
        const render = this.renderers.get(post.kind);
        const locale = post.locale ?? (post.targetType === 'user' ? await this.options.localeOf(post.target) : defaultLocale);
        const userId = post.targetType === 'user' ? post.target : undefined;
        const content = render ? await render(post.params, { locale, q: db, now: clock.now(), userId }) : undefined;
        if (!content || 'file' in content) {
          await client.chat.delete({ channel: post.channel, ts: post.ts });
          out.deleted++;
        } else {
          await client.chat.update({ channel: post.channel, ts: post.ts, text: content.text, blocks: content.blocks });
          out.updated++;
        }
      } catch (error) {
        log.warn({ err: errorSummary(error) }, 'could not update a sent post');
      }
    }
    return out;
  }

  /**
   * A file goes with its comment as one message. Slack keeps no metadata on file uploads, so an
   * upload whose answer is lost cannot be looked for: it may show twice, never not at all.
   * Resolves with the uploaded file's id.
   */
  private async upload(target: PostTarget, content: Extract<PostContent, { file: unknown }>): Promise<string | undefined> {
    const { file } = content;
    const upload = {
      filename: file.filename,
      title: file.title,
      file: typeof file.content === 'string' ? Buffer.from(file.content, 'utf8') : file.content,
      initial_comment: content.comment,
    };
    const result = await this.options.client.filesUploadV2(
      target.threadTs ? { ...upload, channel_id: target.channel, thread_ts: target.threadTs } : { ...upload, channel_id: target.channel },
    );
    return uploadedFileId(result);
  }
}
