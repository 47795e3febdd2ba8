import { BackupRefusedError, backupToFile } from '../platform/backup/backups';
import { systemClock } from '../platform/clock';
import { ConfigError, loadConfig } from '../platform/config';
import { DataDirLockedError } from '../platform/database/data-dir-lock';

/**
 * `npm run backup -- --out FILE`: an encrypted, consistent copy of the embedded database, taken
 * through the running app (its admin socket in DATA_DIR) or, when the app is stopped, from the
 * database opened here. Needs BACKUP_KEY. README, "Backups".
 */
async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const at = args.indexOf('--out');
  const out = at >= 0 ? args[at + 1] : args.find((a) => a.startsWith('--out='))?.slice('--out='.length);
  if (!out) throw new BackupRefusedError('usage: npm run backup -- --out FILE (the encrypted backup file to write)');
  const config = loadConfig(undefined, { requireSlack: false });
  const { bytes, via } = await backupToFile(config, out, systemClock.now());
  console.log(`backup written to ${out} (${bytes} bytes, encrypted with BACKUP_KEY; taken from the ${via})`);
  console.log('Keep BACKUP_KEY and the app secret (ISONEW_SECRET, or the isonew-secret.key file in DATA_DIR) apart from this file: a restore needs both.');
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof BackupRefusedError || error instanceof DataDirLockedError) {
    console.error(`backup refused: ${error.message}`);
    process.exit(error instanceof ConfigError ? 78 : 1);
  }
  console.error(`backup failed: ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
