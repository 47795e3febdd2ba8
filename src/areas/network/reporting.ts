import type { ReportingContribution } from '../../platform/reporting';
import { isCoordinator } from './domain/permissions';
import type { NetworkDigestPart, NetworkHomePart, NetworkIndicatorsPart } from './domain/reporting';
import { ROLES, type Actor, type Role } from './domain/types';
import {
  colleaguesOf,
  countAudit,
  countMembersSince,
  memberCountsByOrganization,
  networkDigest,
  organizationsByKind,
} from './store/network-reporting-store';

const DAY_MS = 24 * 60 * 60 * 1000;

export type NetworkReporting = ReportingContribution<Actor, NetworkDigestPart, NetworkHomePart, NetworkIndicatorsPart>;

/** The directory's part: new organizations and representatives, counts per organization and role. */
export const networkReporting: NetworkReporting = {
  async digest(q, period) {
    return { network: await networkDigest(q, period) };
  },

  async home(q, viewer, ctx) {
    const colleagues = viewer.member ? (await colleaguesOf(q, viewer.member.organizationId)).filter((id) => id !== viewer.userId) : [];
    if (!isCoordinator(viewer)) return { colleagues };
    const [counts, newMembers] = await Promise.all([memberCountsByOrganization(q), countMembersSince(q, new Date(ctx.now.getTime() - 30 * DAY_MS))]);
    const membersByRole: Partial<Record<Role, number>> = {};
    for (const c of counts) {
      for (const role of ROLES) {
        const n = c.byRole[role];
        if (n !== undefined) membersByRole[role] = (membersByRole[role] ?? 0) + n;
      }
    }
    return {
      colleagues,
      coordinator: {
        organizations: counts.length,
        members: Object.values(membersByRole).reduce((a, b) => a + b, 0),
        membersByRole,
        newMembersLast30Days: newMembers,
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
