import knexFactory, { type Knex } from 'knex';
import { requestMessage } from '../../src/platform/outbox/published-messages-store';
import { listJobRuns } from '../../src/platform/jobs/job-runs-store';
import { startChildApp, type ChildApp } from '../support/child-app';
import { DATABASES, scratchPostgres } from '../support/databases';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';
import { COORDINATOR, visibleText, waitFor } from '../support/harness';

/**
 * Two app processes on one PostgreSQL, started at the same moment, serving requests and running
 * jobs and the publisher at the same time: every job effect and every channel message happens
 * once, and what a user does through one replica is what the other one shows.
 * (PGlite belongs to one process: there is no second replica to run.)
 */
const postgres = DATABASES.includes('postgres') ? describe : describe.skip;
const PERIODS = ['week-1', 'week-2', 'week-3', 'week-4', 'week-5', 'week-6'];
const NOTICES = Array.from({ length: 12 }, (_, i) => i + 1);

postgres('two replicas on the same PostgreSQL (postgres)', () => {
  let slack: FakeSlack;
  let scratch: Awaited<ReturnType<typeof scratchPostgres>>;
  let knex: Knex;
  let replicas: ChildApp[] = [];

  beforeAll(async () => {
    slack = await startFakeSlack();
    scratch = await scratchPostgres();
    const env = { SLACK_API_URL: slack.apiUrl, DATABASE_URL: scratch.url, TEST_JOB_PERIODS: PERIODS.join(','), TEST_JOB_WORK_MS: '150' };
    // Both at once: they migrate, bootstrap and claim concurrently.
    const started = await Promise.allSettled([startChildApp(env), startChildApp(env)]);
    replicas = started.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : []));
    const failed = started.find((s) => s.status === 'rejected');
    if (failed) throw failed.reason;
    knex = knexFactory({ client: 'pg', connection: scratch.url, pool: { min: 0, max: 2 } });
  }, 60_000);
  afterAll(async () => {
    await Promise.all(replicas.map((r) => r.stop()));
    await knex?.destroy();
    await slack.close();
    await scratch.drop();
  });

  const texts = (prefix: string) => slack.callsTo('chat.postMessage').map((c) => String(c.args.text)).filter((t) => t.startsWith(prefix));

  it('runs every job period once, across both', async () => {
    await waitFor(async () => (await listJobRuns(knex, 'test-effect')).filter((r) => r.status === 'done').length === PERIODS.length, 20_000, 'every period done');
    // Two more runs of the job on each replica (any run in progress is then over) change nothing.
    await Promise.all(replicas.map((replica) => replica.moreTicks(2)));
    const effects = (await knex('test_job_effects').select('period', 'replica')) as Array<{ period: string; replica: string }>;
    expect(effects.map((e) => e.period).sort()).toEqual([...PERIODS].sort());
    for (const period of PERIODS) expect(texts(`effect ${period} `)).toHaveLength(1);
    // The start-up bootstrap, run by both at once, created the coordinator body once.
    expect(await knex('audit_log').where({ action: 'organization.create', actor_user_id: 'system' })).toHaveLength(1);
  }, 40_000);

  it('publishes every pending channel message once, whichever replica picks it up', async () => {
    await knex.transaction(async (trx) => {
      for (const id of NOTICES) await requestMessage(trx, { entityType: 'test_notice', entityId: id, channelId: 'CNOTICES', locale: 'it' });
    });
    // Every message published and none claimed: no replica holds one, so no post is still on its way.
    await waitFor(async () => (await knex('published_messages').whereRaw('version > published_version or lease_until is not null')).length === 0, 20_000, 'all published');
    for (const id of NOTICES) expect(texts(`notice ${id}`).filter((t) => t === `notice ${id}`)).toHaveLength(1);
  }, 30_000);

  /** Resolves once `replica` has heard a change to `table` announced (every cache reading it is then empty). */
  const hears = (replica: ChildApp, table: string) => replica.nextLine(new RegExp(`^CHANGED (${table}|\\*)$`));

  it('shows on one replica what a user did on the other', async () => {
    const [a, b] = replicas as [ChildApp, ChildApp];
    let heard = hears(b, 'members');
    const added = await a.command(COORDINATOR, '/rete', 'aggiungi <@UREPLICA1> PROV-GO', slack.responseUrl());
    expect(added.status).toBe(200);
    expect(visibleText(added.json)).toContain('<@UREPLICA1>');
    await heard;
    const listed = await b.command(COORDINATOR, '/rete', 'lista', slack.responseUrl());
    expect(visibleText(listed.json)).toContain('<@UREPLICA1> (partner)');
    heard = hears(a, 'members');
    const removed = await b.command(COORDINATOR, '/rete', 'rimuovi <@UREPLICA1>', slack.responseUrl());
    expect(visibleText(removed.json)).toContain('non fa più parte della rete');
    await heard;
    expect(visibleText((await a.command(COORDINATOR, '/rete', 'lista', slack.responseUrl())).json)).not.toContain('UREPLICA1');
  });

  // Each replica keeps who-is-who and the offer list in memory (src/platform/cache.ts): a change
  // made anywhere must reach both as it commits, not after the cache's 60 s expiry. PostgreSQL
  // delivers the announcement to the other process a moment after the commit: the checks wait for
  // the replica to say it heard it (its `CHANGED <table>` line), then expect the new answer at once.
  const answers = async (replica: ChildApp, userId: string, text: string, expected: string) =>
    visibleText((await replica.command(userId, '/offerta', text, slack.responseUrl())).json).includes(expected);

  it('refuses a removed member at once on the replica that still remembered them', async () => {
    const [a, b] = replicas as [ChildApp, ChildApp];
    let heard = hears(a, 'members');
    await a.command(COORDINATOR, '/rete', 'aggiungi <@UREPLICA2> PROV-GO', slack.responseUrl());
    await heard;
    const before = await a.command('UREPLICA2', '/offerta', 'lista', slack.responseUrl());
    expect(visibleText(before.json)).toContain('Offerte');
    await a.command('UREPLICA2', '/offerta', 'lista', slack.responseUrl()); // now served from A's memory
    heard = hears(a, 'members');
    await b.command(COORDINATOR, '/rete', 'rimuovi <@UREPLICA2>', slack.responseUrl());
    await heard;
    expect(await answers(a, 'UREPLICA2', 'lista', 'Non fai ancora parte della rete')).toBe(true);

    // The same for a change made by hand, outside both processes.
    let heardByBoth = Promise.all([hears(a, 'members'), hears(b, 'members')]);
    await a.command(COORDINATOR, '/rete', 'aggiungi <@UREPLICA3> PROV-GO', slack.responseUrl());
    await heardByBoth;
    for (const replica of [a, b]) expect(visibleText((await replica.command('UREPLICA3', '/rete', 'io', slack.responseUrl())).json)).toContain('PROV-GO');
    heardByBoth = Promise.all([hears(a, 'members'), hears(b, 'members')]);
    await knex('members').where({ user_id: 'UREPLICA3' }).delete();
    await heardByBoth;
    for (const replica of [a, b]) {
      expect(visibleText((await replica.command('UREPLICA3', '/rete', 'io', slack.responseUrl())).json)).toContain('Non fai ancora parte della rete');
    }
  });

  it('lists on one replica the offer just stored through the other, or by hand', async () => {
    const [a] = replicas as [ChildApp, ChildApp];
    expect(await answers(a, COORDINATOR, 'lista', 'Offerta scritta a mano')).toBe(false);
    const org = (await knex('organizations').where({ short_name: 'PROV-GO' }).first('id')) as { id: number };
    let heard = hears(a, 'offers');
    await knex('offers').insert({
      organization_id: org.id,
      title: 'Offerta scritta a mano',
      sector: 'other',
      positions: 1,
      contract_type: 'internship',
      location: 'Gorizia',
      deadline: '2099-01-31',
      requirements: '',
      eligibility: JSON.stringify([]),
      created_by: COORDINATOR,
    });
    await heard;
    expect(await answers(a, COORDINATOR, 'lista', 'Offerta scritta a mano')).toBe(true);
    heard = hears(a, 'offers');
    await knex('offers').where({ title: 'Offerta scritta a mano' }).update({ title: 'Offerta corretta a mano' });
    await heard;
    expect(await answers(a, COORDINATOR, 'lista', 'Offerta corretta a mano')).toBe(true);
  });
});
