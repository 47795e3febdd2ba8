import type { Knex } from 'knex';

/**
 * The tables a statement writes (insert into, update, delete from, truncate), read off its SQL.
 * Over-reporting is harmless (a cache is emptied for nothing); `do update set` or `for update`
 * yield names no cache reads.
 */
export function writtenTables(sql: string | undefined): string[] {
  if (!sql) return [];
  const tables: string[] = [];
  for (const m of sql.matchAll(/\b(?:insert\s+into|update|delete\s+from)\s+(?:only\s+)?((?:"?\w+"?\.)?"?\w+"?)/gi)) tables.push(tableName(m[1]!));
  for (const m of sql.matchAll(/\btruncate\s+(?:table\s+)?(?:only\s+)?((?:"?\w+"?\.)?"?\w+"?(?:\s*,\s*(?:"?\w+"?\.)?"?\w+"?)*)/gi)) {
    tables.push(...m[1]!.split(',').map(tableName));
  }
  return tables;
}

/** `"public"."members"` → `members`. */
function tableName(reference: string): string {
  return reference.trim().split('.').pop()!.replaceAll('"', '').toLowerCase();
}

/**
 * This process's own writes, announced to its caches as soon as they are committed, without
 * waiting for the NOTIFY to come back (PostgreSQL delivers it a moment later, and the next
 * request could come first). Statements outside a transaction are announced after they
 * complete; a transaction's writes when withTransaction sees it committed.
 */
const ownWriteListeners = new WeakMap<Knex, (table: string) => void>();

export function announceOwnWrites(db: Knex, tables: Iterable<string>): void {
  const listener = ownWriteListeners.get(db);
  if (!listener) return;
  // After the commit: a failure here must not turn a committed write into an error.
  try {
    for (const table of tables) listener(table);
  } catch {
    // The NOTIFY still empties the caches a moment later.
  }
}

export function listenToOwnWrites(db: Knex, changed: (table: string) => void): () => void {
  ownWriteListeners.set(db, changed);
  const onResponse = (_response: unknown, query: { sql?: string; __knexTxId?: string }) => {
    if (!query.__knexTxId) announceOwnWrites(db, writtenTables(query.sql));
  };
  db.on('query-response', onResponse);
  return () => {
    db.off('query-response', onResponse);
    ownWriteListeners.delete(db);
  };
}

