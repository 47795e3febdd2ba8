import fs from 'node:fs';
import path from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { acquireDataDirLock } from './data-dir-lock';
import { pgliteStartOptions } from './pglite-options';

export class RestoreRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefusedError';
  }
}

/** The embedded database's own folder under DATA_DIR. */
export function pgdataDir(dataDir: string): string {
  return path.join(path.resolve(dataDir), 'pgdata');
}

export function holdsDatabase(dataDir: string): boolean {
  const dir = pgdataDir(dataDir);
  return fs.existsSync(dir) && fs.readdirSync(dir).length > 0;
}

/**
 * Puts a snapshot (Database.snapshot's tarball) back as the embedded database of `dataDir`, with the
 * app stopped (the data folder's lock: DataDirLockedError otherwise) and no database there yet
 * (RestoreRefusedError otherwise). The restored database is opened once to check it answers; if
 * anything fails, what was written is removed, so a refused or failed restore leaves DATA_DIR as it was.
 */
export async function restoreEmbedded(dataDir: string, tarball: Uint8Array): Promise<{ migrations: number }> {
  const existed = fs.existsSync(dataDir);
  // First the lock: a running app (or seed) holding this folder is the first thing to say.
  const release = acquireDataDirLock(path.resolve(dataDir));
  const target = pgdataDir(dataDir);
  try {
    if (holdsDatabase(dataDir)) {
      throw new RestoreRefusedError(
        `${path.resolve(dataDir)} already holds a database: a restore goes into an empty DATA_DIR (move its pgdata folder away, or set DATA_DIR to a new folder)`,
      );
    }
    try {
      const pglite = new PGlite(target, { ...pgliteStartOptions(), loadDataDir: new Blob([new Uint8Array(tarball)]) });
      try {
        const { rows } = await pglite.query<{ n: number }>('select count(*)::int as n from knex_migrations');
        return { migrations: rows[0]?.n ?? 0 };
      } finally {
        await pglite.close();
      }
    } catch (error) {
      fs.rmSync(target, { recursive: true, force: true });
      throw error;
    }
  } finally {
    release();
    if (!existed && fs.existsSync(dataDir) && fs.readdirSync(dataDir).length === 0) fs.rmdirSync(dataDir);
  }
}
