import { postKind, requestPost } from '../../../platform/outbox/outbox';
import type { Queryable } from '../../../platform/database/transaction';
import type { Poll } from '../domain/types';
import { markResultPosted } from '../store/polls-store';
import { POLL_ENTITY } from './deps';

/**
 * The result, in the poll message's thread when it closes; by DM to the creator instead when the
 * message can never be posted (the app is not in its channel). One per closing: a poll reopened
 * and closed again gets a new result. `closedAt` names the closing (ISO instant).
 */
export const POLL_RESULT = postKind<{ pollId: number; closedAt: string }>('polls.result');

/** A DM to a member who has not answered: one per person and round (`manual<n>` for Sollecita, `auto` 24 h before the deadline). */
export const POLL_REMINDER = postKind<{ pollId: number; organizationId: number }>('polls.reminder');

/** Asks for the result of a poll just closed, in the closing's transaction, and records it as handed over. */
export async function requestResult(trx: Queryable, poll: Poll, now: Date): Promise<void> {
  const closedAt = (poll.closedAt ?? now).toISOString();
  await requestPost(
    trx,
    {
      kind: POLL_RESULT,
      to: { threadOf: { entityType: POLL_ENTITY, entityId: poll.id }, locale: poll.locale, orElseUser: poll.createdByUserId },
      key: `poll-result:${poll.id}:${closedAt}`,
      params: { pollId: poll.id, closedAt },
    },
    now,
  );
  await markResultPosted(trx, poll.id, now);
}

/** Asks for one reminder; true when it is new (this person was not reminded in this round yet). */
export function requestReminder(trx: Queryable, input: { pollId: number; round: string; userId: string; organizationId: number }, now: Date): Promise<boolean> {
  return requestPost(
    trx,
    {
      kind: POLL_REMINDER,
      to: { user: input.userId },
      key: `poll-reminder:${input.pollId}:${input.round}:${input.userId}`,
      params: { pollId: input.pollId, organizationId: input.organizationId },
    },
    now,
  );
}
