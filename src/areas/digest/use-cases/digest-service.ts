import type { AppConfig, Locale } from '../../../platform/config';
import type { Knex } from '../../../platform/database/transaction';
import type { DateRange, DigestModel, DigestPeriod, DigestSubscription, IndicatorsModel } from '../domain/model';
import { addDays, dueSlot, lastSevenDays, nextSlot } from '../domain/schedule';
import { requireCoordinator, requireMember } from '../../network';
import type { Actor } from '../../network';
import { translator, type Translator } from '../../../platform/i18n';
import { AppError } from '../../../platform/errors';
import type { Logger } from '../../../platform/logger';
import { classifySlackError, retryDelayMs } from '../../../platform/slack/slack-errors';
import { instantFromLocal } from '../../../platform/time';
import { recordAudit } from '../../../platform/audit/audit-store';
import {
  findSubscription,
  lastPostedWeek,
  listActiveSubscriptions,
  saveSubscription,
  updateSubscription,
} from '../store/digest-subscriptions-store';
import { donePeriods } from '../../../platform/jobs/job-runs-store';
import { withTransaction } from '../../../platform/database/transaction';
import { buildDigest } from '../slack/digest-views';
import { runExactlyOnce } from '../../../platform/jobs/exactly-once';
import { earlierAttemptSince, findEarlierPost, postFindable, type PostTarget } from '../../../platform/outbox/findable-posts';
import { mergeContributions, reportingAreas, type ReportingArea } from './reporting';
import type { MessageContent, SlackClient } from '../../../platform/slack/types';

/** The job key in job_runs; the period is `<channel>:<Monday of the week>`. */
export const DIGEST_JOB = 'digest';

export const DEFAULT_SCHEDULE = { weekday: 1, time: '09:00' } as const;

export interface DigestServiceDeps {
  db: Knex;
  client: SlackClient;
  config: Pick<AppConfig, 'timezone' | 'defaultLocale'>;
  logger: Logger;
  areas?: ReportingArea[];
  /** Retries of one post within a run (429/5xx), each after Retry-After or a backoff. */
  postAttempts?: number;
  /** A wait longer than this is left to the next run instead (the claim is released for it). */
  maxInlineWaitMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export interface DigestStatus {
  subscription?: DigestSubscription;
  next?: Date;
  lastWeek?: string;
}

export interface DigestRunReport {
  [key: string]: number;
  due: number;
  posted: number;
  late: number;
  failed: number;
}

const sleepFor = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

export class DigestService {
  private readonly areas: ReportingArea[];

  constructor(private readonly deps: DigestServiceDeps) {
    this.areas = deps.areas ?? reportingAreas;
  }

  /** APP_TIMEZONE: schedules and dates are wall-clock times there. */
  get timezone(): string {
    return this.deps.config.timezone;
  }

  private get tz(): string {
    return this.deps.config.timezone;
  }

  async subscribe(
    actor: Actor,
    channelId: string,
    input: { weekday?: number; time?: string },
    now = new Date(),
  ): Promise<{ subscription: DigestSubscription; updated: boolean; next: Date | undefined }> {
    requireCoordinator(actor);
    if (!channelId) throw new AppError('invalid_input', { reasonKey: 'digest.subscribe.not_in_channel' });
    return withTransaction(this.deps.db, async (trx) => {
      const previous = await findSubscription(trx, channelId);
      const subscription = await saveSubscription(trx, {
        channelId,
        weekday: input.weekday ?? DEFAULT_SCHEDULE.weekday,
        time: input.time ?? DEFAULT_SCHEDULE.time,
        locale: previous?.locale ?? this.deps.config.defaultLocale,
        createdBy: actor.userId,
        activeSince: now,
      });
      await recordAudit(trx, {
        actorUserId: actor.userId,
        action: previous ? 'digest.update' : 'digest.subscribe',
        entity: 'digest_subscription',
        entityId: subscription.id,
        before: previous,
        after: subscription,
      });
      return { subscription, updated: Boolean(previous?.active), next: nextSlot(subscription, now, this.tz)?.scheduledFor };
    });
  }

  async unsubscribe(actor: Actor, channelId: string): Promise<boolean> {
    requireCoordinator(actor);
    return withTransaction(this.deps.db, async (trx) => {
      const previous = await findSubscription(trx, channelId);
      if (!previous?.active) return false;
      await updateSubscription(trx, channelId, { active: false });
      await recordAudit(trx, { actorUserId: actor.userId, action: 'digest.unsubscribe', entity: 'digest_subscription', entityId: previous.id, before: previous });
      return true;
    });
  }

  async setLocale(actor: Actor, channelId: string, locale: Locale): Promise<DigestSubscription> {
    requireCoordinator(actor);
    return withTransaction(this.deps.db, async (trx) => {
      const previous = await findSubscription(trx, channelId);
      if (!previous?.active) throw new AppError('conflict', { reasonKey: 'digest.language.not_subscribed' });
      await updateSubscription(trx, channelId, { locale });
      const after = { ...previous, locale };
      await recordAudit(trx, { actorUserId: actor.userId, action: 'digest.locale', entity: 'digest_subscription', entityId: previous.id, before: previous, after });
      return after;
    });
  }

