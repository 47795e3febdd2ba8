import type { Locale } from '../../../platform/i18n/locales';
import type { MemberWithOrganization, OrganizationKind, Role } from '../domain/types';
import type { Table } from '../../../platform/database/tables';
import { type Queryable } from '../../../platform/database/transaction';

/** A row of members as the drivers return it (migration 20261124090000). */
export interface MemberRow {
  id: number;
  user_id: string;
  team_id: string | null;
  organization_id: number;
  role: Role;
  locale: Locale | null;
  locale_checked_at: Date | null;
  added_by: string | null;
  created_at: Date;
  updated_at: Date;
}

type MemberInsert = Pick<MemberRow, 'user_id' | 'organization_id' | 'role'> &
  Partial<Pick<MemberRow, 'team_id' | 'locale' | 'locale_checked_at' | 'added_by'>>;

declare module 'knex/types/tables' {
  interface Tables {
    members: Table<MemberRow, MemberInsert>;
  }
}

/** A member joined with their organization, as `selectMembers` reads it. */
interface MemberJoinRow extends Pick<MemberRow, 'id' | 'user_id' | 'team_id' | 'organization_id' | 'role' | 'locale' | 'locale_checked_at'> {
  org_name: string;
  org_short_name: string;
  org_kind: OrganizationKind;
  org_is_coordinator_body: boolean;
  org_active: boolean;
}

function toMember(r: MemberJoinRow): MemberWithOrganization {
  return {
    id: r.id,
    userId: r.user_id,
    teamId: r.team_id,
    organizationId: r.organization_id,
    role: r.role,
    locale: r.locale,
    localeCheckedAt: r.locale_checked_at,
    organization: {
      id: r.organization_id,
      name: r.org_name,
      shortName: r.org_short_name,
      kind: r.org_kind,
      isCoordinatorBody: r.org_is_coordinator_body,
      active: r.org_active,
    },
  };
}

function selectMembers(q: Queryable) {
  return q('members as m')
    .join('organizations as o', 'o.id', 'm.organization_id')
    .select<MemberJoinRow[]>(
      'm.id',
      'm.user_id',
      'm.team_id',
      'm.organization_id',
      'm.role',
      'm.locale',
      'm.locale_checked_at',
      'o.name as org_name',
      'o.short_name as org_short_name',
      'o.kind as org_kind',
      'o.is_coordinator_body as org_is_coordinator_body',
      'o.active as org_active',
    );
}

export async function findMemberByUserId(q: Queryable, userId: string): Promise<MemberWithOrganization | undefined> {
  const [row] = await selectMembers(q).where('m.user_id', userId).limit(1);
  return row ? toMember(row) : undefined;
}

/** The members among these users, by user id (one query). */
export async function findMembersByUserIds(q: Queryable, userIds: readonly string[]): Promise<Map<string, MemberWithOrganization>> {
  const rows = await selectMembers(q).whereIn('m.user_id', [...userIds]);
  return new Map(rows.map((row) => [row.user_id, toMember(row)]));
}

export async function listMembers(q: Queryable, filter: { organizationIds?: number[]; roles?: Role[] } = {}): Promise<MemberWithOrganization[]> {
  const query = selectMembers(q).orderBy(['o.name', 'm.role', 'm.user_id']);
  if (filter.organizationIds) query.whereIn('m.organization_id', filter.organizationIds);
  if (filter.roles) query.whereIn('m.role', filter.roles);
  return (await query).map(toMember);
}

/** Adds the user to the directory, or moves them (organization and role); returns them as stored. */
export async function upsertMember(
  q: Queryable,
  input: { userId: string; teamId: string | null; organizationId: number; role: Role; addedBy: string },
): Promise<MemberWithOrganization> {
  const [row] = await q('members')
    .insert({
      user_id: input.userId,
      team_id: input.teamId,
      organization_id: input.organizationId,
      role: input.role,
      added_by: input.addedBy,
    })
    .onConflict('user_id')
    .merge({ organization_id: input.organizationId, role: input.role, updated_at: q.fn.now() })
    .returning('id');
  const member = await findMemberByUserId(q, input.userId);
  if (!row || !member || member.id !== row.id) throw new Error('member upsert lost its row');
  return member;
}

/** Inserts the member only when the user is not in the directory yet. */
export async function insertMemberIfAbsent(
  q: Queryable,
  input: { userId: string; organizationId: number; role: Role; addedBy: string },
): Promise<boolean> {
  const rows = await q('members')
    .insert({ user_id: input.userId, organization_id: input.organizationId, role: input.role, added_by: input.addedBy })
    .onConflict('user_id')
    .ignore()
    .returning('id');
  return rows.length > 0;
}

export async function deleteMember(q: Queryable, userId: string): Promise<boolean> {
  return (await q('members').where('user_id', userId).delete()) > 0;
}

export async function countCoordinators(q: Queryable): Promise<number> {
  const [row] = await q('members').where('role', 'coordinator').count<Array<{ count: number | string }>>('* as count');
  return Number(row?.count ?? 0);
}

export async function updateMemberLocale(q: Queryable, userId: string, locale: Locale | null, checkedAt: Date): Promise<void> {
  await q('members').where('user_id', userId).update({ locale, locale_checked_at: checkedAt });
}
