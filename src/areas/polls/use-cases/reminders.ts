import { recordAudit } from '../../../platform/audit/audit-store';
import type { Queryable } from '../../../platform/database/transaction';
import { runExactlyOnce } from '../../../platform/jobs/exactly-once';
import { findOrganizationById, listMembers, type Actor, type MemberWithOrganization, type Organization } from '../../network';
import type { Poll } from '../domain/types';
import { participantKey } from '../domain/voter-key';
import { findPoll, listInvitedOrganizations, listOpenPollsClosingWithin, listParticipants, nextReminderNumber } from '../store/polls-store';
import { conflict } from '../domain/errors';
import { managedPoll, POLL_ENTITY, type PollsDeps } from './deps';
import { requestReminder } from './posts';

/** The automatic reminder goes this long before the deadline. */
const REMINDER_BEFORE_MS = 24 * 60 * 60 * 1000;

/**
 * Reminders by DM to the members who have not answered: "Sollecita" (creator or coordinator) and
 * the automatic one 24 hours before the deadline. One post per person and round, under a key that
 * names both, so a rerun or a second replica reminds nobody twice.
 */
export function createReminders(deps: PollsDeps) {
  const { db, backgroundDb, clock, outbox } = deps;

  /** The members who should answer and have not: by person, or every member of a silent organization. */
  async function nonRespondents(q: Queryable, poll: Poll): Promise<MemberWithOrganization[]> {
    const invited = (await listInvitedOrganizations(q, poll.id)).map((o) => o.id);
    if (invited.length === 0) return [];
    const [members, participants] = await Promise.all([listMembers(q, { organizationIds: invited, roles: ['coordinator', 'partner'] }), listParticipants(q, poll.id)]);
    const answered = new Set(participants.map((p) => p.participant));
    return members.filter((m) => !answered.has(participantKey(poll, m.userId, m.organizationId)));
  }

  /** Asks, in `trx`, for one reminder per non-respondent in this round; how many were new. */
  async function requestRound(trx: Queryable, poll: Poll, round: string, now: Date): Promise<number> {
    let asked = 0;
    for (const member of await nonRespondents(trx, poll)) {
      if (await requestReminder(trx, { pollId: poll.id, round, userId: member.userId, organizationId: member.organizationId }, now)) asked++;
    }
    return asked;
  }

  return {
    nonRespondents,

    /** Sollecita: a DM to each person who has not answered (creator or coordinator). Returns how many are reminded. */
    async remind(actor: Actor, pollId: number): Promise<number> {
      const poll = await managedPoll(db.q, actor, pollId);
      if (poll.status !== 'open') throw conflict((m) => m.reasons.remind_closed({ id: pollId }));
      const now = clock.now();
      const asked = await db.transaction([], async (trx) => {
        const round = await nextReminderNumber(trx, pollId);
        await recordAudit(trx, { actorUserId: actor.userId, action: 'poll.remind', entity: POLL_ENTITY, entityId: pollId, after: { round } });
        return requestRound(trx, poll, `manual${round}`, now);
      });
      outbox.kick();
      return asked;
    },

    /** The automatic reminder of each open poll whose deadline is within 24 hours, once per poll; how many people it reminds. */
    async remindBeforeDeadlines(now: Date): Promise<number> {
      let reminded = 0;
      for (const poll of await listOpenPollsClosingWithin(backgroundDb.q, now, REMINDER_BEFORE_MS)) {
        const outcome = await runExactlyOnce({ db: backgroundDb.q, logger: deps.logger, clock }, { job: 'poll-reminder-auto', period: `poll:${poll.id}`, now }, () =>
          backgroundDb.transaction([], (trx) => requestRound(trx, poll, 'auto', now)),
        );
        if (outcome.ran) reminded += outcome.result;
      }
      if (reminded > 0) outbox.kick();
      return reminded;
    },

    /** What a reminder shows: the poll and the organization reminded; undefined when the poll is gone. */
    async reminderModel(q: Queryable, pollId: number, organizationId: number): Promise<{ poll: Poll; organization: Organization | undefined } | undefined> {
      const poll = await findPoll(q, pollId);
      if (!poll) return undefined;
      return { poll, organization: await findOrganizationById(q, organizationId) };
    },
  };
}

export type Reminders = ReturnType<typeof createReminders>;
