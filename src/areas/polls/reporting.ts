import { actorOrganizationId, isCoordinator, type Actor } from '../network';
import type { Queryable } from '../../platform/database/transaction';
import type { ReportingContribution } from '../../platform/reporting';
import type { Secrets } from '../../platform/secrets';
import type { AnsweredPoll, PollsDigestPart, PollsHomePart, PollsIndicatorsPart, PollSummary } from './domain/reporting';
import { anonymousPollsCreatedIn, openPollsInvitedTo, openPollsWithParticipation, pollParticipationByOrganization, type PollKey } from './store/polls-reporting-store';
import { listBallotsOf, listInvitedOrganizationIds } from './store/polls-store';
import { ballotKey } from './domain/voter-key';
import { attributable, ballotMac, participantsOf } from './use-cases/participation';

export type PollsReporting = ReportingContribution<Actor, PollsDigestPart, PollsHomePart, PollsIndicatorsPart>;

/**
 * Polls: open polls and who answered, the polls a member can still vote on and those they
 * answered (with their answer), participation. Built with the app's secret: who answered an
 * anonymous poll, and what the viewer answered in one, is recomputed from its keyed ballots.
 */
export function createPollsReporting(secrets: Secrets): PollsReporting {
  const mac = ballotMac(secrets);

  /** The summaries with the anonymous polls' answering organizations recomputed (SQL counts none for them). */
  async function withAnonymousAnswers(q: Queryable, rows: Array<{ poll: PollKey; summary: PollSummary }>): Promise<PollSummary[]> {
    const anonymous = rows.filter((r) => r.poll.anonymous);
    if (anonymous.length) {
      const answered = await participantsOf(q, secrets, anonymous.map((r) => r.poll));
      for (const r of anonymous) r.summary.organizationsAnswered = new Set((answered.get(r.poll.id) ?? []).map((p) => p.organizationId)).size;
    }
    return rows.map((r) => r.summary);
  }

  /** The open polls the viewer may vote in, split by whether their ballot (or their organization's) holds anything. */
  async function viewerPolls(q: Queryable, viewer: Actor, organizationId: number, now: Date): Promise<NonNullable<PollsHomePart['polls']>> {
    const open = (await openPollsInvitedTo(q, { organizationId, now })).filter((r) => attributable(secrets, r.poll));
    const keys = new Map(open.map((r) => [r.poll.id, ballotKey(r.poll, viewer.userId, organizationId, mac)]));
    const ballots = await listBallotsOf(q, [...keys].map(([id, key]) => [id, key]));
    const votable: PollSummary[] = [];
    const answered: AnsweredPoll[] = [];
    for (const { poll, summary } of open) {
      const mine = ballots.filter((b) => b.pollId === poll.id && b.voterKey === keys.get(poll.id)).map((b) => ({ option: b.option, answer: b.answer }));
      if (mine.length === 0) votable.push(summary);
      else answered.push({ summary, mine, organization: poll.voteScope === 'organization' ? viewer.member?.organization.shortName : undefined });
    }
    return { votable, answered };
  }

  return {
    async digest(q) {
      return { polls: { open: await withAnonymousAnswers(q, await openPollsWithParticipation(q)) } };
    },

    async home(q, viewer, ctx) {
      const organizationId = actorOrganizationId(viewer);
      // Observers cannot vote; a coordinator without an organization has no ballot either.
      const part: PollsHomePart = organizationId !== null && viewer.role !== 'observer' ? { polls: await viewerPolls(q, viewer, organizationId, ctx.now) } : {};
      if (!isCoordinator(viewer)) return part;
      const open = await withAnonymousAnswers(q, await openPollsWithParticipation(q));
      const sum = (pick: (p: PollSummary) => number) => open.reduce((n, p) => n + pick(p), 0);
      return { ...part, coordinator: { openPolls: open.length, pollParticipation: { answered: sum((p) => p.organizationsAnswered), invited: sum((p) => p.organizationsTotal) } } };
    },

    async indicators(q, range) {
      const rows = await pollParticipationByOrganization(q, range);
      // Anonymous polls: the organizations that answered are recomputed, then added to their rows.
      const anonymous = await anonymousPollsCreatedIn(q, range);
      if (anonymous.length) {
        const [answered, invited] = await Promise.all([participantsOf(q, secrets, anonymous), listInvitedOrganizationIds(q, anonymous.map((p) => p.id))]);
        const answeredBy = new Map<number, number>();
        for (const poll of anonymous) {
          const invitedHere = new Set(invited.get(poll.id) ?? []);
          for (const id of new Set((answered.get(poll.id) ?? []).map((p) => p.organizationId))) if (id !== null && invitedHere.has(id)) answeredBy.set(id, (answeredBy.get(id) ?? 0) + 1);
        }
        for (const row of rows) row.answered += answeredBy.get(row.organizationId) ?? 0;
      }
      return { polls: { participationByOrganization: rows.map(({ organization, answered: a, polls }) => ({ organization, answered: a, polls })) } };
    },
  };
}
