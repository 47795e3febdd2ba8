import cron, { type ScheduledTask } from 'node-cron';
import type { Clock } from '../clock';
import type { Logger } from '../logger';
import type { Job } from './types';

export interface Scheduler {
  /** Runs every job once now (catch-up after a restart), without waiting for their schedule. */
  runAll(now?: Date): Promise<void>;
  stop(): Promise<void>;
}

/** Wires jobs to node-cron. A run already in progress is not overlapped; errors are logged, never thrown. */
export function startScheduler(jobs: Job[], options: { timezone: string; logger: Logger; clock: Clock; runAtStart?: boolean }): Scheduler {
  const running = new Map<string, Promise<void>>();
  let stopped = false;

  const trigger = (job: Job, now: Date = options.clock.now()): Promise<void> => {
    if (stopped) return Promise.resolve();
    const inFlight = running.get(job.name);
    if (inFlight) return inFlight;
    const log = options.logger.child({ job: job.name });
    const run = job
      .run(now)
      .then((report) => {
        if (Object.values(report).some((n) => n > 0)) log.info({ report }, 'job run');
      })
      .catch((error: unknown) => {
        log.error({ err: error instanceof Error ? error.message : String(error) }, 'job run failed; it will be retried at its next run');
      })
      .finally(() => running.delete(job.name));
    running.set(job.name, run);
    return run;
  };

  const tasks: ScheduledTask[] = jobs.map((job) =>
    cron.schedule(job.schedule, () => trigger(job), { timezone: options.timezone, name: `isonew:${job.name}`, noOverlap: true }),
  );

  if (options.runAtStart !== false) {
    // Let the server come up first; then catch up whatever was missed while the app was down.
    setTimeout(() => jobs.forEach((job) => void trigger(job)), 1000).unref();
  }

  return {
    async runAll(now) {
      await Promise.all(jobs.map((job) => trigger(job, now)));
    },
    async stop() {
      stopped = true;
      await Promise.all(tasks.map((task) => task.destroy()));
      await Promise.all([...running.values()]);
    },
  };
}
