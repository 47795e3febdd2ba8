import type { Locale } from '../config';
import type { Knex } from '../database';
import type { Queryable } from '../database/transaction';

/** Refusals a person can fix by inviting the app or choosing another channel (the requester is told). */
export const CHANNEL_ACCESS_ERRORS: ReadonlySet<string> = new Set(['channel_not_found', 'not_in_channel', 'is_archived']);

export interface PublishedMessage {
  id: number;
  entityType: string;
  entityId: number;
  channelId: string;
  ts: string | null;
  locale: Locale;
  version: number;
  publishedVersion: number;
  lastPublishedAt: Date | null;
  failures: number;
  lastError: string | null;
  /** The user whose action asked for the message; told once if Slack refuses it for good. */
  requestedBy: string | null;
  /**
   * When a post whose outcome is unknown was first attempted (no ts yet): Slack may have posted
   * it, so the next attempt looks for it first (src/services/findable-posts.ts).
   */
  unconfirmedPostAt: Date | null;
  /** Until when the replica that claimed it may publish it. */
  leaseUntil: Date | null;
}

function toMessage(r: Record<string, unknown>): PublishedMessage {
  return {
    id: Number(r.id),
    entityType: r.entity_type as string,
    entityId: Number(r.entity_id),
    channelId: r.channel_id as string,
    ts: (r.ts as string | null) ?? null,
    locale: r.locale as Locale,
    version: Number(r.version),
    publishedVersion: Number(r.published_version),
    lastPublishedAt: (r.last_published_at as Date | null) ?? null,
    failures: Number(r.failures),
    lastError: (r.last_error as string | null) ?? null,
    requestedBy: (r.requested_by as string | null) ?? null,
    unconfirmedPostAt: (r.unconfirmed_post_at as Date | null) ?? null,
    leaseUntil: (r.lease_until as Date | null) ?? null,
  };
}

/**
 * Asks for a channel message mirroring the entity (created if new, otherwise its version goes up).
 * `requestedBy` is the user whose action caused it, when one did.
 */
export async function requestMessage(q: Queryable, input: MessageRequest): Promise<void> {
  await messageRequestInsert(q, input);
}

export interface MessageRequest {
  entityType: string;
  entityId: number;
  channelId: string;
  locale: Locale;
  requestedBy?: string | null;
}

/**
 * The request for a channel message, not yet run: to be part of a larger statement, where the
 * entity's id may be an expression (the id a data-modifying CTE of that statement returns).
 * Asking again for the same message bumps its version (it is then updated, not posted twice).
 */
export function messageRequestInsert(q: Queryable, input: Omit<MessageRequest, 'entityId'> & { entityId: number | Knex.Raw }): Knex.QueryBuilder {
  return q('published_messages')
    .insert({ entity_type: input.entityType, entity_id: input.entityId, channel_id: input.channelId, locale: input.locale, requested_by: input.requestedBy ?? null })
    .onConflict(['entity_type', 'entity_id', 'channel_id'])
    .merge({ version: q.raw('?? + 1', ['published_messages.version']) });
}

/** Claims the one notice to the requester of a message Slack refused; false if already sent or nobody to tell. */
export async function claimRequesterNotice(q: Queryable, id: number, now: Date): Promise<boolean> {
  const claimed = await q('published_messages')
    .where({ id })
    .whereNotNull('requested_by')
    .whereNull('requester_notified_at')
    .update({ requester_notified_at: now });
  return Number(claimed) > 0;
}

/** The entity changed: every message that mirrors it must be brought up to date. */
export async function markEntityChanged(q: Queryable, entityType: string, entityId: number): Promise<number> {
  return q('published_messages')
    .where({ entity_type: entityType, entity_id: entityId })
    .increment('version', 1);
}

export async function findMessagesOf(q: Queryable, entityType: string, entityId: number): Promise<PublishedMessage[]> {
  const rows = (await q('published_messages').where({ entity_type: entityType, entity_id: entityId }).orderBy('id')) as Array<Record<string, unknown>>;
  return rows.map(toMessage);
}

