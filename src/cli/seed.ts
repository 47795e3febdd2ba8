import { ConfigError, loadConfig } from '../config';
import { openDatabase } from '../db';
import { DataDirLockedError } from '../db/data-dir-lock';
import { createLogger } from '../lib/logger';
import { createServices } from '../services';
import { webApi } from '@slack/bolt';

/**
 * `npm run seed`: loads the ISO.NEW organizations (idempotent: a second run changes nothing).
 * Uses the same DATABASE_URL / DATA_DIR as the app; refuses to touch an embedded database
 * that a running app holds.
 */
async function seed(): Promise<void> {
  const config = loadConfig(process.env, { requireSlack: false });
  const logger = createLogger({ level: config.logLevel, pretty: config.prettyLogs });
  const db = await openDatabase(config.database);
  try {
    await db.migrate();
    const services = createServices({ db: db.knex, client: new webApi.WebClient(), config, logger });
    const created = await services.network.seedNetwork();
    await services.network.bootstrap();
    const organizations = await services.network.organizations();
    logger.info({ database: db.kind, location: db.location, created, total: organizations.length }, `seed done: ${created} new organizations, ${organizations.length} in all`);
  } finally {
    await db.close();
  }
}

seed().catch((error: unknown) => {
  if (error instanceof ConfigError || error instanceof DataDirLockedError) {
    console.error(error.message);
    process.exit(error instanceof ConfigError ? 78 : 75);
  }
  console.error(error instanceof Error ? error.stack : error);
  process.exit(1);
});
