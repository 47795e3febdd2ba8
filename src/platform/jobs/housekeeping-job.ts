import type { Knex } from '../database/transaction';
import { forgetEventsBefore } from '../slack/events-store';
import type { Job } from './types';

const EVENT_MEMORY_MS = 7 * 24 * 60 * 60 * 1000;

/** Forgets event ids older than a week: Slack retries within minutes, so that is plenty. */
export function housekeepingJob(db: Knex): Job {
  return {
    name: 'housekeeping',
    schedule: '17 3 * * *',
    async run(now) {
      const forgotten = await forgetEventsBefore(db, new Date(now.getTime() - EVENT_MEMORY_MS));
      return { forgottenEvents: forgotten };
    },
  };
}
