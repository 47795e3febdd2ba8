import { donePeriods } from '../../../platform/jobs/job-runs-store';
import type { Queryable } from '../../../platform/database/transaction';
import { postKind, requestPost } from '../../../platform/outbox/outbox';
import { existingKeys, sentPosts } from '../../../platform/outbox/outbox-store';
import { requireMember, type Actor } from '../../network';
import type { DigestModel, DigestSubscription } from '../domain/model';
import { dueSlot, isLate, lastSevenDays, slotOfWeek, type DigestSlot } from '../domain/schedule';
import { findSubscription, LEGACY_DIGEST_JOB, lastWeekPostedBeforeOutbox, listActiveSubscriptions } from '../store/digest-subscriptions-store';
import { composeDigest } from './compose';
import type { DigestDeps } from './deps';

/**
 * One channel's digest of one week: the subscription it was asked for (its schedule then), the
 * week (its Monday) and whether it was already late when asked for. The renderer builds the
 * digest of that week when it is delivered.
 */
export type DigestPostParams = {
  subscriptionId: number;
  channel: string;
  weekday: number;
  time: string;
  week: string;
  late: boolean;
};

export const DIGEST_POST = postKind<DigestPostParams>('digest.weekly');

/** The outbox key of a channel's digest of a week: one post per (channel, week), ever. */
export function digestKey(channelId: string, week: string): string {
  return `digest:${channelId}:${week}`;
}

export interface DigestRunReport {
  [key: string]: number;
  /** (channel, week) pairs due and not asked for yet. */
  due: number;
  /** Asked for now (another replica may have asked first). */
  requested: number;
  /** Of those, the ones already late (a week missed while the app was down). */
  late: number;
}

interface DueDigest {
  subscription: DigestSubscription;
  slot: DigestSlot & { late: boolean };
  key: string;
  /** The period key digests were claimed under in job_runs before the outbox. */
  legacyPeriod: string;
}

export class WeeklyDigests {
  constructor(private readonly deps: DigestDeps) {}

  /**
   * Asks the outbox for every digest due at `now`: for each active channel, the latest scheduled
   * week (one missed while the app was down goes out once, marked late). The key names the
   * (channel, week), so replicas, reruns and restarts ask once; the outbox posts it once.
   */
  async requestDue(now: Date): Promise<DigestRunReport> {
    const { backgroundDb: db, tz } = this.deps;
    const due = (await listActiveSubscriptions(db.q)).flatMap((subscription): DueDigest[] => {
      const slot = dueSlot(subscription, now, tz);
      if (!slot) return [];
      return [{ subscription, slot, key: digestKey(subscription.channelId, slot.week), legacyPeriod: `${subscription.channelId}:${slot.week}` }];
    });
    const report: DigestRunReport = { due: 0, requested: 0, late: 0 };
    if (due.length === 0) return report;
    const asked = await existingKeys(db.q, due.map((d) => d.key));
    const notAsked = due.filter((d) => !asked.has(d.key));
    // A week posted before digests went through the outbox is on record in job_runs.
    const postedBefore = notAsked.length ? await donePeriods(db.q, LEGACY_DIGEST_JOB, notAsked.map((d) => d.legacyPeriod)) : new Set<string>();
    const fresh = notAsked.filter((d) => !postedBefore.has(d.legacyPeriod));
    report.due = fresh.length;
    if (fresh.length === 0) return report;
    await db.transaction([], async (trx) => {
      for (const { subscription: s, slot, key } of fresh) {
        const params: DigestPostParams = { subscriptionId: s.id, channel: s.channelId, weekday: s.weekday, time: s.time, week: slot.week, late: slot.late };
        if (!(await requestPost(trx, { kind: DIGEST_POST, to: { channel: s.channelId, locale: s.locale }, key, params }, now))) continue;
        report.requested++;
        if (slot.late) report.late++;
      }
    });
    if (report.requested > 0) this.deps.outbox.kick();
    return report;
  }

  /**
   * The digest a post asked for, as it reads at delivery (`now`); undefined when the channel no
   * longer has that subscription (nothing to post any more).
   */
  async ofPost(q: Queryable, params: DigestPostParams, now: Date): Promise<DigestModel | undefined> {
    const subscription = await findSubscription(q, params.channel);
    if (!subscription?.active || subscription.id !== params.subscriptionId) return undefined;
    const slot = slotOfWeek(params, params.week, this.deps.tz);
    if (!slot) throw new Error(`no digest slot for week ${params.week} at ${params.time}`);
    const model = await composeDigest(q, this.deps.areas, slot.period, { now, tz: this.deps.tz });
    if (params.late || isLate(slot.scheduledFor, now)) model.late = { scheduledFor: slot.scheduledFor };
    return model;
  }

  /** The last 7 days up to now, for the caller only. */
  async preview(actor: Actor): Promise<{ model: DigestModel; now: Date }> {
    requireMember(actor);
    const now = this.deps.clock.now();
    return { model: await composeDigest(this.deps.db.q, this.deps.areas, lastSevenDays(now), { now, tz: this.deps.tz }), now };
  }
}

/** The latest week (its Monday, YYYY-MM-DD) whose digest Slack confirmed in the channel. */
export async function lastWeekPosted(q: Queryable, channelId: string): Promise<string | undefined> {
  const [last] = await sentPosts(q, { kind: DIGEST_POST.name, target: channelId, limit: 1 });
  const week = last?.params.week;
  return typeof week === 'string' ? week : lastWeekPostedBeforeOutbox(q, channelId);
}
