import { createNetworkArea, type NetworkArea } from '../../../src/areas/network';
import type { Actor } from '../../../src/areas/network';
import { listAudit } from '../../../src/platform/audit/audit-store';
import type { Database } from '../../../src/platform/database';
import { AppError } from '../../../src/platform/errors';
import type { Platform } from '../../../src/platform/runtime';
import { TEST_START, TestClock } from '../../support/clock';
import { DATABASES } from '../../support/databases';
import { startTestPlatform, type TestPlatform } from '../../support/platform';
import type { FakeSlack } from '../../support/fake-slack';
import { buildNetwork, type TestMember } from '../../support/network';

const ADMIN = 'UADMIN01';
const COORD = 'UCOORD02';
const PARTNER = 'UPARTNER1';
const OBSERVER = 'UOBSERVE1';
const OUTSIDER = 'UOUTSIDE1';

/** The sentence a refusal shows (in Italian), or the error itself when it is not an AppError with a reason. */
async function refusal(work: Promise<unknown>): Promise<{ code: string; text: string }> {
  try {
    await work;
  } catch (error) {
    if (!(error instanceof AppError)) throw error;
    const reason = error.params.reason;
    return { code: error.code, text: typeof reason === 'function' ? reason('it') : '' };
  }
  throw new Error('the use case did not refuse');
}

/**
 * The network area's use cases on a real database, without Slack's HTTP surface: the platform is
 * built as the composition root builds it, with a test clock and the tests' Slack stand-in.
 */
