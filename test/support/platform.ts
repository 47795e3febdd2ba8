import { webApi } from '@slack/bolt';
import type { Knex } from 'knex';
import type { AppConfig } from '../../src/platform/config';
import { MEMORY, openDatabase, type Database } from '../../src/platform/database';
import { silentLogger } from '../../src/platform/logger';
import { createPlatform, type People, type Platform } from '../../src/platform/runtime';
import { TestClock } from './clock';
import { databaseTarget, type DatabaseKind } from './databases';
import { startFakeSlack, type FakeSlack } from './fake-slack';

/** The app's secret in tests (ISONEW_SECRET): 32 bytes, hex. */
export const TEST_SECRET = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

/** The configuration tests run the app with; `overrides` replace any part of it. */
export function testConfig(input: { apiUrl: string; database: AppConfig['database']; signingSecret?: string }, overrides: Partial<AppConfig> = {}): AppConfig {
  return {
    slack: { botToken: 'xoxb-test-token', signingSecret: input.signingSecret ?? 'test-signing-secret-0123456789', apiUrl: input.apiUrl },
    port: 0,
    host: '127.0.0.1',
    database: input.database,
    timezone: 'Europe/Rome',
    defaultLocale: 'it',
    adminUserIds: [],
    logLevel: 'silent',
    prettyLogs: false,
    referralRetentionMonths: 24,
    secret: { value: TEST_SECRET },
    backup: { dir: './backups', keep: 7 },
    metrics: { enabled: true },
    ...overrides,
  };
}

export interface TestPlatform {
  platform: Platform;
  db: Database;
  slack: FakeSlack;
  clock: TestClock;
  knex(): Knex;
  /** Empties every table (not the migrations) and sets the clock back to its start. */
  reset(): Promise<void>;
  stop(): Promise<void>;
}

/**
 * The platform as the app builds it, on a real database (PGlite in memory, or a scratch database on
 * TEST_DATABASE_URL), a TestClock and the Slack stand-in, without Bolt or HTTP: for an area's
 * service-level tests, which build the area on it and call its use cases.
 */
export async function startTestPlatform(
  kind: DatabaseKind,
  options: { clock?: TestClock; config?: Partial<AppConfig>; people?: Partial<People> } = {},
): Promise<TestPlatform> {
  const target = await databaseTarget(kind);
  const db = await openDatabase(target.target.kind === 'pglite' ? { kind: 'pglite', dataDir: MEMORY } : target.target);
  await db.migrate();
  const clock = options.clock ?? new TestClock();
  const slack = await startFakeSlack({ clock });
  const config = testConfig({ apiUrl: slack.apiUrl, database: target.target }, options.config);
  // As the app's Bolt client: rate limits come back as errors for the caller to schedule.
  const client = new webApi.WebClient(config.slack.botToken, { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
  const people: People = { localeOf: async () => 'it', membersOf: async () => [], ...options.people };
  const platform = createPlatform({ config, clock, logger: silentLogger(), database: db, client, people });
  const start = clock.now();
  return {
    platform,
    db,
    slack,
    clock,
    knex: () => db.knex,
    async reset() {
      clock.set(start);
      const { rows } = await db.knex.raw<{ rows: Array<{ tablename: string }> }>(
        `select tablename from pg_tables where schemaname = current_schema() and tablename not like 'knex_migrations%'`,
      );
      await db.knex.raw(`truncate ${rows.map((r) => `"${r.tablename}"`).join(', ')} restart identity cascade`);
      slack.reset();
    },
    async stop() {
      platform.homeTabs.stop();
      await platform.publisher.stop();
      await platform.outbox.stop();
      await db.close();
      await target.cleanup();
      await slack.close();
    },
  };
}
