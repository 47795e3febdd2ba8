import type { Services } from '../../../app/services';
import type { Job } from '../../../platform/jobs/types';

/**
 * Posts the weekly digests that are due. Every minute, because each channel has its own day
 * and time; run(now) itself finds what is due (and what was missed while the app was down)
 * and claims each (channel, week) in the database, so replicas and restarts post it once.
 */
export function digestJob(services: Services): Job {
  return {
    name: 'digest',
    schedule: '* * * * *',
    run: (now) => services.digests.runDue(now),
  };
}