describe.each(DATABASES)('network use cases (%s)', (kind) => {
  const clock = new TestClock();
  let database: Database;
  let tp: TestPlatform;
  let slack: FakeSlack;
  let platform: Platform;
  let network: NetworkArea;

  const actor = (userId: string) => network.resolveActor(userId, 'T1');
  const withMembers = (members: TestMember[]) => buildNetwork((work) => work(database.knex), members, { now: clock.now() });
  const memberRows = () => database.knex('members').select('user_id', 'organization_id', 'role').orderBy('user_id');

  beforeAll(async () => {
    tp = await startTestPlatform(kind, { clock, config: { adminUserIds: [ADMIN] } });
    ({ db: database, slack, platform } = tp);
    network = createNetworkArea(platform);
  });

  afterAll(async () => {
    await tp.stop();
  });

  beforeEach(async () => {
    await database.knex.raw('truncate members, organizations, audit_log restart identity cascade');
    slack.reset();
    await network.bootstrap();
    await withMembers([
      { user: COORD, org: 'PROV-GO', role: 'coordinator' },
      { user: PARTNER, org: 'UEPE' },
      { user: OBSERVER, org: 'CISL', role: 'observer' },
    ]);
  });

  describe('start-up and seed', () => {
    it('bootstrap places the configured admins in the coordinator body, once', async () => {
      await network.bootstrap();
      expect(await database.knex('members').where({ user_id: ADMIN }).select('role')).toEqual([{ role: 'coordinator' }]);
      expect(await listAudit(database.knex, { entity: 'member', entityId: ADMIN })).toHaveLength(1);
    });

    it('seedNetwork loads only what is missing', async () => {
      await database.knex.raw('truncate members, organizations, audit_log restart identity cascade');
      expect(await network.seedNetwork()).toBe(9);
      expect(await network.seedNetwork()).toBe(0);
      expect((await network.organizations()).map((o) => o.shortName)[0]).toBe('PROV-GO');
      expect(await listAudit(database.knex, { action: 'organization.create' })).toHaveLength(9);
    });
  });

  describe('who is asking', () => {
    it('resolves members, configured admins and outsiders with their role', async () => {
      expect(await actor(PARTNER)).toMatchObject({ userId: PARTNER, role: 'partner', member: { organization: { shortName: 'UEPE' } }, isConfiguredAdmin: false });
      expect(await actor(ADMIN)).toMatchObject({ role: 'coordinator', isConfiguredAdmin: true });
      expect(await actor(OUTSIDER)).toMatchObject({ role: null, member: null, locale: 'it' });
      expect(await network.coordinatorIds()).toEqual(expect.arrayContaining([ADMIN, COORD]));
    });

    it('asks Slack for a member’s language once a day, stamped with the app’s clock', async () => {
      await database.knex('members').where({ user_id: PARTNER }).update({ locale_checked_at: null });
      slack.setUserLocale(PARTNER, 'en-GB');
      expect((await actor(PARTNER)).locale).toBe('en');
      const row = await database.knex('members').where({ user_id: PARTNER }).first();
      expect(row?.locale).toBe('en');
      expect(row?.locale_checked_at?.getTime()).toBeGreaterThanOrEqual(TEST_START.getTime());
      expect(row?.locale_checked_at?.getTime()).toBeLessThanOrEqual(clock.now().getTime());
      expect(await network.localeOf(PARTNER)).toBe('en');
      expect(await network.localeOf(OUTSIDER)).toBe('it');
    });

    it('a language Slack confirms unchanged is not written back (no write to the member’s row at their first request of the day); a changed one is', async () => {
      const dayOld = new Date(clock.now().getTime() - 2 * 24 * 3600_000);
      await database.knex('members').where({ user_id: PARTNER }).update({ locale: 'it', locale_checked_at: dayOld });
      slack.setUserLocale(PARTNER, 'it-IT');
      const rowBefore = await database.knex('members').where({ user_id: PARTNER }).first('xmin', 'locale', 'locale_checked_at');
      expect((await actor(PARTNER)).locale).toBe('it');
      expect(slack.callsTo('users.info')).toHaveLength(1);
      expect(await database.knex('members').where({ user_id: PARTNER }).first('xmin', 'locale', 'locale_checked_at')).toEqual(rowBefore);
      // Asked again the same day: neither Slack nor the database hears of it.
      await actor(PARTNER);
      expect(slack.callsTo('users.info')).toHaveLength(1);

      await database.knex('members').where({ user_id: OBSERVER }).update({ locale: 'it', locale_checked_at: dayOld });
      slack.setUserLocale(OBSERVER, 'en-US');
      expect((await actor(OBSERVER)).locale).toBe('en');
      expect(await database.knex('members').where({ user_id: OBSERVER }).first('locale')).toEqual({ locale: 'en' });
    });

    it('reads the directory once for everyone who asks in the same turn (a burst of clicks), each getting their own answer', async () => {
      const statements: string[] = [];
      const onQuery = (q: { sql: string }) => statements.push(q.sql);
      database.knex.on('query', onQuery);
      try {
        const [partner, observer, outsider, partnerAgain] = await Promise.all([actor(PARTNER), actor(OBSERVER), actor(OUTSIDER), actor(PARTNER)]);
        expect(partner).toMatchObject({ role: 'partner', member: { organization: { shortName: 'UEPE' } } });
        expect(observer).toMatchObject({ role: 'observer', member: { organization: { shortName: 'CISL' } } });
        expect(outsider).toMatchObject({ role: null, member: null });
        expect(partnerAgain).toMatchObject({ role: 'partner' });
      } finally {
        database.knex.off('query', onQuery);
      }
      expect(statements.filter((sql) => /from "members"/.test(sql))).toHaveLength(1);
    });

    it('a failed read of the directory fails every request of that turn, and the next turn reads again', async () => {
      await database.knex.raw('alter table members rename to members_gone');
      try {
        const results = await Promise.allSettled([actor(PARTNER), actor(OBSERVER)]);
        expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
      } finally {
        await database.knex.raw('alter table members_gone rename to members');
      }
      expect(await actor(PARTNER)).toMatchObject({ role: 'partner' });
    });

    it('falls back to the default language when Slack fails, and reads Slack alone when asked to', async () => {
      slack.failNext('users.info', { status: 500 }, 5);
      expect((await actor(OUTSIDER)).locale).toBe('it');
      slack.reset();
      slack.setUserLocale(OUTSIDER, 'en-US');
      expect(await network.fallbackLocale(OUTSIDER)).toBe('en');
    });
  });

  describe('the directory', () => {
    it('is shown to members, and refused to outsiders', async () => {
      const directory = await network.directory(await actor(OBSERVER));
      expect(directory.organizations).toHaveLength(9);
      expect(directory.members.map((m) => m.userId).sort()).toEqual([ADMIN, COORD, OBSERVER, PARTNER].sort());
      expect(await refusal(network.directory(await actor(OUTSIDER)))).toEqual({ code: 'not_member', text: '' });
    });

    it('names the members of given organizations', async () => {
      const uepe = (await network.organizations()).find((o) => o.shortName === 'UEPE')!;
      expect(await network.memberIdsOf([uepe.id])).toEqual([PARTNER]);
      expect(await network.memberIdsOf([])).toEqual([]);
    });
  });

  describe('members', () => {
    it('a coordinator adds, moves and removes a member, each change audited', async () => {
      const coordinator = await actor(COORD);
      const added = await network.addMember(coordinator, { userId: OUTSIDER, teamId: 'T1', organizationQuery: 'legacoop', role: 'partner' });
      expect(added).toMatchObject({ kind: 'added', member: { userId: OUTSIDER, role: 'partner', organization: { shortName: 'LEGACOOP' } } });
      expect(await network.addMember(coordinator, { userId: OUTSIDER, teamId: 'T1', organizationQuery: 'LEGACOOP', role: 'partner' })).toMatchObject({ kind: 'unchanged' });
      const moved = await network.addMember(coordinator, { userId: OUTSIDER, teamId: 'T1', organizationQuery: 'ENAIP', role: 'observer' });
      expect(moved).toMatchObject({ kind: 'moved', member: { role: 'observer' }, previous: { organization: { shortName: 'LEGACOOP' } } });
      expect((await network.removeMember(coordinator, OUTSIDER))?.organization.shortName).toBe('ENAIP');
      expect(await network.removeMember(coordinator, OUTSIDER)).toBeUndefined();
      const audit = await listAudit(database.knex, { entity: 'member', entityId: OUTSIDER });
      expect(audit.map((a) => [a.action, a.actorUserId])).toEqual([
        ['member.add', COORD],
        ['member.update', COORD],
        ['member.remove', COORD],
      ]);
    });

    it('refuses partners, observers and outsiders, changing nothing', async () => {
      const before = await memberRows();
      const input = { userId: OUTSIDER, teamId: null, organizationQuery: 'UEPE', role: 'partner' as const };
      expect(await refusal(network.addMember(await actor(PARTNER), input))).toEqual({ code: 'forbidden', text: 'solo i coordinatori della rete possono farlo.' });
      expect(await refusal(network.addMember(await actor(OBSERVER), input))).toMatchObject({ code: 'forbidden' });
      expect(await refusal(network.removeMember(await actor(OUTSIDER), PARTNER))).toMatchObject({ code: 'not_member' });
      expect(await memberRows()).toEqual(before);
    });

    it('says what is wrong with the organization, refuses bots, admins and the last coordinator', async () => {
      const coordinator = await actor(COORD);
      const add = (organizationQuery: string, userId = OUTSIDER) => network.addMember(coordinator, { userId, teamId: null, organizationQuery, role: 'partner' });
      expect((await refusal(add(''))).text).toMatch(/^Manca l’ente\. Sigle disponibili: PROV-GO, /);
      expect((await refusal(add('Atlantide'))).text).toMatch(/^Nessun ente corrisponde a «Atlantide»/);
      expect((await refusal(add('gorizia'))).text).toMatch(/corrisponde a più enti/);
      await database.knex('organizations').where({ short_name: 'AGCI' }).update({ active: false });
      expect(await refusal(add('AGCI'))).toEqual({ code: 'invalid_input', text: 'L’ente AGCI non è attivo.' });
      slack.setBot('UBOTTY');
      expect(await refusal(add('UEPE', 'UBOTTY'))).toEqual({ code: 'invalid_input', text: 'Non si può aggiungere un bot alla rete.' });
      expect((await refusal(network.removeMember(coordinator, ADMIN))).text).toContain('ADMIN_USER_IDS');

      // Without configured admins, the directory's only coordinator cannot leave.
      const noAdmins = createNetworkArea({ ...platform, config: { ...platform.config, adminUserIds: [] }, caches: [] });
      const alone = await noAdmins.resolveActor(COORD, null);
      await database.knex('members').where({ user_id: ADMIN }).delete();
      expect(await refusal(noAdmins.removeMember(alone, COORD))).toEqual({
        code: 'conflict',
        text: 'Non puoi togliere l’ultimo coordinatore della rete: aggiungine prima un altro.',
      });
      expect(await database.knex('members').where({ user_id: COORD }).first()).toBeDefined();
    });
  });

  describe('organizations', () => {
    it('a coordinator adds one, audited with what was typed', async () => {
      const result = await network.createOrganization(await actor(COORD), { name: '  Cooperativa La Quercia ', shortName: 'quercia', kind: 'cooperative' });
      expect(result).toMatchObject({ ok: true, organization: { name: 'Cooperativa La Quercia', shortName: 'QUERCIA', kind: 'cooperative', active: true } });
      const id = result.ok ? result.organization.id : -1;
      expect(await listAudit(database.knex, { action: 'organization.create', entityId: id })).toMatchObject([
        { actorUserId: COORD, after: { name: 'Cooperativa La Quercia', shortName: 'QUERCIA', kind: 'cooperative' } },
      ]);
    });

    it('reports a taken name with the other field errors, and refuses non-coordinators', async () => {
      const result = await network.createOrganization(await actor(COORD), { name: 'uepe udine', shortName: 'x', kind: null });
      expect(result.ok).toBe(false);
      const errors = result.ok ? {} : result.errors;
      expect(Object.fromEntries(Object.entries(errors).map(([field, error]) => [field, error('en')]))).toEqual({
        name: 'An organization with this name already exists.',
        shortName: '2 to 20 characters: letters, digits, dashes and dots, no spaces.',
        kind: 'Choose the kind of organization.',
      });
      expect(await refusal(network.createOrganization(await actor(PARTNER), { name: 'Ente finto', shortName: 'FINTO', kind: 'association' }))).toMatchObject({ code: 'forbidden' });
      expect(await database.knex('organizations').where({ short_name: 'FINTO' }).first()).toBeUndefined();
    });
  });
});
