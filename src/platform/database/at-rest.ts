import type { Logger } from '../logger';
import type { Knex } from './transaction';

/** What `rewriteAtRest` managed: each step that the database refused is reported (and logged), not thrown. */
export interface AtRestReport {
  /** The tables rewritten (VACUUM FULL): their heap and indexes are new files without the erased values. */
  rewritten: string[];
  /** Planner statistics of those tables recomputed and the old ones compacted away (pg_statistic may hold sample values). */
  statistics: boolean;
  /** The write-ahead log moved to a new segment (pg_switch_wal). */
  walSwitched: boolean;
  /** A checkpoint ran: the segments before it are no longer needed and are removed (or recycled: see README, "Privacy"). */
  checkpointed: boolean;
}

function reason(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * After an erasure or a retention pass: makes the database files forget the old values (issue 14,
 * "Nothing left at rest"). An UPDATE leaves the old row version in the table's file and its
 * indexes until they are rewritten, and in the write-ahead log until that segment is removed. So:
 * VACUUM FULL of each table (new heap and index files; the old files are emptied at commit), fresh
 * planner statistics, then a WAL segment switch and a CHECKPOINT, after which the old segments
 * are no longer needed. With `wal_recycle` off they are deleted; with it on (PostgreSQL's default)
 * they are renamed for reuse and keep old bytes until overwritten. On PGlite the checkpoint runs in
 * this session, so the session setting below is enough; on PostgreSQL the server's setting counts
 * (README, "Privacy"). PostgreSQL refuses the last steps to a role that is not a superuser (or
 * lacks pg_checkpoint and EXECUTE on pg_switch_wal): that is reported, not thrown.
 *
 * Give it a connection without a short statement timeout (the background pool): VACUUM FULL locks
 * each table while it copies it, which takes a moment on a large table.
 */
export async function rewriteAtRest(knex: Knex, tables: readonly string[], logger: Logger): Promise<AtRestReport> {
  const report: AtRestReport = { rewritten: [], statistics: true, walSwitched: false, checkpointed: false };
  for (const table of [...new Set(tables)]) {
    await knex.raw('vacuum (full, analyze) ??', [table]);
    report.rewritten.push(table);
  }
  try {
    // The replaced statistics rows are dead tuples of pg_statistic until it is rewritten too.
    await knex.raw('vacuum full pg_statistic');
  } catch (error) {
    report.statistics = false;
    logger.warn({ err: reason(error) }, 'could not compact the planner statistics (needs a superuser)');
  }
  try {
    await knex.raw('set wal_recycle = off');
  } catch {
    // Not a superuser: the server's own setting applies (README, "Privacy").
  }
  try {
    await knex.raw('select pg_switch_wal()');
    report.walSwitched = true;
  } catch (error) {
    logger.warn({ err: reason(error) }, 'could not switch the write-ahead log segment');
  }
  try {
    await knex.raw('checkpoint');
    report.checkpointed = true;
  } catch (error) {
    logger.warn({ err: reason(error) }, 'could not run a checkpoint');
  }
  return report;
}
