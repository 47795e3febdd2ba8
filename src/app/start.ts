import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { webApi } from '@slack/bolt';
import { systemClock, type Clock } from '../platform/clock';
import { ConfigError, type AppConfig } from '../platform/config';
import { CHANGES_CHANNEL, MEMORY, openDatabase, type Database } from '../platform/database';
import { serveAdminSocket, type AdminSocket } from '../platform/backup/admin-socket';
import { backupJob } from '../platform/backup/backup-job';
import { createLogger, type Logger } from '../platform/logger';
import { createMetrics, serveMetrics } from '../platform/metrics';
import { withTimeout } from '../platform/timeout';
import { startScheduler, type Scheduler } from '../platform/jobs/scheduler';
import type { Job } from '../platform/jobs/types';
import { createPlatform, type Platform, type PlatformOptions } from '../platform/runtime';
import { AckFirst } from '../platform/slack/ack-first';
import { InFlight } from '../platform/slack/in-flight';
import { boltLogger, createBoltApp } from '../platform/slack/bolt-app';
import { registerFeatures } from '../platform/slack/router';
import { createNetworkArea, type NetworkArea } from '../areas/network';
import { createTableArea, type TableArea } from '../areas/table';
import { createOffersArea, offersReporting, type OffersArea } from '../areas/offers';
import { createDigestArea, type DigestArea } from '../areas/digest';
import { networkReporting } from '../areas/network';
import { createPollsArea, createPollsReporting, type PollsArea } from '../areas/polls';
import { tableReporting } from '../areas/table';
import { createPathwaysArea, pathwaysReporting, type PathwaysArea } from '../areas/pathways';

/** Every area as the composition root built it (tests and tools reach an area's calls here). */
export interface Areas {
  network: NetworkArea;
  offers: OffersArea;
  digest: DigestArea;
  table: TableArea;
  polls: PollsArea;
  pathways: PathwaysArea;
}

export interface RunningApp {
  port: number;
  db: Database;
  platform: Platform;
  areas: Areas;
  scheduler: Scheduler;
  /** Every job the app schedules (tests call their run(now) themselves). */
  jobs: Job[];
  /** The port of GET /metrics when METRICS_PORT moves it off the app's port. */
  metricsPort?: number;
  logger: Logger;
  /** Resolves when no Slack request is being handled, the work after its ack included (a reply that follows by response_url). */
  requestsDone(): Promise<void>;
  stop(): Promise<void>;
}

export interface StartOptions extends PlatformOptions {
  logger?: Logger;
  /** The time as the app sees it (tests pass a fake clock). */
  clock?: Clock;
  /** Tests drive jobs by calling run(now) themselves. */
  scheduleJobs?: boolean;
  /** Pool size for PostgreSQL. */
  poolMax?: number;
}

/**
 * Connections waiting to be accepted. Node's default (511) drops the rest of a burst's connection
 * attempts, which the client retries only after 1 s, then 3 s (TCP's SYN backoff): a thousand voters
 * clicking at once then waited seconds for an ack the app would have given in milliseconds
 * (issue 18). The kernel caps it at net.core.somaxconn (4096 on current Linux).
 */
const LISTEN_BACKLOG = 4096;

