import { actorOrganizationId, isCoordinator, type Actor } from '../network';
import type { ReportingContribution } from '../../platform/reporting';
import type { PollsDigestPart, PollsHomePart, PollsIndicatorsPart } from './domain/reporting';
import { openPollsWithParticipation, pollParticipationByOrganization, pollsOverview, votablePolls } from './store/polls-reporting-store';
import { participantKey } from './domain/voter-key';

export type PollsReporting = ReportingContribution<Actor, PollsDigestPart, PollsHomePart, PollsIndicatorsPart>;

/** Polls: open polls and who answered, the polls a member can still vote on, participation. */
export const pollsReporting: PollsReporting = {
  async digest(q) {
    return { polls: { open: await openPollsWithParticipation(q) } };
  },

  async home(q, viewer, ctx) {
    const organizationId = actorOrganizationId(viewer);
    // Observers cannot vote; a coordinator without an organization has no ballot either.
    const votable =
      organizationId !== null && viewer.role !== 'observer'
        ? await votablePolls(q, { organizationId, userKey: participantKey({ voteScope: 'person' }, viewer.userId, organizationId), organizationKey: participantKey({ voteScope: 'organization' }, viewer.userId, organizationId), now: ctx.now })
        : undefined;
    const part: PollsHomePart = votable ? { polls: { votable } } : {};
    if (!isCoordinator(viewer)) return part;
    const overview = await pollsOverview(q);
    return { ...part, coordinator: { openPolls: overview.openPolls, pollParticipation: { answered: overview.answered, invited: overview.invited } } };
  },

  async indicators(q, range) {
    return { polls: { participationByOrganization: await pollParticipationByOrganization(q, range) } };
  },
};
