import type { Services } from '../../../app/services';
import type { Job } from '../../../platform/jobs/types';

/** Every minute: closes polls at their deadline (posting the result) and sends the 24-hour reminders. */
export function pollDeadlineJob(services: Services): Job {
  return {
    name: 'poll-deadlines',
    schedule: '* * * * *',
    run: (now) => services.polls.runDeadlines(now),
  };
}