/** How long a graceful stop waits for requests already acknowledged (votes being written, replies being sent). */
const STOP_IN_FLIGHT_MS = 20_000;

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
  const clock = options.clock ?? systemClock;
  const db = await openDatabase(
    config.database.kind === 'postgres' ? config.database : { kind: 'pglite', dataDir: config.database.dataDir },
    { poolMax: options.poolMax },
  );
  let unwatchChanges: (() => Promise<void>) | undefined;
  let adminSocket: AdminSocket | undefined;
  let metricsServer: { port: number; close(): Promise<void> } | undefined;
  try {
    logger.info({ database: db.kind, location: db.location }, db.kind === 'pglite' ? 'using the embedded PostgreSQL (PGlite)' : 'using PostgreSQL');
    await db.migrate();
    const identity = await identifyBot(config, logger);
    const metrics = createMetrics({ enabled: config.metrics.enabled, logger });
    metrics.watchDatabase(db, clock);
    const ackFirst = new AckFirst();
    // The requests being handled: the receiver hands clicks over after their ack, the router runs them; a stop waits for both.
    const inFlight = new InFlight();
    const app = createBoltApp({
      config,
      logger,
      identity,
      metrics,
      ackFirst,
      inFlight,
      health: async () => {
        try {
          await withTimeout(db.ping(), 1500);
          return { ok: true, body: { status: 'ok', database: db.kind } };
        } catch {
          return { ok: false, body: { status: 'unavailable', database: db.kind } };
        }
      },
    });
    let network: NetworkArea | undefined;
    let settings: Platform['notificationSettings'] | undefined;
    const people = {
      localeOf: (userId: string) => (network ? network.localeOf(userId) : Promise.resolve(config.defaultLocale)),
      membersOf: (organizationIds: number[]) => (network ? network.memberIdsOf(organizationIds) : Promise.resolve([])),
      // Each member's notification settings (the App Home's switches): the outbox asks before a DM.
      wants: (userId: string, kind: string) => (settings ? settings.wants(userId, kind) : Promise.resolve(true)),
    };
    const platform = createPlatform({ config, clock, logger, database: db, client: app.client, people, options, ackFirst });
    settings = platform.notificationSettings;
    const networkArea = createNetworkArea(platform);
    network = networkArea;
    // Built before the offers area: a hire (an enrolment) fills the candidate's pathway's hiring (training)
    // milestone, and a referral says there is a pathway to those who may see it.
    const pathways = createPathwaysArea(platform);
    const areas: Areas = {
      network: networkArea,
      offers: createOffersArea(platform, { referralHooks: pathways.pathways.referralHooks() }),
      table: createTableArea(platform),
      polls: createPollsArea(platform),
      pathways,
      digest: createDigestArea(platform, {
        network: {
          reporting: networkReporting,
          actorOf: (userId) => networkArea.resolveActor(userId, null),
          coordinatorIds: () => networkArea.coordinatorIds(),
        },
        offers: offersReporting,
        table: tableReporting,
        polls: createPollsReporting(platform.secrets),
        pathways: pathwaysReporting,
      }),
    };
    await networkArea.bootstrap();
    unwatchChanges = await db.watch(CHANGES_CHANNEL, {
      changed: (table) => platform.caches.forEach((cache) => cache.changed(table)),
      live: (live) => platform.caches.forEach((cache) => cache.setLive(live)),
    });
    registerFeatures(app, [areas.network.feature, areas.offers.feature, areas.table.feature, areas.polls.feature, areas.pathways.feature, areas.digest.feature], {
      logger,
      defaultLocale: config.defaultLocale,
      resolveActor: network.resolveActor,
      fallbackLocale: network.fallbackLocale,
      coordinatorIds: network.coordinatorIds,
      firstDelivery: platform.firstDelivery,
      forgetDelivery: platform.forgetDelivery,
      sendDirect: (userId, content) => platform.directMessages.send(userId, content),
      onError: (code) => metrics.countError(code),
      ackFirst,
      inFlight,
    });
    const areaJobs = [...areas.network.jobs, ...areas.offers.jobs, ...areas.table.jobs, ...areas.polls.jobs, ...areas.pathways.jobs, ...areas.digest.jobs];
    if (config.database.kind === 'pglite' && config.database.dataDir !== MEMORY) {
      // `npm run backup` reaches the running app here (src/platform/backup/admin-socket.ts).
      adminSocket = await serveAdminSocket(config.database.dataDir, db, logger);
      if (config.backup.key) areaJobs.push(backupJob({ database: db, config, logger, clock }));
      else logger.warn('no nightly backups of the embedded database: BACKUP_KEY is not set (README, "Backups")');
    }
    const jobs = areaJobs.map((job) => metrics.instrumentJob(job));
    const scheduler = startScheduler(options.scheduleJobs === false ? [] : jobs, { timezone: config.timezone, logger, clock, runAtStart: options.scheduleJobs !== false });
    platform.publisher.start();
    platform.outbox.start();

    const started = (config.slack.appToken ? await app.start() : await app.start({ port: config.port, host: config.host, backlog: LISTEN_BACKLOG })) as Server | undefined;
    const address = started?.address?.() as AddressInfo | null | undefined;
    const port = address?.port ?? config.port;
    logger.info({ port, mode: config.slack.appToken ? 'socket' : 'http' }, config.slack.appToken ? 'ISO.NEW app running in Socket Mode' : `ISO.NEW app listening on port ${port} (POST /slack/events, GET /healthz)`);
    if (config.metrics.enabled && config.metrics.port !== undefined) {
      metricsServer = await serveMetrics(metrics, { port: config.metrics.port, host: config.host, logger });
      logger.info({ port: metricsServer.port }, `metrics on port ${metricsServer.port} (GET /metrics)`);
    }

    let stopping: Promise<void> | undefined;
    const stop = () =>
      (stopping ??= (async () => {
        logger.info('stopping: no new requests, finishing in-flight work');
        started?.closeIdleConnections?.();
        await app.stop().catch((error: unknown) => logger.warn({ err: String(error) }, 'stopping the receiver failed'));
        // Requests already acknowledged finish (a vote is stored or refused, and the voter told) before the database closes.
        await withTimeout(inFlight.idle(), STOP_IN_FLIGHT_MS).catch(() => logger.warn('stopping: requests still in flight after the grace period'));
        await scheduler.stop();
        await adminSocket?.close();
        await metricsServer?.close();
        platform.homeTabs.stop();
        await platform.chartImages.stop();
        await platform.publisher.stop();
        await platform.outbox.stop();
        await unwatchChanges?.();
        await db.close();
        logger.info('stopped; database closed');
      })());
    return { port, db, platform, areas, scheduler, jobs, metricsPort: metricsServer?.port, logger, requestsDone: () => inFlight.idle(), stop };
  } catch (error) {
    await unwatchChanges?.().catch(() => undefined);
    await adminSocket?.close().catch(() => undefined);
    await metricsServer?.close().catch(() => undefined);
    await db.close().catch(() => undefined);
    throw error;
  }
}

