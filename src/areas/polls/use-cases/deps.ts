import type { Queryable } from '../../../platform/database/transaction';
import type { Platform } from '../../../platform/runtime';
import { isCoordinator, requireMember, type Actor } from '../../network';
import { forbidden, notFound } from '../domain/errors';
import type { Poll, PollState } from '../domain/types';
import type { Secrets } from '../../../platform/secrets';
import { findPoll, listInvitedOrganizations, listOptions, listVotes } from '../store/polls-store';
import { attributable, participantsOf } from './participation';

/** The entity type of a poll's channel message (the publisher's) and of its audit rows. */
export const POLL_ENTITY = 'poll';

/** What the polls use cases are built with: the parts of the platform they use. */
export type PollsDeps = Pick<Platform, 'config' | 'clock' | 'logger' | 'db' | 'backgroundDb' | 'client' | 'publisher' | 'outbox' | 'homeTabs' | 'secrets'>;

/** Everything a poll message, a result or an export needs, read together; undefined when the poll is gone. */
export async function loadPollState(q: Queryable, secrets: Secrets, pollId: number): Promise<PollState | undefined> {
  const poll = await findPoll(q, pollId);
  if (!poll) return undefined;
  const [options, votes, invitedOrganizations, participants] = await Promise.all([
    listOptions(q, pollId),
    listVotes(q, pollId),
    listInvitedOrganizations(q, pollId),
    participantsOf(q, secrets, [poll]),
  ]);
  return { poll, options, votes, invitedOrganizations, participants: participants.get(poll.id) ?? [], participantsKnown: attributable(secrets, poll) };
}

/** A poll its creator or a coordinator may manage (close, reopen, remind, export). */
export async function managedPoll(q: Queryable, actor: Actor, pollId: number): Promise<Poll> {
  requireMember(actor);
  const poll = await findPoll(q, pollId);
  if (!poll) throw notFound((m) => m.reasons.poll);
  if (!isCoordinator(actor) && poll.createdByUserId !== actor.userId) throw forbidden((m) => m.reasons.not_creator);
  return poll;
}
