import { BackupRefusedError, restoreFromFile } from '../platform/backup/backups';
import { BackupFileError } from '../platform/backup/backup-file';
import { ConfigError, loadConfig } from '../platform/config';
import { DataDirLockedError } from '../platform/database/data-dir-lock';
import { RestoreRefusedError } from '../platform/database/restore';

/**
 * `npm run restore -- FILE`: puts a backup made by `npm run backup` (or the nightly job) back as
 * the embedded database in DATA_DIR, which must hold no database, with the app stopped. The whole
 * file is decrypted and authenticated first: a wrong key or a damaged file changes nothing.
 */
async function main(): Promise<void> {
  const file = process.argv.slice(2).find((a) => !a.startsWith('--'));
  if (!file) throw new BackupRefusedError('usage: npm run restore -- FILE (a backup made by `npm run backup`)');
  const config = loadConfig(undefined, { requireSlack: false });
  const { header, dataDir, migrations } = await restoreFromFile(config, file);
  console.log(`restored the backup of ${header.createdAt} into ${dataDir} (${migrations} migrations recorded); start the app with the same app secret (ISONEW_SECRET, or the isonew-secret.key file put back in DATA_DIR)`);
}

main().catch((error: unknown) => {
  if (error instanceof DataDirLockedError) {
    console.error(`restore refused: the app (pid ${error.ownerPid}) is running on ${error.dataDir}: stop it first; nothing was changed`);
    process.exit(1);
  }
  if (error instanceof ConfigError || error instanceof BackupRefusedError || error instanceof BackupFileError || error instanceof RestoreRefusedError) {
    console.error(`restore refused: ${error.message}; nothing was changed`);
    process.exit(error instanceof ConfigError ? 78 : 1);
  }
  console.error(`restore failed: ${error instanceof Error ? error.message : String(error)}; nothing was changed`);
  process.exit(1);
});
