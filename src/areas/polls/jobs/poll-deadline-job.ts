import type { Job } from '../../../platform/jobs/types';
import type { PollsUseCases } from '../use-cases/polls';

/** Every minute: closes polls at their deadline (their result asked for) and sends the 24-hour reminders. */
export function pollDeadlineJob(polls: Pick<PollsUseCases, 'runDeadlines'>): Job {
  return {
    name: 'poll-deadlines',
    schedule: '* * * * *',
    run: (now) => polls.runDeadlines(now),
  };
}
