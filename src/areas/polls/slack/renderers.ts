import type { Platform } from '../../../platform/runtime';
import { POLL_ENTITY, POLL_REMINDER, POLL_RESULT, type PollsUseCases } from '../use-cases/polls';
import { pollMessage, pollResultDm, pollResultMessage } from './views/poll-message';
import { reminderMessage } from './views/replies';

/**
 * The polls area's renderers: the poll's channel message (the publisher's), and the result and
 * reminder posts (the outbox's). Each reads the current data when it is delivered.
 */
export function registerPollRenderers(platform: Pick<Platform, 'publisher' | 'outbox' | 'clock' | 'config'>, polls: Pick<PollsUseCases, 'state' | 'reminderModel'>): void {
  const tz = platform.config.timezone;

  platform.publisher.register(POLL_ENTITY, async (id, locale, q) => {
    const state = await polls.state(q, id);
    return state ? pollMessage(state, locale, platform.clock.now(), tz) : undefined;
  });

  // In the thread; by DM to the creator (`userId`) when the message could never be posted.
  platform.outbox.register(POLL_RESULT, async ({ pollId, closedAt }, { locale, q, userId }) => {
    const state = await polls.state(q, pollId);
    // Reopened since (or gone): this closing's result has nothing to say any more.
    if (!state || state.poll.closedAt?.toISOString() !== closedAt) return undefined;
    return userId ? pollResultDm(state, locale) : pollResultMessage(state, locale);
  });

  platform.outbox.register(POLL_REMINDER, async ({ pollId, organizationId }, { locale, q }) => {
    const model = await polls.reminderModel(q, pollId, organizationId);
    return model ? reminderMessage({ poll: model.poll, organization: model.organization?.shortName }, locale, tz) : undefined;
  });
}
