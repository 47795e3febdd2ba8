import type { NetworkDigest } from '../domain/reporting';
import type { OrganizationKind, Role } from '../domain/types';
import type { Queryable } from '../../../platform/database/transaction';
import type { DigestPeriod } from '../../../platform/reporting';

/**
 * Read-only figures about the directory for the digest, the App Home and the indicators.
 * Membership changes come from the audit log (a removed member has no row left).
 */

type Count = number | string;

export async function networkDigest(q: Queryable, period: DigestPeriod): Promise<NetworkDigest> {
  const [organizations, members, removed] = await Promise.all([
    q('organizations')
      .where('created_at', '>=', period.start)
      .andWhere('created_at', '<', period.end)
      .orderBy('name')
      .select<Array<{ name: string; short_name: string }>>('name', 'short_name'),
    q('members as m')
      .join('organizations as o', 'o.id', 'm.organization_id')
      .where('m.created_at', '>=', period.start)
      .andWhere('m.created_at', '<', period.end)
      .orderBy(['o.short_name', 'm.user_id'])
      .select<Array<{ user_id: string; short_name: string }>>('m.user_id', 'o.short_name'),
    countAudit(q, ['member.remove'], period),
  ]);
  return {
    newOrganizations: organizations.map((o) => ({ name: o.name, shortName: o.short_name })),
    newMembers: members.map((m) => ({ userId: m.user_id, organization: m.short_name })),
    removedMembers: removed['member.remove'] ?? 0,
  };
}

/** How many audit rows of each action fall in [start, end). */
export async function countAudit(q: Queryable, actions: string[], period: DigestPeriod): Promise<Record<string, number>> {
  const rows = await q('audit_log')
    .whereIn('action', actions)
    .andWhere('at', '>=', period.start)
    .andWhere('at', '<', period.end)
    .groupBy('action')
    .select<Array<{ action: string; count: Count }>>('action', q.raw('count(*) as count'));
  return Object.fromEntries(rows.map((r) => [r.action, Number(r.count)]));
}

export interface MemberCounts {
  organizationId: number;
  name: string;
  shortName: string;
  byRole: Partial<Record<Role, number>>;
}

/** Members per active organization and role (organizations with nobody included, with zeros). */
export async function memberCountsByOrganization(q: Queryable): Promise<MemberCounts[]> {
  const rows = await q('organizations as o')
    .leftJoin('members as m', 'm.organization_id', 'o.id')
    .where('o.active', true)
    .groupBy('o.id', 'o.name', 'o.short_name', 'm.role')
    .orderBy('o.name')
    .select<Array<{ id: number; name: string; short_name: string; role: Role | null; count: Count }>>('o.id', 'o.name', 'o.short_name', 'm.role', q.raw('count(m.id) as count'));
  const byOrg = new Map<number, MemberCounts>();
  for (const r of rows) {
    const entry: MemberCounts = byOrg.get(r.id) ?? { organizationId: r.id, name: r.name, shortName: r.short_name, byRole: {} };
    if (r.role) entry.byRole[r.role] = Number(r.count);
    byOrg.set(r.id, entry);
  }
  return [...byOrg.values()];
}

export async function organizationsByKind(q: Queryable): Promise<Array<{ kind: OrganizationKind; count: number }>> {
  const rows = await q('organizations')
    .where('active', true)
    .groupBy('kind')
    .orderBy('kind')
    .select<Array<{ kind: OrganizationKind; count: Count }>>('kind', q.raw('count(*) as count'));
  return rows.map((r) => ({ kind: r.kind, count: Number(r.count) }));
}

export async function countMembersSince(q: Queryable, since: Date): Promise<number> {
  const row = await q('members').where('created_at', '>=', since).first<{ count: Count } | undefined>(q.raw('count(*) as count'));
  return Number(row?.count ?? 0);
}

export async function colleaguesOf(q: Queryable, organizationId: number): Promise<string[]> {
  const rows = await q('members').where({ organization_id: organizationId }).orderBy('user_id').select<Array<{ user_id: string }>>('user_id');
  return rows.map((r) => r.user_id);
}
