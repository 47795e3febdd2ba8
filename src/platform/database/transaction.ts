import { announceOwnWrites, writtenTables, type Knex } from '.';

/** Anything a repository can query through: the root knex or a transaction. */
export type Queryable = Knex | Knex.Transaction;
export type Transaction = Knex.Transaction;

/**
 * Runs `work` in one transaction. On PGlite there is one connection: code inside must use
 * the `trx` it is given, never the root knex, or it waits for itself (STACK-NOTES).
 */
export async function withTransaction<T>(db: Knex, work: (trx: Knex.Transaction) => Promise<T>): Promise<T> {
  const written = new Set<string>();
  const result = await db.transaction((trx) => {
    trx.on('query', (query: { sql?: string }) => writtenTables(query.sql).forEach((table) => written.add(table)));
    return work(trx);
  });
  // Committed: this process's caches hear of it now, other processes by NOTIFY (src/db).
  announceOwnWrites(db, written);
  return result;
}
export type { Knex } from '.';
/** Marks a request-path query to run as a prepared statement (see src/db). */
export { PREPARED } from '.';
