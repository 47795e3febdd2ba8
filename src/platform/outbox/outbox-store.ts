import type { Locale } from '../i18n/locales';
import type { Knex, Queryable } from '../database/transaction';
import type { Table } from '../database/tables';

export type OutboxTargetType = 'user' | 'channel' | 'thread';
/** `removed`: it was sent, and later deleted from Slack on request (requestOutboxRemoval). */
export type OutboxStatus = 'pending' | 'sent' | 'skipped' | 'failed' | 'removed';
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type OutboxParams = { [key: string]: JsonValue };

/** A row of outbox_posts as the drivers return it (migration 20261203090000). */
export interface OutboxPostRow {
  id: number;
  kind: string;
  dedupe_key: string;
  target_type: OutboxTargetType;
  /** A user id, a channel id, or `<entity type>:<entity id>` of the message whose thread it goes to. */
  target: string;
  fallback_user_id: string | null;
  locale: Locale | null;
  params: OutboxParams;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: Date;
  lease_until: Date | null;
  unconfirmed_post_at: Date | null;
  sent_channel: string | null;
  sent_ts: string | null;
  /** The file a file post uploaded (migration 20261205130000): what a removal deletes. */
  sent_file_id: string | null;
  /** A removal was asked for: the outbox deletes the message or the file. */
  remove_requested_at: Date | null;
  last_error: string | null;
  created_at: Date;
  finished_at: Date | null;
}

type OutboxPostInsert = Pick<OutboxPostRow, 'kind' | 'dedupe_key' | 'target_type' | 'target' | 'fallback_user_id' | 'locale' | 'params' | 'next_attempt_at' | 'created_at'> &
  Partial<Pick<OutboxPostRow, 'status' | 'sent_channel' | 'sent_ts' | 'sent_file_id' | 'finished_at'>>;

declare module 'knex/types/tables' {
  interface Tables {
    outbox_posts: Table<OutboxPostRow, OutboxPostInsert>;
  }
}

export interface OutboxPost {
  id: number;
  kind: string;
  key: string;
  target: { type: OutboxTargetType; id: string };
  fallbackUserId: string | null;
  locale: Locale | null;
  params: OutboxParams;
  attempts: number;
  leaseUntil: Date | null;
  unconfirmedPostAt: Date | null;
  /** Where it was posted, when this is an update of a message already sent (requestOutboxUpdate). */
  sent: { channel: string; ts: string } | null;
  /** The file it uploaded, if it is a file post that was sent. */
  sentFile: { channel: string; fileId: string } | null;
  /** It was sent and must now be deleted from Slack (requestOutboxRemoval). */
  removeRequested: boolean;
}

function toPost(row: OutboxPostRow): OutboxPost {
  return {
    id: row.id,
    kind: row.kind,
    key: row.dedupe_key,
    target: { type: row.target_type, id: row.target },
    fallbackUserId: row.fallback_user_id,
    locale: row.locale,
    params: row.params,
    attempts: row.attempts,
    leaseUntil: row.lease_until,
    unconfirmedPostAt: row.unconfirmed_post_at,
    sent: row.sent_channel && row.sent_ts ? { channel: row.sent_channel, ts: row.sent_ts } : null,
    sentFile: row.sent_channel && row.sent_file_id ? { channel: row.sent_channel, fileId: row.sent_file_id } : null,
    removeRequested: row.remove_requested_at !== null,
  };
}

export interface NewOutboxPost {
  kind: string;
  key: string;
  targetType: OutboxTargetType;
  target: string;
  fallbackUserId?: string | null;
  locale?: Locale | null;
  params: OutboxParams;
  /** Not before this instant (a reminder written ahead of its time); defaults to now. */
  notBefore?: Date;
  now: Date;
}

/** The columns of a new post (to send, or already sent). */
function outboxPostRow(post: Omit<NewOutboxPost, 'notBefore'>, nextAttemptAt: Date) {
  return {
    kind: post.kind,
    dedupe_key: post.key,
    target_type: post.targetType,
    target: post.target,
    fallback_user_id: post.fallbackUserId ?? null,
    locale: post.locale ?? null,
    params: post.params,
    next_attempt_at: nextAttemptAt,
    created_at: post.now,
  };
}

