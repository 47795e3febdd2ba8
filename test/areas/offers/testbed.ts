import { createOffersArea, type OffersArea } from '../../../src/areas/offers';
import { findMemberByUserId, type Actor } from '../../../src/areas/network';
import type { Database } from '../../../src/platform/database';
import type { Locale } from '../../../src/platform/i18n/locales';
import type { Platform } from '../../../src/platform/runtime';
import type { TestClock } from '../../support/clock';
import type { DatabaseKind } from '../../support/databases';
import { startTestPlatform } from '../../support/platform';
import type { FakeSlack } from '../../support/fake-slack';
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
  const locales = new Map(members.map((m) => [m.user, m.locale ?? 'it']));
  const tp = await startTestPlatform(kind, { config: { timezone: TZ }, people: { localeOf: async (userId) => locales.get(userId) ?? 'it' } });
  const { db, slack, clock, platform } = tp;
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
    close: () => tp.stop(),
  };
}
