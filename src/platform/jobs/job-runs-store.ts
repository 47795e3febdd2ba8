import type { Queryable } from '../database/transaction';

export type JobRunStatus = 'running' | 'done' | 'failed';

export interface JobRun {
  job: string;
  period: string;
  status: JobRunStatus;
  attempts: number;
  leaseUntil: Date | null;
  startedAt: Date;
  finishedAt: Date | null;
  lastError: string | null;
}

function toJobRun(r: Record<string, unknown>): JobRun {
  return {
    job: r.job as string,
    period: r.period as string,
    status: r.status as JobRunStatus,
    attempts: Number(r.attempts),
    leaseUntil: (r.lease_until as Date | null) ?? null,
    startedAt: r.started_at as Date,
    finishedAt: (r.finished_at as Date | null) ?? null,
    lastError: (r.last_error as string | null) ?? null,
  };
}

/**
 * Claims (job, period) for `owner` until `leaseUntil`. Succeeds when nobody has it yet, or when
 * an earlier claim failed or its lease ran out (its owner crashed) and it is not done.
 * One statement, so two replicas racing for the same period cannot both win.
 */
export async function claimJobRun(
  q: Queryable,
  input: { job: string; period: string; owner: string; now: Date; leaseUntil: Date },
): Promise<JobRun | undefined> {
  const result = await q.raw(
    `insert into job_runs (job, period, status, owner, attempts, lease_until, started_at)
     values (?, ?, 'running', ?, 1, ?, ?)
     on conflict (job, period) do update
       set status = 'running', owner = excluded.owner, attempts = job_runs.attempts + 1,
           lease_until = excluded.lease_until, last_error = null
     where job_runs.status <> 'done' and (job_runs.lease_until is null or job_runs.lease_until <= ?)
     returning *`,
    [input.job, input.period, input.owner, input.leaseUntil, input.now, input.now],
  );
  const row = (result.rows as Array<Record<string, unknown>>)[0];
  return row ? toJobRun(row) : undefined;
}

export async function completeJobRun(q: Queryable, input: { job: string; period: string; owner: string; now: Date }): Promise<void> {
  await q('job_runs')
    .where({ job: input.job, period: input.period, owner: input.owner })
    .update({ status: 'done', finished_at: input.now, lease_until: null });
}

/** Gives the period back after a failure; it may be claimed again from `retryAt`. */
export async function failJobRun(
  q: Queryable,
  input: { job: string; period: string; owner: string; error: string; retryAt: Date },
): Promise<void> {
  await q('job_runs')
    .where({ job: input.job, period: input.period, owner: input.owner })
    .update({ status: 'failed', last_error: input.error.slice(0, 500), lease_until: input.retryAt });
}

export async function findJobRun(q: Queryable, job: string, period: string): Promise<JobRun | undefined> {
  const row = (await q('job_runs').where({ job, period }).first()) as Record<string, unknown> | undefined;
  return row ? toJobRun(row) : undefined;
}

export async function listJobRuns(q: Queryable, job?: string): Promise<JobRun[]> {
  const query = q('job_runs').select('*').orderBy(['job', 'period']);
  if (job) query.where({ job });
  return ((await query) as Array<Record<string, unknown>>).map(toJobRun);
}

/** The periods of `job` already done among `periods`: lets a job skip work cheaply before claiming. */
export async function donePeriods(q: Queryable, job: string, periods: string[]): Promise<Set<string>> {
  if (periods.length === 0) return new Set();
  const rows = (await q('job_runs').select('period').where({ job, status: 'done' }).whereIn('period', periods)) as Array<{ period: string }>;
  return new Set(rows.map((r) => r.period));
}
