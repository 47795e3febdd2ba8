import type { Knex } from '../../src/platform/database';

export type DataSnapshot = Record<string, unknown[]>;

/** The tables of the app's schema (every migration's tables, whatever features are installed). */
export async function appTables(knex: Knex): Promise<string[]> {
  const rows = (await knex.raw(
    `select tablename from pg_tables where schemaname = current_schema() and tablename not like 'knex_migrations%' order by tablename`,
  )).rows as Array<{ tablename: string }>;
  return rows.map((r) => r.tablename);
}

/**
 * Every row of every app table, in a stable order: compare two snapshots to prove that a batch
 * of requests changed nothing. `ignore` drops columns that legitimately move (e.g. a cache stamp).
 */
export async function snapshotData(knex: Knex, ignore: Record<string, string[]> = {}): Promise<DataSnapshot> {
  const out: DataSnapshot = {};
  for (const table of await appTables(knex)) {
    // The ids of events already delivered: the retry dedupe's bookkeeping, not stored data.
    if (table === 'slack_events') continue;
    const rows = (await knex.raw(`select * from "${table}"`)).rows as Array<Record<string, unknown>>;
    const drop = new Set(ignore[table] ?? []);
    out[table] = rows
      .map((row) => JSON.stringify(Object.fromEntries(Object.entries(row).filter(([k]) => !drop.has(k)).sort(([a], [b]) => a.localeCompare(b)))))
      .sort()
      .map((json) => JSON.parse(json) as unknown);
  }
  return out;
}
