import { createClosing } from './closing';
import { createPollCreation } from './create-poll';
import type { PollsDeps } from './deps';
import { createPollReading } from './listing-and-export';
import { createReminders } from './reminders';
import { createVoting } from './vote';

export { POLL_ENTITY, type PollsDeps } from './deps';
export { POLL_REMINDER, POLL_RESULT } from './posts';
export type { CreatePollResult } from './create-poll';
export type { PollExport } from './listing-and-export';

/** Every polls use case, built once by the area's entry file (and by tests that need another configuration). */
export function createPollsUseCases(deps: PollsDeps) {
  const closing = createClosing(deps);
  const reminders = createReminders(deps);
  return {
    ...createPollCreation(deps),
    ...createVoting(deps),
    ...closing,
    ...reminders,
    ...createPollReading(deps),

    /**
     * The deadline job's one use case: closes the polls whose deadline has passed (their results
     * asked for) and sends the reminders due 24 hours before a deadline. Running it twice, on two
     * replicas or after downtime has the effect of running it once.
     */
    async runDeadlines(now: Date): Promise<{ closed: number; reminded: number }> {
      const closed = await closing.closeAtDeadlines(now);
      const reminded = await reminders.remindBeforeDeadlines(now);
      return { closed, reminded };
    },
  };
}

export type PollsUseCases = ReturnType<typeof createPollsUseCases>;
