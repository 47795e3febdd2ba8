import type { Job } from '../../../platform/jobs/types';
import type { WeeklyDigests } from '../use-cases/weekly-digest';

/**
 * Asks for the weekly digests that are due. Every minute, because each channel has its own day
 * and time; run(now) finds what is due (and a week missed while the app was down) and asks the
 * outbox for each (channel, week) under its key, so replicas and restarts post it once.
 */
export function digestJob(weekly: Pick<WeeklyDigests, 'requestDue'>): Job {
  return {
    name: 'digest',
    schedule: '* * * * *',
    run: (now) => weekly.requestDue(now),
  };
}
