import { randomUUID } from 'node:crypto';
import type { Knex } from '../database/transaction';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import { claimJobRun, completeJobRun, failJobRun } from './job-runs-store';
import type { PostRun } from '../outbox/findable-posts';

/** Identifies this process in job claims, so a log or a row tells which replica did the work. */
export const REPLICA_ID = `${process.pid}-${randomUUID().slice(0, 8)}`;

export type OnceOutcome<T> = { ran: true; result: T } | { ran: false; reason: 'taken' } | { ran: false; reason: 'failed'; error: unknown };

/**
 * Does `work` for (job, period) at most once to completion across every replica and restart
 * (DESIGN.md §6): the period is claimed in the database first (one statement, so racing
 * replicas cannot both win), then marked done after the work (and Slack) confirms. A claim
 * whose owner died runs out after `leaseMs` and is taken over; a failed attempt is retried
 * from `retryAfterMs` later. Work that must not repeat a side effect on retry (a post) should
 * be claimed per item, with the item in the period key, and look for the effect of an earlier
 * attempt first (postOnce in src/services/findable-posts.ts).
 */
export async function runExactlyOnce<T>(
  deps: { db: Knex; logger: Logger; clock: Clock },
  input: { job: string; period: string; now: Date; leaseMs?: number; retryAfterMs?: number },
  /** `run` says whether an earlier attempt started (and may have done part of the work) and when the first did. */
  work: (run: PostRun) => Promise<T>,
): Promise<OnceOutcome<T>> {
  const leaseMs = input.leaseMs ?? 5 * 60_000;
  const claim = await claimJobRun(deps.db, {
    job: input.job,
    period: input.period,
    owner: REPLICA_ID,
    now: input.now,
    // A job loops over its items with the `now` it started at; an item claimed late in a long loop
    // (many slow Slack calls) must still get a whole lease, or another replica could take it mid-post.
    leaseUntil: new Date(Math.max(input.now.getTime(), deps.clock.now().getTime()) + leaseMs),
  });
  if (!claim) return { ran: false, reason: 'taken' };
  const log = deps.logger.child({ job: input.job, period: input.period, attempt: claim.attempts });
  try {
    const result = await work({ key: `${input.job}:${input.period}`, attempt: claim.attempts, firstStartedAt: claim.startedAt });
    await completeJobRun(deps.db, { job: input.job, period: input.period, owner: REPLICA_ID, now: deps.clock.now() });
    log.debug('job period done');
    return { ran: true, result };
  } catch (error) {
    const retryAt = new Date(input.now.getTime() + (input.retryAfterMs ?? 60_000));
    log.warn({ err: error instanceof Error ? error.message : String(error), retryAt }, 'job period failed; will retry');
    await failJobRun(deps.db, {
      job: input.job,
      period: input.period,
      owner: REPLICA_ID,
      error: error instanceof Error ? error.message : String(error),
      retryAt,
    }).catch(() => undefined);
    return { ran: false, reason: 'failed', error };
  }
}
