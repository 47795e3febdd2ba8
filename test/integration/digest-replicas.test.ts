import { TestClock } from '../support/clock';
import { COORDINATOR, startTestApp, type TestApp } from '../support/harness';
import { DIGEST_POST } from '../../src/areas/digest/use-cases/weekly-digest';

// Two replicas need a shared database server: PGlite belongs to one process (DESIGN.md §6).
const describeOnPostgres = process.env.TEST_DATABASE_URL ? describe : describe.skip;
if (!process.env.TEST_DATABASE_URL) {
  console.info('digest-replicas: skipped, set TEST_DATABASE_URL to run two app instances on one PostgreSQL');
}

const CHANNELS = ['CREPL01', 'CREPL02', 'CREPL03', 'CREPL04', 'CREPL05'];
const MONDAY_9 = new Date('2026-11-16T08:00:00Z');

describeOnPostgres('weekly digest with two app instances on one PostgreSQL', () => {
  let a: TestApp;
  let b: TestApp;
  const clock = new TestClock();

  beforeAll(async () => {
    a = await startTestApp('postgres', { clock });
    if (a.config.database.kind !== 'postgres') throw new Error('expected PostgreSQL');
    b = await startTestApp('postgres', { clock, config: { database: a.config.database } });
  }, 60_000);
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('posts one digest per channel and week when both fire at the same time', async () => {
    await a.reset();
    for (const channel of CHANNELS) await a.command(COORDINATOR, '/riepilogo', 'iscrivi', { channelId: channel });
    await a.app.db.knex('digest_subscriptions').update({ active_since: new Date('2026-11-12T10:00:00Z') });
    clock.set(MONDAY_9);
    // Both replicas' schedulers fire, twice each (a restart), at the same minute.
    const later = new Date(MONDAY_9.getTime() + 1000);
    const reports = await Promise.all([
      a.app.areas.digest.weekly.requestDue(MONDAY_9),
      b.app.areas.digest.weekly.requestDue(MONDAY_9),
      a.app.areas.digest.weekly.requestDue(later),
      b.app.areas.digest.weekly.requestDue(later),
    ]);
    expect(reports.reduce((n, r) => n + r.requested, 0)).toBe(CHANNELS.length);
    // Both outboxes deliver at once.
    await Promise.all([a.app.platform.outbox.flush(later), b.app.platform.outbox.flush(later), a.app.platform.outbox.flush(later)]);
    const posts = [...a.slack.callsTo('chat.postMessage'), ...b.slack.callsTo('chat.postMessage')];
    expect(posts.map((p) => p.args.channel).sort()).toEqual(CHANNELS);
    const knex = a.app.db.knex;
    const sent = await knex('outbox_posts').where({ kind: DIGEST_POST.name, status: 'sent' }).first<{ n: number | string } | undefined>(knex.raw('count(*) as n'));
    expect(Number(sent?.n)).toBe(CHANNELS.length);
  });
});
