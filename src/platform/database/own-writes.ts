import type { Knex } from 'knex';

/**
 * This process's own writes, announced to its caches as soon as they are committed, without
 * waiting for the NOTIFY to come back (PostgreSQL delivers it a moment later, and the next request
 * could come first). A write path names the tables it changes (`Db.transaction`/`Db.write`), and
 * those are announced here after the commit; nothing reads SQL text to find out.
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

/** Sends this process's announced writes on `db` to `changed` until the returned function is called. */
export function listenToOwnWrites(db: Knex, changed: (table: string) => void): () => void {
  ownWriteListeners.set(db, changed);
  return () => {
    ownWriteListeners.delete(db);
  };
}
