import { recordAudit } from '../../../platform/audit/audit-store';
import type { Queryable } from '../../../platform/database/transaction';
import { requireMember, type Actor } from '../../network';
import { pollsMessages } from '../messages';
import type { Poll, PollParticipation, PollState } from '../domain/types';
import { anonymousPollCsv, voterPollCsv, votersToName } from '../exports/poll-csv';
import { listPollsWithParticipation } from '../store/polls-store';
import { conflict, notFound } from '../domain/errors';
import { loadPollState, managedPoll, POLL_ENTITY, type PollsDeps } from './deps';
import { participantsOf } from './participation';

/** `/sondaggio lista` shows polls closed this recently, besides the open ones. */
const RECENT_MS = 30 * 24 * 60 * 60 * 1000;

/** A file the Slack side delivers to the person who asked for it. */
export interface PollExport {
  poll: Poll;
  filename: string;
  title: string;
  content: Buffer;
}

/** Reading polls: the state a message or a result shows, the recent list, and the CSV export. */
export function createPollReading(deps: PollsDeps) {
  const { db, clock, client, secrets } = deps;

  /** Slack display names, best effort (a failure leaves the name empty; the user id is in the row). */
  async function displayNames(userIds: string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (let i = 0; i < userIds.length; i += 10) {
      await Promise.all(
        userIds.slice(i, i + 10).map(async (user) => {
          try {
            const info = await client.users.info({ user });
            const name = info.user?.profile?.real_name || info.user?.real_name || info.user?.name;
            if (name) out.set(user, name);
          } catch {
            // keep the id only
          }
        }),
      );
    }
    return out;
  }

  return {
    /** Everything a poll message or a result needs; undefined when the poll is gone (renderers read through `q`). */
    state(q: Queryable, pollId: number): Promise<PollState | undefined> {
      return loadPollState(q, secrets, pollId);
    },

    async list(actor: Actor): Promise<PollParticipation[]> {
      requireMember(actor);
      const items = await listPollsWithParticipation(db.q, { closedSince: new Date(clock.now().getTime() - RECENT_MS), limit: 20 });
      const anonymous = items.filter((i) => i.poll.anonymous);
      const answered = await participantsOf(db.q, secrets, anonymous.map((i) => i.poll));
      for (const item of anonymous) item.respondedOrganizations = new Set((answered.get(item.poll.id) ?? []).map((p) => p.organizationId)).size;
      return items;
    },

    /**
     * The results as CSV, for the poll's creator or a coordinator only (audited). Anonymous polls:
     * counts per option only, no voter; per-organization polls: the organization of each vote,
     * never the person (as the message shows). Refused while the results are hidden.
     */
    async exportCsv(actor: Actor, pollId: number): Promise<PollExport> {
      await managedPoll(db.q, actor, pollId);
      const state = await loadPollState(db.q, secrets, pollId);
      if (!state) throw notFound((m) => m.reasons.poll);
      const { poll } = state;
      if (poll.resultsHidden && poll.status === 'open') throw conflict((m) => m.reasons.export_hidden({ id: pollId }));
      const file = { locale: actor.locale, tz: deps.config.timezone };
      const content = poll.anonymous ? anonymousPollCsv(state, file) : voterPollCsv(state, await displayNames(votersToName(state)), file);
      await db.write([], (q) => recordAudit(q, { actorUserId: actor.userId, action: 'poll.export', entity: POLL_ENTITY, entityId: poll.id }));
      return { poll, filename: `sondaggio-${poll.id}.csv`, title: pollsMessages(actor.locale).export.title({ id: poll.id }), content };
    },
  };
}

export type PollReading = ReturnType<typeof createPollReading>;