/** Adds a post unless one with the same key exists (asked for before): true when added. */
export async function insertOutboxPost(q: Queryable, post: NewOutboxPost): Promise<boolean> {
  const inserted = await q('outbox_posts').insert(outboxPostRow(post, post.notBefore ?? post.now)).onConflict('dedupe_key').ignore().returning('id');
  return inserted.length > 0;
}

/** Claims up to `limit` posts due at `now` for this replica until `leaseUntil` (racing replicas skip each other's). */
export async function claimDuePosts(q: Queryable, input: { now: Date; leaseUntil: Date; limit: number }): Promise<OutboxPost[]> {
  const due = q('outbox_posts')
    .select('id')
    .where('status', 'pending')
    .andWhere('next_attempt_at', '<=', input.now)
    .andWhere((w) => w.whereNull('lease_until').orWhere('lease_until', '<', input.now))
    .orderBy('id')
    .limit(input.limit)
    .forUpdate()
    .skipLocked();
  const rows = await q('outbox_posts')
    .whereIn('id', due)
    .update({ lease_until: input.leaseUntil, attempts: q.raw('attempts + 1') })
    .returning('*');
  return rows.map(toPost).sort((a, b) => a.id - b.id);
}

/**
 * Records that a post is about to be attempted (unless an earlier attempt already is on record):
 * from now on its outcome is unknown until Slack answers. False when this replica's claim ran out
 * meanwhile (the post is someone else's now).
 */
export async function markOutboxAttempt(q: Queryable, input: { id: number; leaseUntil: Date | null; now: Date }): Promise<boolean> {
  const updated = await q('outbox_posts')
    .where({ id: input.id, status: 'pending' })
    .andWhere((w) => (input.leaseUntil ? w.where('lease_until', input.leaseUntil) : w.whereNull('lease_until')))
    .andWhere('lease_until', '>', input.now)
    .update({ unconfirmed_post_at: q.raw('coalesce(unconfirmed_post_at, ?)', [input.now]) });
  return updated > 0;
}

/**
 * `fileId`: the file a file post uploaded (kept when absent: an update of a message has none). A
 * post whose removal was asked for while it was being delivered stays pending: the outbox deletes it.
 */
export async function markOutboxSent(q: Queryable, input: { id: number; channel: string; ts: string; fileId?: string; now: Date }): Promise<void> {
  await q('outbox_posts')
    .where({ id: input.id })
    .update({
      status: q.raw(`case when remove_requested_at is null then 'sent' else 'pending' end`),
      next_attempt_at: input.now,
      sent_channel: input.channel,
      sent_ts: input.ts,
      ...(input.fileId ? { sent_file_id: input.fileId } : {}),
      finished_at: input.now,
      lease_until: null,
      last_error: null,
    });
}

/** A post sent and then deleted from Slack: nothing of it is shown any more. */
export async function markOutboxRemoved(q: Queryable, input: { id: number; now: Date }): Promise<void> {
  await q('outbox_posts').where({ id: input.id }).update({ status: 'removed', finished_at: input.now, lease_until: null, last_error: null });
}

/**
 * A delivery made outside the outbox (a file a button sent at once), recorded as a post already
 * sent so it can be updated or removed later like any other; false when the key exists already.
 */
export async function insertSentPost(q: Queryable, post: Omit<NewOutboxPost, 'notBefore'> & { channel: string; ts: string; fileId?: string }): Promise<boolean> {
  const inserted = await q('outbox_posts')
    .insert({ ...outboxPostRow(post, post.now), status: 'sent', sent_channel: post.channel, sent_ts: post.ts, sent_file_id: post.fileId ?? null, finished_at: post.now })
    .onConflict('dedupe_key')
    .ignore()
    .returning('id');
  return inserted.length > 0;
}

/** Nothing to send any more (the subject is gone, the recipient turned this kind off), or Slack refuses it for good. */
export async function markOutboxFinished(q: Queryable, input: { id: number; status: 'skipped' | 'failed'; reason: string; now: Date }): Promise<void> {
  await q('outbox_posts').where({ id: input.id }).update({ status: input.status, last_error: input.reason, finished_at: input.now, lease_until: null });
}

