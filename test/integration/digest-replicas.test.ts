import { COORDINATOR, startTestApp, type TestApp } from '../support/harness';
import { DIGEST_JOB } from '../../src/areas/digest/use-cases/digest-service';

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

  beforeAll(async () => {
    a = await startTestApp('postgres');
    if (a.config.database.kind !== 'postgres') throw new Error('expected PostgreSQL');
    b = await startTestApp('postgres', { config: { database: a.config.database } });
  }, 60_000);
  afterAll(async () => {
    await b?.stop();
    await a?.stop();
  });

  it('posts one digest per channel and week when both fire at the same time', async () => {
    await a.reset();
    for (const channel of CHANNELS) await a.command(COORDINATOR, '/riepilogo', 'iscrivi', { channelId: channel });
    await a.app.db.knex('digest_subscriptions').update({ active_since: new Date('2026-11-12T10:00:00Z') });
    // Both replicas' schedulers fire, twice each (a restart), at the same minute.
    const reports = await Promise.all([
      a.app.services.digests.runDue(MONDAY_9),
      b.app.services.digests.runDue(MONDAY_9),
      a.app.services.digests.runDue(new Date(MONDAY_9.getTime() + 1000)),
      b.app.services.digests.runDue(new Date(MONDAY_9.getTime() + 1000)),
    ]);
    expect(reports.reduce((n, r) => n + r.posted, 0)).toBe(CHANNELS.length);
    const posts = [...a.slack.callsTo('chat.postMessage'), ...b.slack.callsTo('chat.postMessage')];
    expect(posts.map((p) => p.args.channel).sort()).toEqual(CHANNELS);
    const runs = await a.app.db.knex('job_runs').where({ job: DIGEST_JOB, status: 'done' }).count('* as n').first();
    expect(Number(runs?.n)).toBe(CHANNELS.length);
  });
});