  async status(actor: Actor, channelId: string, now = new Date()): Promise<DigestStatus> {
    requireMember(actor);
    const subscription = await findSubscription(this.deps.db, channelId);
    if (!subscription?.active) return {};
    return {
      subscription,
      next: nextSlot(subscription, now, this.tz)?.scheduledFor,
      lastWeek: await lastPostedWeek(this.deps.db, DIGEST_JOB, channelId),
    };
  }

  /** Every area's part of the digest for a period, merged. */
  async model(period: DigestPeriod, now: Date): Promise<DigestModel> {
    const ctx = { now, tz: this.tz };
    const parts = await Promise.all(this.areas.map((a) => (a.digest ? a.digest(this.deps.db, period, ctx) : Promise.resolve({}))));
    return mergeContributions<DigestModel>({ period }, parts);
  }

  /** The last 7 days up to now, for the caller only. */
  async preview(actor: Actor, t: Translator, now = new Date()): Promise<MessageContent> {
    requireMember(actor);
    return buildDigest(await this.model(lastSevenDays(now), now), t, now, this.tz, { preview: true });
  }

  /**
   * Posts every digest due at `now`: for each active channel, the latest scheduled week not
   * yet posted (one missed while the app was down goes out once, marked late). Each
   * (channel, week) is claimed in job_runs first, so replicas and reruns post it once; the
   * claim is marked done only after Slack confirms. Channels are served one after another,
   * so a 429's Retry-After also paces the rest of the fan-out.
   */
  async runDue(now: Date): Promise<DigestRunReport> {
    const report: DigestRunReport = { due: 0, posted: 0, late: 0, failed: 0 };
    const subscriptions = await listActiveSubscriptions(this.deps.db);
    const due = subscriptions.flatMap((s) => {
      const slot = dueSlot(s, now, this.tz);
      return slot ? [{ subscription: s, slot, period: `${s.channelId}:${slot.week}` }] : [];
    });
    const done = await donePeriods(this.deps.db, DIGEST_JOB, due.map((d) => d.period));
    for (const { subscription, slot, period } of due) {
      if (done.has(period)) continue;
      report.due++;
      const outcome = await runExactlyOnce(
        this.deps,
        { job: DIGEST_JOB, period, now, leaseMs: 10 * 60_000, retryAfterMs: 5 * 60_000 },
        async (run) => {
          const target = { channel: subscription.channelId };
          // An earlier attempt that timed out or died may have posted it: that post stands.
          const since = earlierAttemptSince(run);
          if (since && 'ts' in (await findEarlierPost(this.deps.client, this.deps.logger, target, run.key, since))) return;
          const model = await this.model(slot.period, now);
          if (slot.late) model.late = { scheduledFor: slot.scheduledFor };
          const content = buildDigest(model, translator(subscription.locale), now, this.tz);
          await this.post(target, content, run.key);
        },
      );
      if (outcome.ran) {
        report.posted++;
        if (slot.late) report.late++;
      } else if (outcome.reason === 'failed') report.failed++;
    }
    return report;
  }

  /**
   * One chat.postMessage, retried at once only when Slack surely refused it (429 after
   * Retry-After, a retryable ok:false); after a timeout or a 5xx the post may have landed, so
   * the period's claim fails and is retried later, never in a tight loop that could duplicate it.
   */
  private async post(target: PostTarget, content: MessageContent, key: string): Promise<string> {
    const attempts = this.deps.postAttempts ?? 3;
    const maxWait = this.deps.maxInlineWaitMs ?? 60_000;
    const sleep = this.deps.sleep ?? sleepFor;
    for (let attempt = 0; ; attempt++) {
      try {
        return await postFindable(this.deps.client, target, content, key);
      } catch (error) {
        const failure = classifySlackError(error);
        const delay = retryDelayMs(failure, attempt);
        if (!failure.retryable || !failure.surelyRefused || attempt + 1 >= attempts || delay > maxWait) throw error;
        this.deps.logger.warn({ channel: target.channel, reason: failure.reason, retryInMs: delay }, 'posting the digest failed; retrying');
        await sleep(delay);
      }
    }
  }

  /** The project's indicators over inclusive local dates. */
  async indicators(actor: Actor, range: DateRange, now = new Date()): Promise<IndicatorsModel> {
    requireCoordinator(actor);
    const start = instantFromLocal(range.from, '00:00', this.tz);
    const end = instantFromLocal(addDays(range.to, 1), '00:00', this.tz);
    if (!start || !end) throw new AppError('invalid_input', { reasonKey: 'digest.indicators.usage' });
    const ctx = { now, tz: this.tz };
    const window = { start, end, dates: range };
    const parts = await Promise.all(this.areas.map((a) => (a.indicators ? a.indicators(this.deps.db, window, ctx) : Promise.resolve({}))));
    // Aggregates only, but they cover referrals: who looked, and when, is on record (DESIGN.md §7).
    await recordAudit(this.deps.db, { actorUserId: actor.userId, action: 'indicators.read', entity: 'indicators', entityId: null, after: range });
    return mergeContributions<IndicatorsModel>({ range }, parts);
  }
}
