import { recordAudit } from '../../../platform/audit/audit-store';
import type { Queryable } from '../../../platform/database/transaction';
import { runExactlyOnce } from '../../../platform/jobs/exactly-once';
import { markEntityChanged } from '../../../platform/outbox/published-messages-store';
import { findOrganizationById, listMembers, type Actor, type MemberWithOrganization, type Organization } from '../../network';
import { formatInstant } from '../../../platform/time';
import type { Poll } from '../domain/types';
import { participantKey } from '../domain/voter-key';
import { claimReminder, findPoll, listInvitedOrganizations, listOpenPollsClosingWithin } from '../store/polls-store';
import { conflict } from '../domain/errors';
import { managedPoll, POLL_ENTITY, type PollsDeps } from './deps';
import { attributable, participantsOf } from './participation';
import { requestReminder } from './posts';

/** The automatic reminder goes this long before the deadline. */
const REMINDER_BEFORE_MS = 24 * 60 * 60 * 1000;
/** "Sollecita" sends at most once in this window per poll. */
export const REMIND_WINDOW_MS = 24 * 60 * 60 * 1000;

/**
 * Reminders by DM to the members who have not answered: "Sollecita" (creator or coordinator) and
 * the automatic one 24 hours before the deadline. One post per person and round, under a key that
 * names both, so a rerun or a second replica reminds nobody twice. "Sollecita" sends at most once
 * every 24 hours per poll: the database decides (one conditional update of the poll's
 * `reminded_at`), so a double click or a retry on any replica sends once.
 */
export function createReminders(deps: PollsDeps) {
  const { db, backgroundDb, clock, outbox, publisher, secrets } = deps;

  /**
   * The members who should answer and have not: by person, or every member of a silent
   * organization. Nobody for an anonymous poll keyed with another secret (who answered is unknown).
   */
  async function nonRespondents(q: Queryable, poll: Poll): Promise<MemberWithOrganization[]> {
    const invited = (await listInvitedOrganizations(q, poll.id)).map((o) => o.id);
    if (invited.length === 0 || !attributable(secrets, poll)) return [];
    const [members, participants] = await Promise.all([listMembers(q, { organizationIds: invited, roles: ['coordinator', 'partner'] }), participantsOf(q, secrets, [poll])]);
    const answered = new Set((participants.get(poll.id) ?? []).map((p) => p.participant));
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

    /**
     * Sollecita: a DM to each person who has not answered (creator or coordinator), at most once
     * every 24 hours per poll. Returns how many are reminded; refused, saying when it last sent and
     * when it can send again, within the 24 hours. When everyone has answered nothing is sent and
     * the window is not taken.
     */
    async remind(actor: Actor, pollId: number): Promise<number> {
      const poll = await managedPoll(db.q, actor, pollId);
      if (poll.status !== 'open') throw conflict((m) => m.reasons.remind_closed({ id: pollId }));
      if (!attributable(secrets, poll)) throw conflict((m) => m.reasons.remind_unknown({ id: pollId }));
      const now = clock.now();
      const tz = deps.config.timezone;
      const tooSoon = (last: Date) =>
        conflict((m, locale) =>
          m.reasons.remind_too_soon({ id: pollId, last: formatInstant(last, tz, locale), next: formatInstant(new Date(last.getTime() + REMIND_WINDOW_MS), tz, locale) }),
        );
      if (poll.remindedAt && now.getTime() - poll.remindedAt.getTime() < REMIND_WINDOW_MS) throw tooSoon(poll.remindedAt);
      if ((await nonRespondents(db.q, poll)).length === 0) return 0;
      const outcome = await db.transaction([], async (trx) => {
        const claimed = await claimReminder(trx, pollId, now, REMIND_WINDOW_MS);
        if (!claimed) return { claimed: false as const, poll: await findPoll(trx, pollId) };
        await recordAudit(trx, { actorUserId: actor.userId, action: 'poll.remind', entity: POLL_ENTITY, entityId: pollId, after: { round: claimed.reminderCount } });
        await markEntityChanged(trx, POLL_ENTITY, pollId);
        return { claimed: true as const, asked: await requestRound(trx, claimed, `manual${claimed.reminderCount}`, now) };
      });
      if (!outcome.claimed) {
        if (outcome.poll?.status !== 'open') throw conflict((m) => m.reasons.remind_closed({ id: pollId }));
        throw tooSoon(outcome.poll.remindedAt ?? now);
      }
      outbox.kick();
      publisher.kick();
      return outcome.asked;
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
