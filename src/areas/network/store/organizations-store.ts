import type { Organization, OrganizationKind } from '../domain/types';
import { auditInsert, type AuditEntry } from '../../../platform/audit/audit-store';
import { claimInsert } from '../../../platform/slack/events-store';
import type { Table } from '../../../platform/database/tables';
import { type Queryable } from '../../../platform/database/transaction';

/** A row of organizations as the drivers return it (migration 20261124090000). */
export interface OrganizationRow {
  id: number;
  name: string;
  short_name: string;
  kind: OrganizationKind;
  is_coordinator_body: boolean;
  active: boolean;
  created_at: Date;
  updated_at: Date;
}

type OrganizationInsert = Pick<OrganizationRow, 'name' | 'short_name' | 'kind'> & Partial<Pick<OrganizationRow, 'id' | 'is_coordinator_body' | 'active'>>;

declare module 'knex/types/tables' {
  interface Tables {
    organizations: Table<OrganizationRow, OrganizationInsert>;
  }
}

/** The columns of an organization the app reads (another area's join may select just these). */
export type OrganizationColumns = Pick<OrganizationRow, 'id' | 'name' | 'short_name' | 'kind' | 'is_coordinator_body' | 'active'>;

export function toOrganization(r: OrganizationColumns): Organization {
  return {
    id: r.id,
    name: r.name,
    shortName: r.short_name,
    kind: r.kind,
    isCoordinatorBody: r.is_coordinator_body,
    active: r.active,
  };
}

const COLUMNS: Array<keyof OrganizationColumns> = ['id', 'name', 'short_name', 'kind', 'is_coordinator_body', 'active'];

export async function listOrganizations(q: Queryable, options: { activeOnly?: boolean } = {}): Promise<Organization[]> {
  const query = q('organizations').select(COLUMNS).orderBy([{ column: 'is_coordinator_body', order: 'desc' }, 'name']);
  if (options.activeOnly) query.where('active', true);
  return (await query).map(toOrganization);
}

export async function findOrganizationById(q: Queryable, id: number): Promise<Organization | undefined> {
  const row = await q('organizations').select(COLUMNS).where({ id }).first();
  return row ? toOrganization(row) : undefined;
}

/** Case-insensitive lookups, to refuse a duplicate before the unique index has to. */
export async function findOrganizationClash(q: Queryable, name: string, shortName: string): Promise<{ name: boolean; shortName: boolean }> {
  const rows = await q('organizations')
    .select('name', 'short_name')
    .whereRaw('lower(name) = lower(?)', [name])
    .orWhereRaw('lower(short_name) = lower(?)', [shortName]);
  return {
    name: rows.some((r) => r.name.toLowerCase() === name.toLowerCase()),
    shortName: rows.some((r) => r.short_name.toLowerCase() === shortName.toLowerCase()),
  };
}

export interface NewOrganization {
  name: string;
  shortName: string;
  kind: OrganizationKind;
  isCoordinatorBody?: boolean;
}

/**
 * The new organization, its audit row and the claim of the form's submission in one statement (a
 * data-modifying CTE: atomic without BEGIN/COMMIT). A name or short name taken meanwhile, or a
 * submission already claimed (`isClaimTaken`), fails the whole statement on its unique index.
 */
export async function insertAuditedOrganization(q: Queryable, input: NewOrganization, audit: Omit<AuditEntry, 'entityId'>, submission?: string): Promise<Organization> {
  const statement = submission ? q.with('submission', claimInsert(q, submission)) : q;
  const [row] = await statement
    .with('new_organization', q('organizations').insert(organizationRow(input)).returning(COLUMNS))
    .with('audit', auditInsert(q, { ...audit, entityId: q.raw('(select id from new_organization)') }))
    .select<OrganizationColumns[]>(COLUMNS)
    .from('new_organization');
  if (!row) throw new Error('the new organization was not returned');
  return toOrganization(row);
}

function organizationRow(input: NewOrganization): OrganizationInsert {
  return { name: input.name, short_name: input.shortName, kind: input.kind, is_coordinator_body: input.isCoordinatorBody ?? false };
}

/** Inserts the organization unless one with the same short name exists; returns it and whether it was created. */
export async function ensureOrganization(q: Queryable, input: NewOrganization): Promise<{ organization: Organization; created: boolean }> {
  const [inserted] = await q('organizations').insert(organizationRow(input)).onConflict('short_name').ignore().returning(COLUMNS);
  if (inserted) return { organization: toOrganization(inserted), created: true };
  const existing = await q('organizations').select(COLUMNS).where('short_name', input.shortName).first();
  if (!existing) throw new Error(`organization ${input.shortName} neither inserted nor found`);
  return { organization: toOrganization(existing), created: false };
}

export async function findCoordinatorBody(q: Queryable): Promise<Organization | undefined> {
  const row = await q('organizations').select(COLUMNS).where('is_coordinator_body', true).orderBy('id').first();
  return row ? toOrganization(row) : undefined;
}
