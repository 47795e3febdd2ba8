import type { Services } from '../services';
import type { Job } from './types';

/** Every minute: closes polls at their deadline (posting the result) and sends the 24-hour reminders. */
export function pollDeadlineJob(services: Services): Job {
  return {
    name: 'poll-deadlines',
    schedule: '* * * * *',
    run: (now) => services.polls.runDeadlines(now),
  };
}
