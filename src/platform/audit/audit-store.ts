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

/** Several audit rows in one statement (a batch of votes), in the given order. */
export async function recordAuditMany(q: Queryable, entries: AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await q('audit_log').insert(entries.map((entry) => auditValues(entry)));
}

function auditValues(entry: AuditEntry) {
  return {
    actor_user_id: entry.actorUserId,
    action: entry.action,
    entity: entry.entity,
    entity_id: entry.entityId === null ? null : String(entry.entityId),
    before: entry.before === undefined ? null : JSON.stringify(entry.before),
    after: entry.after === undefined ? null : JSON.stringify(entry.after),
  };
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
  return rows.map(toAuditRow);
}

function toAuditRow(r: Record<string, unknown>): AuditRow {
  return {
    id: Number(r.id),
    at: r.at as Date,
    actorUserId: r.actor_user_id as string,
    action: r.action as string,
    entity: r.entity as string,
    entityId: r.entity_id as string | null,
    before: r.before,
    after: r.after,
  };
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** `text` found in `haystack` regardless of case. */
function mentions(haystack: string, text: string): boolean {
  return haystack.toLowerCase().includes(text.toLowerCase());
}

function replaceAll(value: string, text: string, placeholder: string): string {
  const lower = value.toLowerCase();
  const needle = text.toLowerCase();
  let out = '';
  let from = 0;
  for (let at = lower.indexOf(needle); at >= 0; at = lower.indexOf(needle, from)) {
    out += value.slice(from, at) + placeholder;
    from = at + needle.length;
  }
  return out + value.slice(from);
}

/** The JSON with every occurrence of `text` (in strings and keys, any case) replaced by `placeholder`. */
function scrubJson(value: Json, text: string, placeholder: string): Json {
  if (typeof value === 'string') return mentions(value, text) ? replaceAll(value, text, placeholder) : value;
  if (Array.isArray(value)) return value.map((v) => scrubJson(v, text, placeholder));
  if (value !== null && typeof value === 'object') {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) out[mentions(k, text) ? replaceAll(k, text, placeholder) : k] = scrubJson(v, text, placeholder);
    return out;
  }
  return value;
}

function mentioning(q: Queryable, text: string) {
  return q('audit_log').where((w) =>
    w
      .whereRaw('strpos(lower(before::text), lower(?)) > 0', [text])
      .orWhereRaw('strpos(lower(after::text), lower(?)) > 0', [text])
      .orWhereRaw('strpos(lower(entity_id), lower(?)) > 0', [text]),
  );
}

/** Audit rows whose details mention `text` (any case): what an access request about a candidate code includes. */
export async function auditRowsMentioning(q: Queryable, text: string): Promise<AuditRow[]> {
  const rows = (await mentioning(q, text).select('*').orderBy('id')) as Array<Record<string, unknown>>;
  return rows.map(toAuditRow);
}

/** Audit rows whose `after` holds `value` under `key` (a privacy request's keyed hash of the code). */
export async function auditRowsWith(q: Queryable, key: string, value: string): Promise<AuditRow[]> {
  const rows = (await q('audit_log').whereRaw('after ->> ? = ?', [key, value]).select('*').orderBy('id')) as Array<Record<string, unknown>>;
  return rows.map(toAuditRow);
}

/**
 * Erases `text` (a candidate code) from the audit log's details, in the caller's transaction: every
 * occurrence becomes `placeholder`; the rows stay (who did what, when). Returns how many rows changed.
 */
export async function eraseFromAudit(q: Queryable, text: string, placeholder: string): Promise<number> {
  const rows = (await mentioning(q, text).select('id', 'entity_id', 'before', 'after').forUpdate()) as Array<{ id: number | string; entity_id: string | null; before: Json; after: Json }>;
  for (const row of rows) {
    await q('audit_log')
      .where('id', row.id)
      .update({
        entity_id: row.entity_id === null ? null : replaceAll(row.entity_id, text, placeholder),
        before: row.before === null ? null : JSON.stringify(scrubJson(row.before, text, placeholder)),
        after: row.after === null ? null : JSON.stringify(scrubJson(row.after, text, placeholder)),
      });
  }
  return rows.length;
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
