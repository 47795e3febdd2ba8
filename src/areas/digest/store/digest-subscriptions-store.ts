import type { Locale } from '../../../platform/config';
import type { DigestSubscription } from '../domain/model';
import type { Queryable } from '../../../platform/database/transaction';

interface SubscriptionRow {
  id: number;
  channel_id: string;
  weekday: number;
  time: string;
  locale: Locale;
  active: boolean;
  active_since: Date;
}

function toSubscription(r: SubscriptionRow): DigestSubscription {
  return { id: r.id, channelId: r.channel_id, weekday: r.weekday, time: r.time, locale: r.locale, active: r.active, activeSince: r.active_since };
}

const COLUMNS = ['id', 'channel_id', 'weekday', 'time', 'locale', 'active', 'active_since'];

export async function findSubscription(q: Queryable, channelId: string): Promise<DigestSubscription | undefined> {
  const row = (await q('digest_subscriptions').select(COLUMNS).where({ channel_id: channelId }).first()) as SubscriptionRow | undefined;
  return row ? toSubscription(row) : undefined;
}

export async function listActiveSubscriptions(q: Queryable): Promise<DigestSubscription[]> {
  return ((await q('digest_subscriptions').select(COLUMNS).where({ active: true }).orderBy('id')) as SubscriptionRow[]).map(toSubscription);
}

export async function countActiveSubscriptions(q: Queryable): Promise<number> {
  const row = (await q('digest_subscriptions').where({ active: true }).count<{ count: number }[]>('* as count').first()) as { count: number } | undefined;
  return Number(row?.count ?? 0);
}

/** Creates or re-activates the channel's subscription with a new schedule; weeks before `activeSince` are never posted. */
export async function saveSubscription(
  q: Queryable,
  input: { channelId: string; weekday: number; time: string; locale: Locale; createdBy: string; activeSince: Date },
): Promise<DigestSubscription> {
  const [row] = await q('digest_subscriptions')
    .insert({
      channel_id: input.channelId,
      weekday: input.weekday,
      time: input.time,
      locale: input.locale,
      active: true,
      active_since: input.activeSince,
      created_by: input.createdBy,
    })
    .onConflict('channel_id')
    // Moving the day or time of an active subscription keeps its start: a week already due
    // (not yet posted) must not be skipped because the schedule changed.
    .merge({
      weekday: input.weekday,
      time: input.time,
      active: true,
      active_since: q.raw('case when digest_subscriptions.active then digest_subscriptions.active_since else excluded.active_since end'),
      updated_at: q.fn.now(),
    })
    .returning(COLUMNS);
  return toSubscription(row as SubscriptionRow);
}

export async function updateSubscription(q: Queryable, channelId: string, patch: { locale?: Locale; active?: boolean }): Promise<void> {
  await q('digest_subscriptions').where({ channel_id: channelId }).update({ ...patch, updated_at: q.fn.now() });
}

/** The latest week (its Monday, YYYY-MM-DD) whose digest Slack confirmed for the channel. */
export async function lastPostedWeek(q: Queryable, job: string, channelId: string): Promise<string | undefined> {
  const row = (await q('job_runs')
    .select('period')
    .where({ job, status: 'done' })
    .andWhere('period', 'like', `${channelId}:%`)
    .orderBy('period', 'desc')
    .first()) as { period: string } | undefined;
  return row?.period.slice(channelId.length + 1);
}
