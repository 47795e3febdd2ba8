import { actorOrganizationId, isCoordinator } from '../network';
import { openPollsWithParticipation, pollParticipationByOrganization, pollsOverview, votablePolls } from './store/polls-reporting-store';
import type { ReportingArea } from '../digest';

/** Polls: open polls and who answered, the polls a member can still vote on, participation. */
export const pollsArea: ReportingArea = {
  name: 'polls',

  async digest(q) {
    return { polls: { open: await openPollsWithParticipation(q) } };
  },

  async home(q, viewer, ctx) {
    const organizationId = actorOrganizationId(viewer);
    // Observers cannot vote; a coordinator without an organization has no ballot either.
    const votable =
      organizationId !== null && viewer.role !== 'observer'
        ? await votablePolls(q, { organizationId, userKey: `user:${viewer.userId}`, organizationKey: `org:${organizationId}`, now: ctx.now })
        : undefined;
    const part = votable ? { polls: { votable } } : {};
    if (!isCoordinator(viewer)) return part;
    const overview = await pollsOverview(q);
    return { ...part, coordinator: { openPolls: overview.openPolls, pollParticipation: { answered: overview.answered, invited: overview.invited } } };
  },

  async indicators(q, range) {
    return { polls: { participationByOrganization: await pollParticipationByOrganization(q, range) } };
  },
};
