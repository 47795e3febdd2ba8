import { ConfigError, loadConfig } from '../platform/config';
import { openDatabase } from '../platform/database';
import { DataDirLockedError } from '../platform/database/data-dir-lock';
import { createLogger } from '../platform/logger';
import { systemClock } from '../platform/clock';
import { createPlatform } from '../platform/runtime';
import { createNetworkArea } from '../areas/network';
import { webApi } from '@slack/bolt';
import { seedDemo } from '../local/demo-data';

/**
 * `npm run seed`: loads the ISO.NEW organizations (idempotent: a second run changes nothing);
 * `npm run seed -- --demo` also adds the playground's demo members (src/local/demo-users.ts).
 * Uses the same DATABASE_URL / DATA_DIR as the app; refuses to touch an embedded database
 * that a running app holds.
 */
async function seed(): Promise<void> {
  const config = loadConfig(undefined, { requireSlack: false });
  const logger = createLogger({ level: config.logLevel, pretty: config.prettyLogs });
  const db = await openDatabase(config.database);
  try {
    await db.migrate();
    // The seed talks to no Slack: a client that fails at once (users.info is only a bot check).
    const client = new webApi.WebClient(undefined, { slackApiUrl: 'http://127.0.0.1:9/', retryConfig: { retries: 0 }, timeout: 1000 });
    const platform = createPlatform({ config, clock: systemClock, logger, database: db, client, people: { localeOf: async () => config.defaultLocale, membersOf: async () => [] } });
    const network = createNetworkArea(platform);
    const created = await network.seedNetwork();
    await network.bootstrap();
    if (process.argv.includes('--demo')) {
      const members = await seedDemo(network);
      logger.info({ members }, `demo members: ${members} added`);
    }
    const organizations = await network.organizations();
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
