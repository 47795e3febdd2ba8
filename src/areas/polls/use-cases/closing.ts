import { recordAudit } from '../../../platform/audit/audit-store';
import type { Queryable } from '../../../platform/database/transaction';
import { runExactlyOnce } from '../../../platform/jobs/exactly-once';
import { markEntityChanged } from '../../../platform/outbox/published-messages-store';
import type { Actor } from '../../network';
import type { Poll } from '../domain/types';
import { findPoll, listInvitedOrganizations, listPollsPastDeadline, setPollStatus } from '../store/polls-store';
import { conflict } from '../domain/errors';
import { managedPoll, POLL_ENTITY, type PollsDeps } from './deps';
import { requestResult } from './posts';

/** How long after a deadline an early-closed poll's message is still redrawn (catch-up after downtime). */
const DEADLINE_REFRESH_MS = 7 * 24 * 60 * 60 * 1000;

/**
 * Closing (by hand, or at the deadline) and reopening. Closing asks for the result in the same
 * transaction (the outbox posts it in the message's thread, or to the creator by DM when the
 * message could never be posted), so a result is never lost nor posted twice.
 */
export function createClosing(deps: PollsDeps) {
  const { db, backgroundDb, clock, publisher, outbox, homeTabs } = deps;

  /** Closes an open poll in `trx`: its audit row, its redraw and its result; undefined when it was not open. */
  async function closeIn(trx: Queryable, pollId: number, userId: string, now: Date): Promise<{ poll: Poll; invited: number[] } | undefined> {
    const poll = await setPollStatus(trx, { id: pollId, from: 'open', to: 'closed', userId: userId === 'system' ? null : userId, now });
    if (!poll) return undefined;
    await recordAudit(trx, { actorUserId: userId, action: 'poll.close', entity: POLL_ENTITY, entityId: pollId, before: { status: 'open' }, after: { status: 'closed' } });
    await markEntityChanged(trx, POLL_ENTITY, pollId);
    await requestResult(trx, poll, now);
    return { poll, invited: (await listInvitedOrganizations(trx, pollId)).map((o) => o.id) };
  }

  /** After commit: the message is redrawn, the result posted, the invited members' Home tabs refreshed. */
  function afterChange(invited: number[]): void {
    publisher.kick();
    outbox.kick();
    homeTabs.refreshOrganizations(invited);
  }

  return {
    /** Closes a poll early (creator or coordinator); its result goes to the thread. */
    async close(actor: Actor, pollId: number): Promise<Poll> {
      await managedPoll(db.q, actor, pollId);
      const now = clock.now();
      const closed = await db.transaction([], (trx) => closeIn(trx, pollId, actor.userId, now));
      if (!closed) throw conflict((m) => m.reasons.already_closed({ id: pollId }));
      afterChange(closed.invited);
      return closed.poll;
    },

    /** Reopens a closed poll whose deadline has not passed. */
    async reopen(actor: Actor, pollId: number): Promise<Poll> {
      const poll = await managedPoll(db.q, actor, pollId);
      const now = clock.now();
      if (poll.closesAt && poll.closesAt.getTime() <= now.getTime()) throw conflict((m) => m.reasons.reopen_after_deadline({ id: pollId }));
      const reopened = await db.transaction([], async (trx) => {
        const updated = await setPollStatus(trx, { id: pollId, from: 'closed', to: 'open', userId: actor.userId, now });
        if (!updated) return undefined;
        await recordAudit(trx, { actorUserId: actor.userId, action: 'poll.reopen', entity: POLL_ENTITY, entityId: pollId, before: { status: 'closed' }, after: { status: 'open' } });
        await markEntityChanged(trx, POLL_ENTITY, pollId);
        return { poll: updated, invited: (await listInvitedOrganizations(trx, pollId)).map((o) => o.id) };
      });
      if (!reopened) throw conflict((m) => m.reasons.already_open({ id: pollId }));
      afterChange(reopened.invited);
      return reopened.poll;
    },

    /**
     * The deadline: closes each poll whose deadline has passed and asks for its result (once per
     * poll, across replicas and reruns: the claim and the result's key); a poll closed early is
     * redrawn once, so its message no longer offers to reopen it. Returns how many polls it closed
     * (or, for one closed before without a result, whose result it asked for).
     */
    async closeAtDeadlines(now: Date): Promise<number> {
      let closed = 0;
      for (const due of await listPollsPastDeadline(backgroundDb.q, now, DEADLINE_REFRESH_MS)) {
        const outcome = await runExactlyOnce({ db: backgroundDb.q, logger: deps.logger, clock }, { job: 'poll-deadline', period: `poll:${due.id}`, now }, () =>
          backgroundDb.transaction([], async (trx) => {
            const justClosed = await closeIn(trx, due.id, 'system', now);
            if (justClosed) return justClosed;
            const current = await findPoll(trx, due.id);
            // Closed earlier without its result (an older version posted it after the commit, and could fail).
            if (current && !current.resultPostedAt) {
              await requestResult(trx, current, now);
              return { poll: current, invited: [] };
            }
            await markEntityChanged(trx, POLL_ENTITY, due.id);
            return undefined;
          }),
        );
        if (outcome.ran && outcome.result) {
          closed++;
          afterChange(outcome.result.invited);
        } else {
          publisher.kick();
        }
      }
      return closed;
    },
  };
}

export type Closing = ReturnType<typeof createClosing>;
