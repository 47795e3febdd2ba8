import { webApi } from '@slack/bolt';
import { createOffersArea, type OffersArea } from '../../../src/areas/offers';
import { findMemberByUserId, type Actor } from '../../../src/areas/network';
import type { AppConfig } from '../../../src/platform/config';
import { MEMORY, openDatabase, type Database } from '../../../src/platform/database';
import type { Locale } from '../../../src/platform/i18n/locales';
import { silentLogger } from '../../../src/platform/logger';
import { createPlatform, type Platform } from '../../../src/platform/runtime';
import { TestClock } from '../../support/clock';
import { databaseTarget, type DatabaseKind } from '../../support/databases';
import { startFakeSlack, type FakeSlack } from '../../support/fake-slack';
import { buildNetwork, type TestMember, type TestNetwork } from '../../support/network';

export const TZ = 'Europe/Rome';

/**
 * The offers area built on the platform alone, with a real database (PGlite, or a scratch
 * PostgreSQL), the test Slack stand-in behind the Web API client, and a TestClock: no Bolt app, no
 * router, no other area. The publisher and the outbox do not run by themselves; a test delivers
 * with `platform.publisher.flush()` / `platform.outbox.flush()`.
 */
export interface OffersTestbed {
  db: Database;
  slack: FakeSlack;
  clock: TestClock;
  platform: Platform;
  area: OffersArea;
  network: TestNetwork;
  /** Who is asking, as the router would resolve them (null role: not in the network). */
  actor(userId: string, locale?: Locale): Promise<Actor>;
  close(): Promise<void>;
}

export async function startOffersTestbed(kind: DatabaseKind, members: readonly TestMember[]): Promise<OffersTestbed> {
  const target = await databaseTarget(kind);
  const db = await openDatabase(target.target.kind === 'pglite' ? { kind: 'pglite', dataDir: MEMORY } : target.target);
  await db.migrate();
  const slack = await startFakeSlack();
  const clock = new TestClock();
  slack.setClock(() => clock.now().getTime());
  const config: AppConfig = {
    slack: { botToken: 'xoxb-test-token', signingSecret: 'test-signing-secret', apiUrl: slack.apiUrl },
    port: 0,
    database: target.target,
    timezone: TZ,
    defaultLocale: 'it',
    adminUserIds: [],
    logLevel: 'silent',
    prettyLogs: false,
    referralRetentionMonths: 24,
  };
  const client = new webApi.WebClient(config.slack.botToken, { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 } });
  const locales = new Map(members.map((m) => [m.user, m.locale ?? config.defaultLocale]));
  const platform = createPlatform({
    config,
    clock,
    logger: silentLogger(),
    database: db,
    client,
    people: { localeOf: async (userId) => locales.get(userId) ?? config.defaultLocale, membersOf: async () => [] },
  });
  const area = createOffersArea(platform);
  const network = await buildNetwork((work) => work(db.knex), members, { now: clock.now() });
  return {
    db,
    slack,
    clock,
    platform,
    area,
    network,
    async actor(userId, locale = 'it') {
      const member = (await findMemberByUserId(db.knex, userId)) ?? null;
      return { userId, teamId: null, member, role: member?.role ?? null, isConfiguredAdmin: false, locale };
    },
    async close() {
      platform.homeTabs.stop();
      await db.close();
      await slack.close();
      await target.cleanup();
    },
  };
}
