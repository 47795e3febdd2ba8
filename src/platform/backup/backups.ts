import fs from 'node:fs';
import path from 'node:path';
import type { AppConfig } from '../config';
import { openDatabase, type Database } from '../database';
import { holdsDatabase, restoreEmbedded } from '../database/restore';
import { requestSnapshot } from './admin-socket';
import { decryptBackup, encryptBackup, type BackupHeader } from './backup-file';

/**
 * Backups of the embedded database (README, "Backups"): `npm run backup`, `npm run restore` and
 * the nightly job use these. On PostgreSQL the database server's own tools do it (pg_dump).
 */

export class BackupRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'BackupRefusedError';
  }
}

export const NO_KEY_REASON =
  'BACKUP_KEY is not set: backups hold art. 10 GDPR data (criminal-record data about the candidates) and are only ever written encrypted. ' +
  'Set BACKUP_KEY to 32 random bytes (`openssl rand -base64 32`), keep it apart from the backups, and run the command again.';

/** The backup key, or a refusal that says why there is none. */
export function requireBackupKey(config: Pick<AppConfig, 'backup'>): string {
  if (!config.backup.key) throw new BackupRefusedError(NO_KEY_REASON);
  return config.backup.key;
}

function requireEmbedded(config: Pick<AppConfig, 'database'>, what: 'backup' | 'restore'): string {
  if (config.database.kind !== 'pglite') {
    throw new BackupRefusedError(
      what === 'backup'
        ? 'DATABASE_URL is set: on PostgreSQL back up with pg_dump (README, "Backups"); `npm run backup` copies the embedded database'
        : 'DATABASE_URL is set: on PostgreSQL restore with pg_restore (README, "Backups"); `npm run restore` restores the embedded database',
    );
  }
  return config.database.dataDir;
}

/**
 * A consistent copy of the embedded database: from the running app through its admin socket, or,
 * when no app runs, by opening the database here (taking its lock, so the app cannot start meanwhile).
 */
export async function snapshotEmbedded(dataDir: string): Promise<{ content: Uint8Array; via: 'running app' | 'stopped database' }> {
  const fromApp = await requestSnapshot(dataDir);
  if (fromApp) return { content: fromApp, via: 'running app' };
  if (!holdsDatabase(dataDir)) throw new BackupRefusedError(`there is no database in ${path.resolve(dataDir)} (DATA_DIR): nothing to back up`);
  const db = await openDatabase({ kind: 'pglite', dataDir });
  try {
    return { content: await db.snapshot(), via: 'stopped database' };
  } finally {
    await db.close();
  }
}

/** Writes the encrypted file whole or not at all (a partial file, then a rename), readable by its owner only. */
export function writeBackupFile(file: string, encrypted: Buffer, options: { overwrite: boolean }): void {
  if (!options.overwrite && fs.existsSync(file)) throw new BackupRefusedError(`${file} already exists: choose another name (nothing was overwritten)`);
  fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
  const partial = `${file}.partial`;
  fs.writeFileSync(partial, encrypted, { mode: 0o600 });
  fs.renameSync(partial, file);
}

/** `npm run backup -- --out FILE`. */
export async function backupToFile(config: Pick<AppConfig, 'database' | 'backup'>, file: string, now: Date): Promise<{ bytes: number; via: string }> {
  const dataDir = requireEmbedded(config, 'backup');
  const key = requireBackupKey(config);
  if (fs.existsSync(file)) throw new BackupRefusedError(`${file} already exists: choose another name (nothing was overwritten)`);
  const { content, via } = await snapshotEmbedded(dataDir);
  const encrypted = encryptBackup(content, key, now);
  writeBackupFile(file, encrypted, { overwrite: false });
  return { bytes: encrypted.length, via };
}

/** `npm run restore -- FILE`: checks the whole file first, so a wrong key or a damaged file changes nothing. */
export async function restoreFromFile(config: Pick<AppConfig, 'database' | 'backup'>, file: string): Promise<{ header: BackupHeader; dataDir: string; migrations: number }> {
  const dataDir = requireEmbedded(config, 'restore');
  const key = requireBackupKey(config);
  if (!fs.existsSync(file)) throw new BackupRefusedError(`${file} does not exist`);
  const { header, content } = decryptBackup(fs.readFileSync(file), key);
  const { migrations } = await restoreEmbedded(dataDir, content);
  return { header, dataDir: path.resolve(dataDir), migrations };
}

const NIGHTLY = /^isonew-\d{4}-\d{2}-\d{2}\.backup$/;

export function nightlyBackupName(isoDate: string): string {
  return `isonew-${isoDate}.backup`;
}

/** Keeps the newest `keep` nightly backups in `dir` (by their date in the name); returns the names removed. */
export function pruneNightlyBackups(dir: string, keep: number): string[] {
  if (!fs.existsSync(dir)) return [];
  const names = fs.readdirSync(dir).filter((n) => NIGHTLY.test(n)).sort();
  const removed = names.slice(0, Math.max(0, names.length - keep));
  for (const name of removed) fs.rmSync(path.join(dir, name), { force: true });
  return removed;
}

/** The nightly job's work: a snapshot of the app's own database, encrypted into BACKUP_DIR. */
export async function writeNightlyBackup(
  db: Pick<Database, 'snapshot'>,
  config: Pick<AppConfig, 'backup'>,
  isoDate: string,
  now: Date,
): Promise<{ file: string; bytes: number; removed: string[] }> {
  const key = requireBackupKey(config);
  const dir = path.resolve(config.backup.dir);
  const file = path.join(dir, nightlyBackupName(isoDate));
  const encrypted = encryptBackup(await db.snapshot(), key, now);
  // A retried period (the first attempt died after writing) replaces its own file.
  writeBackupFile(file, encrypted, { overwrite: true });
  return { file, bytes: encrypted.length, removed: pruneNightlyBackups(dir, config.backup.keep) };
}
