import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import { ConfigError, loadConfig, type AppConfig } from './platform/config';
import { CHANGES_CHANNEL, openDatabase, type Database } from './platform/database';
import { DataDirLockedError } from './platform/database/data-dir-lock';
import { createLogger, type Logger } from './platform/logger';
import { withTimeout } from './platform/timeout';
import { createServices, type Services } from './app/services';
import { boltLogger, createBoltApp } from './platform/slack/bolt-app';
import { features } from './app/features';
import { registerFeatures } from './platform/slack/router';
import { startScheduler, type Scheduler } from './platform/jobs/scheduler';
import { createJobs } from './app/jobs';

export interface RunningApp {
  port: number;
  db: Database;
  services: Services;
  scheduler: Scheduler;
  logger: Logger;
  stop(): Promise<void>;
}

export interface StartOptions {
  logger?: Logger;
  /** Tests drive jobs by calling run(now) themselves. */
  scheduleJobs?: boolean;
  /** Publisher timings (tests shorten them). */
  publisher?: { minIntervalMs?: number; sweepMs?: number };
  /** How often one member's App Home may be republished (tests shorten it). */
  homeRefreshWindowMs?: number;
  /** Pool size for PostgreSQL. */
  poolMax?: number;
}

/** Asks Slack who the bot is. A rejected token stops the start; an unreachable Slack does not. */
async function identifyBot(config: AppConfig, logger: Logger): Promise<{ botId?: string; botUserId?: string }> {
  const client = new webApi.WebClient(config.slack.botToken, { slackApiUrl: config.slack.apiUrl, retryConfig: { retries: 0 }, timeout: 5000, logger: boltLogger(logger) });
  try {
    const auth = await withTimeout(client.auth.test(), 6000);
    logger.info({ team: auth.team_id, botUserId: auth.user_id }, 'connected to Slack');
    return { botId: auth.bot_id, botUserId: auth.user_id };
  } catch (error) {
    const code = (error as { data?: { error?: string } }).data?.error;
    if (code === 'invalid_auth' || code === 'not_authed' || code === 'token_revoked' || code === 'account_inactive') {
      throw new ConfigError('SLACK_BOT_TOKEN', `was refused by Slack (${code}); copy the Bot User OAuth Token again from the app's "OAuth & Permissions" page`);
    }
    logger.warn({ reason: code ?? (error instanceof Error ? error.message : String(error)) }, 'could not reach Slack at start; continuing');
    return {};
  }
}

/** config → database (migrated) → Bolt app → listeners → jobs → listen. */
export async function startApp(config: AppConfig, options: StartOptions = {}): Promise<RunningApp> {
  const logger = options.logger ?? createLogger({ level: config.logLevel, pretty: config.prettyLogs });
  const db = await openDatabase(
    config.database.kind === 'postgres' ? config.database : { kind: 'pglite', dataDir: config.database.dataDir },
    { poolMax: options.poolMax },
  );
  let unwatchChanges: (() => Promise<void>) | undefined;
  try {
    logger.info({ database: db.kind, location: db.location }, db.kind === 'pglite' ? 'using the embedded PostgreSQL (PGlite)' : 'using PostgreSQL');
    await db.migrate();
    const identity = await identifyBot(config, logger);
    const app = createBoltApp({
      config,
      logger,
      identity,
      health: async () => {
        try {
          await withTimeout(db.ping(), 1500);
          return { ok: true, body: { status: 'ok', database: db.kind } };
        } catch {
          return { ok: false, body: { status: 'unavailable', database: db.kind } };
        }
      },
    });
    const services = createServices({ db: db.knex, backgroundDb: db.background, client: app.client, config, logger, publisher: options.publisher, homeRefreshWindowMs: options.homeRefreshWindowMs });
    await services.network.bootstrap();
    unwatchChanges = await db.watch(CHANGES_CHANNEL, {
      changed: (table) => services.caches.forEach((cache) => cache.changed(table)),
      live: (live) => services.caches.forEach((cache) => cache.setLive(live)),
    });
    registerFeatures(app, features, { services, logger, defaultLocale: config.defaultLocale });
    const jobs = createJobs({ db: db.knex, services, config, logger });
    const scheduler = startScheduler(options.scheduleJobs === false ? [] : jobs, { timezone: config.timezone, logger, runAtStart: options.scheduleJobs !== false });
    services.publisher.start();

    const started = (config.slack.appToken ? await app.start() : await app.start({ port: config.port, host: config.host })) as Server | undefined;
    const address = started?.address?.() as AddressInfo | null | undefined;
    const port = address?.port ?? config.port;
    logger.info({ port, mode: config.slack.appToken ? 'socket' : 'http' }, config.slack.appToken ? 'ISO.NEW app running in Socket Mode' : `ISO.NEW app listening on port ${port} (POST /slack/events, GET /healthz)`);

    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        logger.info('stopping: no new requests, finishing in-flight work');
        started?.closeIdleConnections?.();
        await app.stop().catch((error: unknown) => logger.warn({ err: String(error) }, 'stopping the receiver failed'));
        await scheduler.stop();
        services.home.stop();
        await services.publisher.stop();
        await unwatchChanges?.();
        await db.close();
        logger.info('stopped; database closed');
      })());
    return { port, db, services, scheduler, logger, stop };
  } catch (error) {
    await unwatchChanges?.().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw error;
  }
}

async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      console.error(error.message);
      process.exit(78);
    }
    throw error;
  }
  let running: RunningApp;
  try {
    if (config.local) {
      // No Slack credentials: the local playground (src/local), loaded lazily so a Slack
      // deployment never loads it.
      const { startLocal } = await import('./local/start');
      const playground = await startLocal({ ...config, local: config.local });
      running = { ...playground.app, stop: playground.stop };
      running.logger.info({ url: playground.url }, `local mode (no Slack credentials): open ${playground.url} to try the app`);
      console.log(`\n  ISO.NEW playground: ${playground.url}\n`);
    } else {
      running = await startApp(config);
    }
  } catch (error) {
    if (error instanceof ConfigError || error instanceof DataDirLockedError) {
      console.error(error.message);
      process.exit(error instanceof ConfigError ? 78 : 75);
    }
    throw error;
  }
  const shutdown = (signal: string) => {
    running.logger.info({ signal }, 'signal received');
    running.stop().then(
      () => process.exit(0),
      (error: unknown) => {
        running.logger.error({ err: String(error) }, 'unclean stop');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
  process.on('unhandledRejection', (reason) => running.logger.error({ err: String(reason) }, 'unhandled rejection'));
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.stack : error);
    process.exit(1);
  });
}
