import type { AppConfig } from '../config';
import type { Clock } from '../clock';
import type { Database } from '../database';
import type { Logger } from '../logger';
import { runExactlyOnce } from '../jobs/exactly-once';
import type { Job, JobReport } from '../jobs/types';
import { calendarDateIn } from '../time';
import { writeNightlyBackup } from './backups';

/**
 * The nightly backup of the embedded database: one encrypted file a day (in APP_TIMEZONE) in
 * BACKUP_DIR, the last BACKUP_KEEP kept. Scheduled hourly: the first run of a day does it (shortly
 * after midnight), a failed attempt is retried an hour later, and a day missed while the app was
 * down is made at start. The day is claimed in job_runs (runExactlyOnce), so a second run, or a
 * second replica, writes nothing.
 */
export function backupJob(deps: { database: Pick<Database, 'snapshot' | 'background'>; config: Pick<AppConfig, 'backup' | 'timezone'>; logger: Logger; clock: Clock }): Job {
  const { database, config, logger, clock } = deps;
  return {
    name: 'backup',
    schedule: '5 * * * *',
    async run(now): Promise<JobReport> {
      const day = calendarDateIn(now, config.timezone);
      const outcome = await runExactlyOnce({ db: database.background, logger, clock }, { job: 'backup', period: day, now, retryAfterMs: 55 * 60_000, leaseMs: 30 * 60_000 }, async () => {
        const written = await writeNightlyBackup(database, config, day, now);
        logger.info({ job: 'backup', file: written.file, bytes: written.bytes, removed: written.removed }, `nightly backup written to ${written.file}`);
        return written;
      });
      if (outcome.ran) return { backups: 1, removed: outcome.result.removed.length };
      return { backups: 0, failed: outcome.reason === 'failed' ? 1 : 0 };
    },
  };
}
