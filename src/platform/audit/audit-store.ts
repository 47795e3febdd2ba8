import type { Knex, Queryable } from '../database/transaction';

export interface AuditEntry {
  actorUserId: string;
  action: string;
  entity: string;
  entityId: string | number | null;
  before?: unknown;
  after?: unknown;
}

export interface AuditRow extends AuditEntry {
  id: number;
  at: Date;
}

export async function recordAudit(q: Queryable, entry: AuditEntry): Promise<void> {
  await auditInsert(q, entry);
}

/**
 * The insert of an audit row, not yet run: to be part of a larger statement, where the entity's id
 * may be an expression (the id a data-modifying CTE of that statement returns).
 */
export function auditInsert(q: Queryable, entry: Omit<AuditEntry, 'entityId'> & { entityId: AuditEntry['entityId'] | Knex.Raw }): Knex.QueryBuilder {
  const { entityId } = entry;
  return q('audit_log').insert({
    actor_user_id: entry.actorUserId,
    action: entry.action,
    entity: entry.entity,
    entity_id: entityId === null ? null : typeof entityId === 'object' ? q.raw('(?)::text', [entityId]) : String(entityId),
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
  });
}

export async function listAudit(q: Queryable, filter: { entity?: string; entityId?: string | number; action?: string } = {}): Promise<AuditRow[]> {
  const query = q('audit_log').select('*').orderBy('id');
  if (filter.entity) query.where('entity', filter.entity);
  if (filter.entityId !== undefined) query.where('entity_id', String(filter.entityId));
  if (filter.action) query.where('action', filter.action);
  const rows = (await query) as Array<Record<string, unknown>>;
  return rows.map((r) => ({
    id: Number(r.id),
    at: r.at as Date,
    actorUserId: r.actor_user_id as string,
    action: r.action as string,
    entity: r.entity as string,
    entityId: r.entity_id as string | null,
    before: r.before,
    after: r.after,
  }));
}

/**
 * Removes fields from the before/after of an entity's earlier audit rows: a redacted text is kept
 * nowhere, not even in the rows of the edits that wrote it.
 */
export async function forgetAuditFields(q: Queryable, filter: { entity: string; entityId: string | number; fields: readonly string[] }): Promise<void> {
  if (filter.fields.length === 0) return;
  const fields = q.raw('?::text[]', [filter.fields as string[]]);
  await q('audit_log')
    .where({ entity: filter.entity, entity_id: String(filter.entityId) })
    .update({ before: q.raw('before - ?', [fields]), after: q.raw('after - ?', [fields]) });
}
