import type { DigestSubscription } from '../domain/model';
import type { Locale } from '../../../platform/i18n/locales';
import type { Queryable } from '../../../platform/database/transaction';
import type { Table } from '../../../platform/database/tables';

/** A row of digest_subscriptions as the drivers return it (migration 20261124103000). */
interface DigestSubscriptionRow {
  id: number;
  channel_id: string;
  weekday: number;
  time: string;
  locale: Locale;
  active: boolean;
  active_since: Date;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

type DigestSubscriptionInsert = Pick<DigestSubscriptionRow, 'channel_id' | 'weekday' | 'time' | 'locale' | 'active' | 'active_since' | 'created_by' | 'created_at' | 'updated_at'>;

declare module 'knex/types/tables' {
  interface Tables {
    digest_subscriptions: Table<DigestSubscriptionRow, DigestSubscriptionInsert>;
  }
}

const COLUMNS = ['id', 'channel_id', 'weekday', 'time', 'locale', 'active', 'active_since'] as const;
type SubscriptionColumns = Pick<DigestSubscriptionRow, (typeof COLUMNS)[number]>;

function toSubscription(r: SubscriptionColumns): DigestSubscription {
  return { id: r.id, channelId: r.channel_id, weekday: r.weekday, time: r.time, locale: r.locale, active: r.active, activeSince: r.active_since };
}

export async function findSubscription(q: Queryable, channelId: string): Promise<DigestSubscription | undefined> {
  const row = await q('digest_subscriptions').select(...COLUMNS).where({ channel_id: channelId }).first();
  return row ? toSubscription(row) : undefined;
}

export async function listActiveSubscriptions(q: Queryable): Promise<DigestSubscription[]> {
  const rows = await q('digest_subscriptions').select(...COLUMNS).where({ active: true }).orderBy('id');
  return rows.map(toSubscription);
}

export async function countActiveSubscriptions(q: Queryable): Promise<number> {
  const row = await q('digest_subscriptions').where({ active: true }).first<{ count: number | string } | undefined>(q.raw('count(*) as count'));
  return Number(row?.count ?? 0);
}

/** Creates or re-activates the channel's subscription with a new schedule; weeks before `activeSince` are never posted. */
export async function saveSubscription(
  q: Queryable,
  input: { channelId: string; weekday: number; time: string; locale: Locale; createdBy: string; activeSince: Date },
): Promise<DigestSubscription> {
  const now = input.activeSince;
  const [row] = await q('digest_subscriptions')
    .insert({
      channel_id: input.channelId,
      weekday: input.weekday,
      time: input.time,
      locale: input.locale,
      active: true,
      active_since: input.activeSince,
      created_by: input.createdBy,
      created_at: now,
      updated_at: now,
    })
    .onConflict('channel_id')
    // Moving the day or time of an active subscription keeps its start: a week already due
    // (not yet posted) must not be skipped because the schedule changed.
    .merge({
      weekday: input.weekday,
      time: input.time,
      active: true,
      active_since: q.raw('case when digest_subscriptions.active then digest_subscriptions.active_since else excluded.active_since end'),
      updated_at: now,
    })
    .returning([...COLUMNS]);
  if (!row) throw new Error('saving a digest subscription returned no row');
  return toSubscription(row);
}

export async function updateSubscription(q: Queryable, channelId: string, patch: { locale?: Locale; active?: boolean }, now: Date): Promise<void> {
  await q('digest_subscriptions').where({ channel_id: channelId }).update({ ...patch, updated_at: now });
}

/**
 * The latest week (its Monday, YYYY-MM-DD) whose digest was confirmed for the channel before the
 * outbox posted digests: each (channel, week) was then claimed in job_runs, period `<channel>:<week>`.
 */
export async function lastWeekPostedBeforeOutbox(q: Queryable, channelId: string): Promise<string | undefined> {
  const row = await q('job_runs')
    .where({ job: LEGACY_DIGEST_JOB, status: 'done' })
    .andWhere('period', 'like', `${channelId}:%`)
    .orderBy('period', 'desc')
    .first<{ period: string } | undefined>('period');
  return row?.period.slice(channelId.length + 1);
}

/** The job key digests were claimed under in job_runs before the outbox. */
export const LEGACY_DIGEST_JOB = 'digest';
