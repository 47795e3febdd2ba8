/**
 * A job is a one-shot `run(now)`: it does whatever is due at `now` (including periods missed
 * while the app was down) and claims each effect in the database, so calling it twice, or from
 * two replicas, has the effect of calling it once. node-cron only decides when to call it.
 */
export interface Job {
  /** Stable name: used in logs and as the job key in job_runs. */
  name: string;
  /** When to call run (node-cron syntax, in APP_TIMEZONE). */
  schedule: string;
  run(now: Date): Promise<JobReport>;
}

/** What a run did, for logs and tests. */
export type JobReport = Record<string, number>;
