import type { Organization, OrganizationKind } from '../domain/types';
import { auditInsert, type AuditEntry } from '../../../platform/audit/audit-store';
import { type Queryable } from '../../../platform/database/transaction';

interface OrganizationRow {
  id: number;
  name: string;
  short_name: string;
  kind: OrganizationKind;
  is_coordinator_body: boolean;
  active: boolean;
}

export function toOrganization(r: OrganizationRow): Organization {
  return {
    id: r.id,
    name: r.name,
    shortName: r.short_name,
    kind: r.kind,
    isCoordinatorBody: r.is_coordinator_body,
    active: r.active,
  };
}

const COLUMNS = ['id', 'name', 'short_name', 'kind', 'is_coordinator_body', 'active'];

export async function listOrganizations(q: Queryable, options: { activeOnly?: boolean } = {}): Promise<Organization[]> {
  const query = q('organizations').select(COLUMNS).orderBy([{ column: 'is_coordinator_body', order: 'desc' }, 'name']);
  if (options.activeOnly) query.where('active', true);
  return ((await query) as OrganizationRow[]).map(toOrganization);
}

export async function findOrganizationById(q: Queryable, id: number): Promise<Organization | undefined> {
  const row = (await q('organizations').select(COLUMNS).where({ id }).first()) as OrganizationRow | undefined;
  return row ? toOrganization(row) : undefined;
}

/** Case-insensitive lookups, to refuse a duplicate before the unique index has to. */
export async function findOrganizationClash(q: Queryable, name: string, shortName: string): Promise<{ name: boolean; shortName: boolean }> {
  const rows = await q('organizations')
    .select('name', 'short_name')
    .whereRaw('lower(name) = lower(?)', [name])
    .orWhereRaw('lower(short_name) = lower(?)', [shortName]);
  return {
    name: rows.some((r: { name: string }) => r.name.toLowerCase() === name.toLowerCase()),
    shortName: rows.some((r: { short_name: string }) => r.short_name.toLowerCase() === shortName.toLowerCase()),
  };
}

export interface NewOrganization {
  name: string;
  shortName: string;
  kind: OrganizationKind;
  isCoordinatorBody?: boolean;
}

/**
 * The new organization and its audit row in one statement (a data-modifying CTE: atomic without
 * BEGIN/COMMIT). A name or short name taken meanwhile fails the whole statement on the unique index.
 */
export async function insertAuditedOrganization(q: Queryable, input: NewOrganization, audit: Omit<AuditEntry, 'entityId'>): Promise<Organization> {
  const [row] = (await q
    .with('new_organization', q('organizations').insert(organizationRow(input)).returning(COLUMNS))
    .with('audit', auditInsert(q, { ...audit, entityId: q.raw('(select id from new_organization)') }))
    .select(COLUMNS)
    .from('new_organization')
    ) as OrganizationRow[];
  return toOrganization(row!);
}

function organizationRow(input: NewOrganization) {
  return { name: input.name, short_name: input.shortName, kind: input.kind, is_coordinator_body: input.isCoordinatorBody ?? false };
}

/** Inserts the organization unless one with the same short name exists; returns it and whether it was created. */
export async function ensureOrganization(q: Queryable, input: NewOrganization): Promise<{ organization: Organization; created: boolean }> {
  const rows = await q('organizations')
    .insert(organizationRow(input))
    .onConflict('short_name')
    .ignore()
    .returning(COLUMNS);
  if (rows.length > 0) return { organization: toOrganization(rows[0] as OrganizationRow), created: true };
  const existing = (await q('organizations').select(COLUMNS).where('short_name', input.shortName).first()) as OrganizationRow;
  return { organization: toOrganization(existing), created: false };
}

export async function findCoordinatorBody(q: Queryable): Promise<Organization | undefined> {
  const row = (await q('organizations').select(COLUMNS).where('is_coordinator_body', true).orderBy('id').first()) as OrganizationRow | undefined;
  return row ? toOrganization(row) : undefined;
}
