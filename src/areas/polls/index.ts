/**
 * The polls area's entry file: the only file other areas (and src/app) import.
 * docs/ARCHITECTURE.md says what belongs here.
 */
import type { AreaModule } from '../../platform/area';
import type { Platform } from '../../platform/runtime';
import type { Actor } from '../network';
import { pollDeadlineJob } from './jobs/poll-deadline-job';
import { createPollsFeature } from './slack/listeners';
import { registerPollRenderers } from './slack/renderers';
import { createPollsUseCases, type PollsUseCases } from './use-cases/polls';

export { POLL_KINDS, type PollKind } from './domain/types';
export type { CreatePollResult, PollExport, PollsUseCases } from './use-cases/polls';

/** The polls area as the composition root holds it: its Slack surfaces, its job, and its use cases. */
export type PollsArea = AreaModule<Actor> & PollsUseCases;

/**
 * Builds the polls area: its use cases, the renderers of the poll message (publisher) and of the
 * result and reminder posts (outbox), `/sondaggio` and the poll buttons, and the deadline job.
 */
export function createPollsArea(platform: Platform): PollsArea {
  const polls = createPollsUseCases(platform);
  registerPollRenderers(platform, polls);
  return {
    ...polls,
    feature: createPollsFeature(polls, platform),
    jobs: [pollDeadlineJob(polls)],
  };
}

// Reporting: the polls area's part of the weekly digest, the App Home and the indicators (read by the digest area).
export { createPollsReporting, type PollsReporting } from './reporting';
export type { AnsweredPoll, PollSummary, PollsDigestPart, PollsFigures, PollsHomePart, PollsIndicatorsPart } from './domain/reporting';
// The App Home's polls the viewer answered, with their answer and «Ritira il mio voto» (the digest area composes the Home).
export { answeredPollsBlocks } from './slack/views/home';
