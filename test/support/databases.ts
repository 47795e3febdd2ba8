import knexFactory from 'knex';
import { MEMORY } from '../../src/platform/database';

export type DatabaseKind = 'pglite' | 'postgres';

/** PGlite always; the real PostgreSQL too when TEST_DATABASE_URL is set (DESIGN.md §8). */
export const DATABASES: DatabaseKind[] = process.env.TEST_DATABASE_URL ? ['pglite', 'postgres'] : ['pglite'];

/**
 * A fresh, empty database for one test file on the TEST_DATABASE_URL server (or the given admin
 * URL: the vote-storm benchmark), dropped at the end:
 * files run in parallel workers and must not see each other's rows.
 */
export async function scratchPostgres(adminUrl = process.env.TEST_DATABASE_URL): Promise<{ url: string; drop(): Promise<void> }> {
  if (!adminUrl) throw new Error('TEST_DATABASE_URL is not set');
  const name = `isonew_t_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = knexFactory({ client: 'pg', connection: adminUrl, pool: { min: 0, max: 1 } });
  await admin.raw(`create database ${name}`);
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      await admin.raw(`drop database if exists ${name} with (force)`);
      await admin.destroy();
    },
  };
}

export async function databaseTarget(kind: DatabaseKind): Promise<{ target: { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string }; cleanup(): Promise<void> }> {
  if (kind === 'pglite') return { target: { kind: 'pglite', dataDir: MEMORY }, cleanup: async () => {} };
  const scratch = await scratchPostgres();
  return { target: { kind: 'postgres', url: scratch.url }, cleanup: () => scratch.drop() };
}
