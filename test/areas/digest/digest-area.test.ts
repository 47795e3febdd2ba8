import type { Database } from '../../../src/platform/database';
import type { Platform } from '../../../src/platform/runtime';
import { listAudit } from '../../../src/platform/audit/audit-store';
import { createDigestArea, type DigestArea } from '../../../src/areas/digest';
import { findMemberByUserId, networkReporting, type Actor } from '../../../src/areas/network';
import { offersReporting } from '../../../src/areas/offers';
import { createPollsReporting } from '../../../src/areas/polls';
import { pathwaysReporting } from '../../../src/areas/pathways';
import { tableReporting } from '../../../src/areas/table';
import { TEST_START, TestClock } from '../../support/clock';
import { DATABASES } from '../../support/databases';
import { startTestPlatform, type TestPlatform } from '../../support/platform';
import type { FakeSlack } from '../../support/fake-slack';
import { visibleText } from '../../support/harness';
import { buildNetwork } from '../../support/network';

const COORDINATOR = 'UCOORD01';
const PARTNER = 'UPARTNER1';
const OUTSIDER = 'UOUTSIDE1';
const CHANNEL = 'CDIGEST1';
// Monday 16 November 2026, 09:00 in Rome (CET).
const MONDAY_9 = new Date('2026-11-16T08:00:00Z');

/**
 * The digest area's use cases on a real database, without Bolt: the platform is built as the app
 * builds it (src/app/start.ts), around a Slack stand-in, and the other areas' reporting contributions.
 */