/** A failed attempt: tried again at `retryAt`. `postRuledOut` forgets an unknown outcome Slack proved had no effect. */
export async function markOutboxRetry(q: Queryable, input: { id: number; reason: string; retryAt: Date; postRuledOut: boolean }): Promise<void> {
  await q('outbox_posts')
    .where({ id: input.id })
    .update({
      last_error: input.reason,
      next_attempt_at: input.retryAt,
      lease_until: null,
      ...(input.postRuledOut ? { unconfirmed_post_at: null } : {}),
    });
}

/**
 * A message already sent must show its subject as it is now (a correction, a redaction): the post
 * goes back to pending and the outbox renders it again and updates it in place (chat.update). False
 * when there is nothing to update (not sent yet: it will be rendered as it is when it goes out; or a
 * file, which Slack cannot update).
 */
export async function requestOutboxUpdate(q: Queryable, input: { key: string; now: Date }): Promise<boolean> {
  const updated = await q('outbox_posts')
    .where({ dedupe_key: input.key, status: 'sent' })
    .whereNotNull('sent_ts')
    .andWhere('sent_ts', '<>', '')
    .update({ status: 'pending', next_attempt_at: input.now, finished_at: null, lease_until: null, unconfirmed_post_at: null, attempts: 0 });
  return Number(updated) > 0;
}

/** A sent post Slack shows: a message whose ts is known, or an uploaded file. */
function shownInSlack(w: Knex.QueryBuilder): void {
  void w.where((m) => m.whereNotNull('sent_ts').andWhere('sent_ts', '<>', '')).orWhereNotNull('sent_file_id');
}

/**
 * A post already sent must disappear from Slack (its message deleted, or its file: a correction
 * sends a new file in its place): it goes back to pending and the outbox deletes it. False when it
 * was never sent (it will show what is stored when it goes out) or is removed already.
 */
export async function requestOutboxRemoval(q: Queryable, input: { key: string; now: Date }): Promise<boolean> {
  const updated = await q('outbox_posts')
    .where({ dedupe_key: input.key })
    // Sent, or sent and waiting for an update (the removal replaces the update).
    .whereIn('status', ['sent', 'pending'])
    .where(shownInSlack)
    .update({ status: 'pending', remove_requested_at: input.now, next_attempt_at: input.now, finished_at: null, lease_until: null, unconfirmed_post_at: null, attempts: 0 });
  return Number(updated) > 0;
}

/**
 * Posts of these kinds about one subject that are being delivered at `now` (claimed, not sent yet):
 * what they show may have been rendered before a correction. Each is flagged for removal: deleted
 * once sent (markOutboxSent leaves it pending), or dropped if it is not sent. Returns who they go to.
 */
export async function flagInFlightForRemoval(q: Queryable, input: { kinds: readonly string[]; param: string; value: number; now: Date }): Promise<Array<{ targetType: OutboxTargetType; target: string }>> {
  if (input.kinds.length === 0) return [];
  const rows = await q('outbox_posts')
    .where('status', 'pending')
    .whereIn('kind', [...input.kinds])
    .whereRaw('params ->> ? = ?', [input.param, String(input.value)])
    .whereNull('remove_requested_at')
    .where('lease_until', '>', input.now)
    .whereNull('sent_file_id')
    .where((w) => w.whereNull('sent_ts').orWhere('sent_ts', ''))
    .update({ remove_requested_at: input.now })
    .returning(['target_type', 'target']);
  return rows.map((r) => ({ targetType: r.target_type, target: r.target }));
}

/** When the next pending post falls due, if any: the outbox sleeps until then. */
export async function nextOutboxDueAt(q: Queryable): Promise<Date | undefined> {
  const row = await q('outbox_posts').where('status', 'pending').min({ due: 'next_attempt_at' }).first();
  const due: unknown = row?.due;
  return due instanceof Date ? due : undefined;
}

/** How many posts wait to be sent, and since when the oldest (for /metrics). */
export async function outboxBacklog(q: Queryable): Promise<{ pending: number; oldest: Date | undefined }> {
  const row = await q('outbox_posts').where('status', 'pending').count({ pending: '*' }).min({ oldest: 'created_at' }).first();
  const oldest: unknown = row?.oldest;
  return { pending: Number(row?.pending ?? 0), oldest: oldest instanceof Date ? oldest : undefined };
}

