import type { Knex } from 'knex';
import { announceOwnWrites } from './own-writes';

/** Anything a store can query through: the root knex or a transaction. */
export type Queryable = Knex | Knex.Transaction;
export type Transaction = Knex.Transaction;
export type { Knex };

/**
 * What a use case holds to reach the database: reads and writes go through its area's stores (the
 * only SQL), given `db.q` or the transaction. A write path names the tables it changes, so that
 * this process forgets what it keeps in memory of them the moment the change is committed (other
 * processes hear of it by NOTIFY: src/platform/cache.ts); nothing reads SQL text to find out.
 */
export interface Db {
  /** For reads, and for statements that change no table kept in memory. */
  readonly q: Knex;
  /**
   * Runs `work` in one transaction. On PGlite there is one connection: code inside must use the
   * `trx` it is given, never `db.q`, or it waits for itself (STACK-NOTES).
   */
  transaction<T>(changes: readonly string[], work: (trx: Transaction) => Promise<T>): Promise<T>;
  /** One statement (atomic without BEGIN/COMMIT: a data-modifying CTE) that changes `changes`. */
  write<T>(changes: readonly string[], work: (q: Knex) => Promise<T>): Promise<T>;
}

export function createDb(knex: Knex): Db {
  return {
    q: knex,
    async transaction(changes, work) {
      const result = await knex.transaction(work);
      announceOwnWrites(knex, changes);
      return result;
    },
    async write(changes, work) {
      const result = await work(knex);
      announceOwnWrites(knex, changes);
      return result;
    },
  };
}
