import { isCoordinator } from './domain/permissions';
import { countActiveSubscriptions } from '../digest';
import {
  colleaguesOf,
  countAudit,
  countMembersSince,
  memberCountsByOrganization,
  networkDigest,
  organizationsByKind,
} from './store/network-reporting-store';
import type { Role } from './domain/types';
import type { ReportingArea } from '../digest';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The directory's part: new organizations and representatives, counts per organization and role. */
export const networkArea: ReportingArea = {
  name: 'network',

  async digest(q, period) {
    return { network: await networkDigest(q, period) };
  },

  async home(q, viewer, ctx) {
    const colleagues = viewer.member ? (await colleaguesOf(q, viewer.member.organizationId)).filter((id) => id !== viewer.userId) : [];
    if (!isCoordinator(viewer)) return { colleagues };
    const [counts, newMembers, digestChannels] = await Promise.all([
      memberCountsByOrganization(q),
      countMembersSince(q, new Date(ctx.now.getTime() - 30 * DAY_MS)),
      countActiveSubscriptions(q),
    ]);
    const membersByRole: Partial<Record<Role, number>> = {};
    for (const c of counts) for (const [role, n] of Object.entries(c.byRole) as Array<[Role, number]>) membersByRole[role] = (membersByRole[role] ?? 0) + n;
    return {
      colleagues,
      coordinator: {
        organizations: counts.length,
        members: Object.values(membersByRole).reduce((a, b) => a + b, 0),
        membersByRole,
        newMembersLast30Days: newMembers,
        digestChannels,
      },
    };
  },

  async indicators(q, range) {
    const [counts, kinds, changes] = await Promise.all([
      memberCountsByOrganization(q),
      organizationsByKind(q),
      countAudit(q, ['member.add', 'member.update', 'member.remove'], range),
    ]);
    return {
      network: {
        membersByOrganization: counts.map((c) => ({
          organization: c.name,
          shortName: c.shortName,
          coordinators: c.byRole.coordinator ?? 0,
          partners: c.byRole.partner ?? 0,
          observers: c.byRole.observer ?? 0,
        })),
        organizationsByKind: kinds,
        membershipChanges: { added: changes['member.add'] ?? 0, moved: changes['member.update'] ?? 0, removed: changes['member.remove'] ?? 0 },
      },
    };
  },
};