/**
 * Claims up to `limit` messages that need publishing and are due: not leased by another
 * replica, past their retry time, and not updated within the last `minIntervalMs`
 * (this is what coalesces a burst of changes into about one update per second).
 * `for update` without `skip locked`: during a vote storm the row is almost always locked
 * for a moment by a transaction bumping its version; waiting that moment is what lets the
 * message update while the storm goes on. A racing replica re-checks the lease after the
 * wait and finds the row taken.
 */
export async function claimDueMessages(
  q: Queryable,
  input: { now: Date; leaseUntil: Date; minIntervalMs: number; limit: number; ids?: number[] },
): Promise<PublishedMessage[]> {
  const since = new Date(input.now.getTime() - input.minIntervalMs);
  const ids = input.ids ?? [];
  const idFilter = input.ids ? `and id in (${ids.length ? ids.map(() => '?').join(',') : 'null'})` : '';
  const bindings: Knex.RawBinding[] = [input.leaseUntil, input.now, input.now, since, ...ids, input.limit];
  const result = await q.raw(
    `update published_messages set lease_until = ?
     where id in (
       select id from published_messages
       where version > published_version
         and (next_attempt_at is null or next_attempt_at <= ?)
         and (lease_until is null or lease_until <= ?)
         and (last_published_at is null or last_published_at <= ?)
         ${idFilter}
       order by id
       limit ?
       for update)
     returning *`,
    bindings,
  );
  return (result.rows as Array<Record<string, unknown>>).map(toMessage);
}

/** When the next pending message becomes due, if any is pending. */
export async function nextDueAt(q: Queryable, minIntervalMs: number): Promise<Date | undefined> {
  const result = await q.raw(
    `select min(greatest(coalesce(next_attempt_at, 'epoch'::timestamptz),
                         coalesce(last_published_at + (? * interval '1 millisecond'), 'epoch'::timestamptz),
                         coalesce(lease_until, 'epoch'::timestamptz))) as due
     from published_messages where version > published_version`,
    [minIntervalMs],
  );
  const due = (result.rows as Array<{ due: Date | null }>)[0]?.due;
  return due ?? undefined;
}

export async function markMessagePublished(q: Queryable, input: { id: number; ts: string; version: number; now: Date }): Promise<void> {
  await q.raw(
    `update published_messages
       set ts = ?, published_version = greatest(published_version, ?), last_published_at = ?,
           lease_until = null, next_attempt_at = null, failures = 0, last_error = null, unconfirmed_post_at = null
     where id = ?`,
    [input.ts, input.version, input.now, input.id],
  );
}

/** `postRuledOut`: no attempt so far can have posted the message (Slack refused this one, earlier ones were looked for). */
export async function markMessageFailed(q: Queryable, input: { id: number; error: string; retryAt: Date; postRuledOut?: boolean }): Promise<void> {
  await q('published_messages')
    .where({ id: input.id })
    .update({
      lease_until: null,
      next_attempt_at: input.retryAt,
      last_error: input.error.slice(0, 500),
      failures: q.raw('failures + 1'),
      ...(input.postRuledOut ? { unconfirmed_post_at: null } : {}),
    });
}

/**
 * A post is about to be sent: until Slack's answer is recorded, its outcome is unknown (the first
 * attempt's time is kept). False when the claim has run out meanwhile (Slack was slow): another
 * replica may be publishing the message, so this one must not post.
 */
export async function markPostAttempt(q: Queryable, input: { id: number; now: Date; leaseUntil: Date | null; clock: Date }): Promise<boolean> {
  const changed = await q('published_messages')
    .where({ id: input.id, lease_until: input.leaseUntil })
    .where('lease_until', '>', input.clock)
    .update({ unconfirmed_post_at: q.raw('coalesce(unconfirmed_post_at, ?)', [input.now]) });
  return changed === 1;
}

export async function listPublishedMessages(q: Queryable): Promise<PublishedMessage[]> {
  return ((await q('published_messages').select('*').orderBy('id')) as Array<Record<string, unknown>>).map(toMessage);
}