/** Posts of one kind and target that were sent, newest first (e.g. the last digest of a channel). */
export async function sentPosts(q: Queryable, input: { kind: string; target: string; limit: number }): Promise<Array<{ key: string; params: OutboxParams; finishedAt: Date | null }>> {
  const rows = await q('outbox_posts')
    .select('dedupe_key', 'params', 'finished_at')
    .where({ kind: input.kind, target: input.target, status: 'sent' })
    .orderBy('finished_at', 'desc')
    .limit(input.limit);
  return rows.map((r) => ({ key: r.dedupe_key, params: r.params, finishedAt: r.finished_at }));
}

/** Which of these keys were asked for already (whatever became of them). */
export async function existingKeys(q: Queryable, keys: readonly string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const rows = await q('outbox_posts').select('dedupe_key').whereIn('dedupe_key', keys);
  return new Set(rows.map((r) => r.dedupe_key));
}

/** A post Slack shows: where, and what it was rendered from (an erasure re-renders it). */
export interface SentPost {
  id: number;
  kind: string;
  targetType: OutboxTargetType;
  target: string;
  locale: Locale | null;
  params: OutboxParams;
  channel: string;
  ts: string;
}

/** The posts among `ids` that were sent and whose message is known (files have no ts). */
export async function findSentPosts(q: Queryable, ids: readonly number[]): Promise<SentPost[]> {
  if (ids.length === 0) return [];
  const rows = await q('outbox_posts').whereIn('id', ids).where('status', 'sent').whereNotNull('sent_ts').where('sent_ts', '<>', '').orderBy('id');
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    targetType: r.target_type,
    target: r.target,
    locale: r.locale,
    params: r.params,
    channel: r.sent_channel ?? '',
    ts: r.sent_ts ?? '',
  }));
}

/** A post Slack shows, found by what it is about: its key (to update or remove it) and who got it. */
export interface SentPostRef {
  key: string;
  kind: string;
  targetType: OutboxTargetType;
  target: string;
  /** It is a file (a calendar file): it can be removed, not updated. */
  file: boolean;
}

/** The posts of these kinds that were sent and are still shown in Slack, narrowed by `where`. */
async function sentPostRefs(q: Queryable, kinds: readonly string[], where: (b: Knex.QueryBuilder) => void): Promise<SentPostRef[]> {
  if (kinds.length === 0) return [];
  const rows = await q('outbox_posts')
    .select('dedupe_key', 'kind', 'target_type', 'target', 'sent_ts', 'sent_file_id')
    .where('status', 'sent')
    .whereIn('kind', [...kinds])
    .where(where)
    .where(shownInSlack)
    .orderBy('id');
  return rows.map((r) => ({ key: r.dedupe_key, kind: r.kind, targetType: r.target_type, target: r.target, file: !r.sent_ts && r.sent_file_id !== null }));
}

/**
 * The sent posts of these kinds whose params hold `param` = `value` (e.g. every DM about offer 12,
 * every calendar file of meeting 3), oldest first: those whose message or file is known.
 */
export async function sentPostsAbout(q: Queryable, input: { kinds: readonly string[]; param: string; value: number }): Promise<SentPostRef[]> {
  return sentPostRefs(q, input.kinds, (b) => b.whereRaw('params ->> ? = ?', [input.param, String(input.value)]));
}

/** The posts of these kinds sent (and still shown in Slack) since `since`. */
export async function sentPostsSince(q: Queryable, input: { kinds: readonly string[]; since: Date }): Promise<SentPostRef[]> {
  return sentPostRefs(q, input.kinds, (b) => b.where('finished_at', '>=', input.since));
}

/** Ids of sent posts whose params hold `param` with one of `values` (e.g. the DMs about some referrals). */
export async function sentPostIdsAbout(q: Queryable, param: string, values: readonly number[]): Promise<number[]> {
  if (values.length === 0) return [];
  const rows = await q('outbox_posts')
    .select('id')
    .where('status', 'sent')
    .whereRaw(`params ->> ? in (${values.map(() => '?').join(',')})`, [param, ...values.map(String)])
    .orderBy('id');
  return rows.map((r) => r.id);
}