describe.each(DATABASES)('the digest area’s use cases (%s)', (kind) => {
  let db: Database;
  let tp: TestPlatform;
  let slack: FakeSlack;
  let platform: Platform;
  let digest: DigestArea;
  const clock = new TestClock();
  const actors = new Map<string, Actor>();

  const outsider: Actor = { userId: OUTSIDER, teamId: null, member: null, role: null, isConfiguredAdmin: false, locale: 'it' };
  const actor = (userId: string): Actor => actors.get(userId) ?? outsider;

  beforeAll(async () => {
    tp = await startTestPlatform(kind, { clock, config: { adminUserIds: [COORDINATOR] }, people: { localeOf: async (userId) => actor(userId).locale } });
    ({ db: db, slack, platform } = tp);
    digest = createDigestArea(platform, {
      network: { reporting: networkReporting, actorOf: async (userId) => actor(userId), coordinatorIds: async () => [COORDINATOR] },
      offers: offersReporting,
      table: tableReporting,
      pathways: pathwaysReporting,
      polls: createPollsReporting(platform.secrets),
    });
    await buildNetwork((work) => work(db.knex), [
      { user: COORDINATOR, org: 'PROV-GO', role: 'coordinator' },
      { user: PARTNER, org: 'UEPE' },
    ]);
    for (const userId of [COORDINATOR, PARTNER]) {
      const member = await findMemberByUserId(db.knex, userId);
      if (!member) throw new Error(`no member ${userId}`);
      actors.set(userId, { userId, teamId: null, member, role: member.role, isConfiguredAdmin: false, locale: 'it' });
    }
  });
  afterAll(async () => {
    await tp.stop();
  });
  beforeEach(async () => {
    clock.set(TEST_START);
    await db.knex('digest_subscriptions').delete();
    await db.knex('outbox_posts').delete();
    slack.reset();
    slack.setClock(() => clock.now().getTime());
  });

  describe('subscriptions', () => {
    it('subscribe a channel for a coordinator, on record, and tell when the next digest goes out', async () => {
      const result = await digest.subscriptions.subscribe(actor(COORDINATOR), CHANNEL, { weekday: 5, time: '14:30' });
      expect(result).toMatchObject({ updated: false, subscription: { channelId: CHANNEL, weekday: 5, time: '14:30', locale: 'it', active: true } });
      expect(result.subscription.activeSince.getTime()).toBeGreaterThanOrEqual(TEST_START.getTime());
      // TEST_START is Tuesday 12 May 2026: the next Friday at 14:30 in Rome (CEST).
      expect(result.next).toEqual(new Date('2026-05-15T12:30:00Z'));
      expect((await listAudit(db.knex, { entity: 'digest_subscription' })).at(-1)).toMatchObject({ action: 'digest.subscribe', actorUserId: COORDINATOR });
      expect(await digest.subscriptions.status(actor(PARTNER), CHANNEL)).toMatchObject({ subscription: { weekday: 5 }, lastWeek: undefined });
    });

    it('refuse a partner, and a channel language change where there is no subscription', async () => {
      await expect(digest.subscriptions.subscribe(actor(PARTNER), CHANNEL, {})).rejects.toMatchObject({ code: 'forbidden' });
      await expect(digest.subscriptions.setLocale(actor(COORDINATOR), CHANNEL, 'en')).rejects.toMatchObject({ code: 'conflict' });
      expect(await db.knex('digest_subscriptions').where({ channel_id: CHANNEL }).first()).toBeUndefined();
    });
  });

  describe('the weekly digest', () => {
    async function subscribedLongAgo(): Promise<void> {
      await digest.subscriptions.subscribe(actor(COORDINATOR), CHANNEL, {});
      await db.knex('digest_subscriptions').where({ channel_id: CHANNEL }).update({ active_since: new Date('2026-11-12T10:00:00Z') });
    }

    it('is asked for once per channel and week, and posted for that week in the channel’s language', async () => {
      await subscribedLongAgo();
      await digest.subscriptions.setLocale(actor(COORDINATOR), CHANNEL, 'en');
      clock.set(MONDAY_9);
      expect(await digest.weekly.requestDue(MONDAY_9)).toEqual({ due: 1, requested: 1, late: 0 });
      expect(await digest.weekly.requestDue(new Date(MONDAY_9.getTime() + 60_000))).toEqual({ due: 0, requested: 0, late: 0 });
      expect(await platform.outbox.flush(MONDAY_9)).toBe(1);
      const posted = slack.posted.filter((m) => m.channel === CHANNEL);
      expect(posted).toHaveLength(1);
      expect(String(posted[0]!.text)).toContain('ISO.NEW weekly digest');
      expect((await digest.subscriptions.status(actor(PARTNER), CHANNEL)).lastWeek).toBe('2026-11-16');
    });

    it('is not asked for a week that began before the subscription, only from the next one', async () => {
      // Subscribed on Monday just after 09:00 (the default schedule): this week's digest is not due.
      clock.set(new Date(MONDAY_9.getTime() + 60_000));
      await digest.subscriptions.subscribe(actor(COORDINATOR), CHANNEL, {});
      expect(await digest.weekly.requestDue(new Date(MONDAY_9.getTime() + 120_000))).toEqual({ due: 0, requested: 0, late: 0 });
      const nextMonday = new Date(MONDAY_9.getTime() + 7 * 24 * 60 * 60 * 1000);
      expect(await digest.weekly.requestDue(new Date(nextMonday.getTime() - 60_000))).toEqual({ due: 0, requested: 0, late: 0 });
      expect(await digest.weekly.requestDue(nextMonday)).toEqual({ due: 1, requested: 1, late: 0 });
    });

    it('is not posted again for a week posted before digests went through the outbox', async () => {
      await subscribedLongAgo();
      await db.knex('job_runs').insert({ job: 'digest', period: `${CHANNEL}:2026-11-16`, status: 'done', attempts: 1, started_at: MONDAY_9, finished_at: MONDAY_9 });
      clock.set(MONDAY_9);
      expect(await digest.weekly.requestDue(new Date(MONDAY_9.getTime() + 60_000))).toEqual({ due: 0, requested: 0, late: 0 });
      expect((await digest.subscriptions.status(actor(PARTNER), CHANNEL)).lastWeek).toBe('2026-11-16');
      await db.knex('job_runs').delete();
    });

    it('is previewed for members only', async () => {
      const { model, now } = await digest.weekly.preview(actor(PARTNER));
      expect(now).toEqual(expect.any(Date));
      expect(model.period.end).toEqual(now);
      expect(model.period.end.getTime() - model.period.start.getTime()).toBe(7 * 24 * 60 * 60 * 1000);
      await expect(digest.weekly.preview(outsider)).rejects.toMatchObject({ code: 'not_member' });
    });
  });

  describe('the indicators', () => {
    it('are built with their CSV for a coordinator, and the reading is on record', async () => {
      const { model, file } = await digest.indicators.report(actor(COORDINATOR), { from: '2026-01-01', to: '2026-12-31' }, 'en');
      expect(model.range).toEqual({ from: '2026-01-01', to: '2026-12-31' });
      expect(model.network?.membersByOrganization.find((m) => m.shortName === 'UEPE')).toMatchObject({ partners: 1 });
      expect(file).toMatchObject({ filename: 'isonew-indicatori-2026-01-01-2026-12-31.csv', title: expect.stringContaining('2026-01-01') });
      expect(file.content.toString('utf8').startsWith('\uFEFFsection,indicator,dimension,value\r\n')).toBe(true);
      expect((await listAudit(db.knex, { action: 'indicators.read' })).at(-1)).toMatchObject({ actorUserId: COORDINATOR, after: { from: '2026-01-01', to: '2026-12-31' } });
    });

    it('default to the year so far by the app’s clock, and are refused to a partner', async () => {
      const { model } = await digest.indicators.report(actor(COORDINATOR), {}, 'it');
      expect(model.range).toEqual({ from: '2026-01-01', to: '2026-05-12' });
      await expect(digest.indicators.report(actor(PARTNER), {}, 'it')).rejects.toMatchObject({ code: 'forbidden' });
    });
  });

  describe('the App Home', () => {
    it('shows a member their dashboard and a coordinator the network’s figures', async () => {
      await digest.subscriptions.subscribe(actor(COORDINATOR), CHANNEL, {});
      const partner = await digest.homes.of(PARTNER);
      expect(partner).toMatchObject({ locale: 'it', model: { viewer: { userId: PARTNER, role: 'partner', organization: { shortName: 'UEPE' } }, coordinatorIds: [COORDINATOR] } });
      expect(partner.model.coordinator).toBeUndefined();
      const coordinator = await digest.homes.of(COORDINATOR);
      expect(coordinator.model.coordinator).toMatchObject({ organizations: 9, members: 2, digestChannels: 1, openOffers: 0, openPolls: 0, meetingsThisYear: 0 });
    });

    it('welcomes someone outside the network, and publishes the tab through the platform', async () => {
      expect((await digest.homes.of(OUTSIDER)).model).toEqual({ viewer: null, coordinatorIds: [COORDINATOR] });
      await platform.homeTabs.publish(OUTSIDER);
      const [call] = slack.callsTo('views.publish');
      expect(call?.args.user_id).toBe(OUTSIDER);
      expect(visibleText(call?.args.view as { blocks?: unknown })).toContain('Benvenuto in ISO.NEW');
    });
  });
});
