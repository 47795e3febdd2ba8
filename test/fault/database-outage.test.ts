import { DATABASES, scratchPostgres } from '../support/databases';
import { COORDINATOR, startTestApp, visibleText, waitFor, type TestApp } from '../support/harness';
import { input, type HttpResult } from '../support/slack-requests';
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy';

/**
 * The database goes away under traffic. PostgreSQL: the app reaches its scratch database through a
 * TCP proxy that the test cuts (the shared server is never stopped) and restores. PGlite: the
 * embedded database is closed, which is final for the process.
 *
 * Slack waits 3 s for an answer. The app bounds every request's database work itself (query and
 * connection timeouts under that deadline, src/platform/database), so the tests check that users are
 * answered while the database is still down or hanging (it comes back only after the answers
 * arrive): an app that waited for the database would never answer. How fast is not asserted
 * here: it depends on the machine.
 */
const UNAVAILABLE_IT = 'Il servizio è temporaneamente non disponibile: non è stato salvato nulla.';
const UNAVAILABLE_EN = 'The service is temporarily unavailable: nothing was saved.';

/** The organization modal submitted by the coordinator: validation, insert and audit in one transaction. */
function submitOrganization(t: TestApp, name: string, shortName: string): Promise<HttpResult> {
  return t.submitView(COORDINATOR, 'network_org_new', {
    org_name: input.text(name),
    org_short_name: input.text(shortName),
    org_kind: input.select('association'),
  }, '{"channelId":"CGENERAL"}');
}

/** One request of the steady traffic: a read or a submission that inserts an organization. */
function trafficRequest(t: TestApp, n: number): Promise<HttpResult> {
  if (n % 2 === 0) return t.command(COORDINATOR, '/rete', 'lista');
  return submitOrganization(t, `Ente di carico ${n}`, `CARICO${n}`);
}

/** Sends requests with `concurrency` clients until stopped; collects every result. */
function startTraffic(t: TestApp, concurrency: number) {
  let running = true;
  let n = 0;
  const results: Array<{ n: number; res: HttpResult }> = [];
  const clients = Array.from({ length: concurrency }, async () => {
    while (running) {
      const i = n++;
      results.push({ n: i, res: await trafficRequest(t, i) });
    }
  });
  return {
    results,
    async stop() {
      running = false;
      await Promise.all(clients);
    },
  };
}

/** Every created organization has its audit row and every audit row its organization: nothing half-written. */
async function expectNoHalfWrites(t: TestApp): Promise<void> {
  const knex = t.app.db.knex;
  const orgs = (await knex('organizations').select('id').where('short_name', 'like', 'CARICO%').orWhere('short_name', 'DOPO')).map((r: { id: number }) => String(r.id)).sort();
  const audited = (await knex('audit_log').select('entity_id').where({ action: 'organization.create', actor_user_id: COORDINATOR })).map((r: { entity_id: string }) => r.entity_id).sort();
  expect(audited).toEqual(orgs);
}

/** While the database is down: every kind of request is answered, and says nothing was saved. */
async function expectUnavailableReplies(t: TestApp): Promise<void> {
  const read = await t.command(COORDINATOR, '/rete', 'lista');
  expect(read.status).toBe(200);
  expect(visibleText(read.json)).toContain(UNAVAILABLE_IT);
  const submit = await submitOrganization(t, 'Ente durante il guasto', 'GUASTO');
  expect(submit.status).toBe(200);
  expect(submit.json).toMatchObject({ response_action: 'errors', errors: { org_name: expect.stringContaining(UNAVAILABLE_IT) } });
  t.slack.setUserLocale('UNOBODY01', 'en-US');
  const english = await t.command('UNOBODY01', '/rete', 'list');
  expect(visibleText(english.json)).toContain(UNAVAILABLE_EN);
  const health = await t.health();
  expect(health.status).toBe(503);
  expect(health.json).toMatchObject({ status: 'unavailable' });
}

const postgres = DATABASES.includes('postgres') ? describe : describe.skip;

/** The app on a scratch PostgreSQL database reached through a TCP proxy the test can cut or hang. */
async function startBehindProxy(): Promise<{ t: TestApp; proxy: TcpProxy }> {
  const scratch = await scratchPostgres();
  const proxy = await startTcpProxy(scratch.url);
  const t = await startTestApp('postgres', {
    database: {
      target: { kind: 'postgres', url: proxy.url },
      cleanup: async () => {
        await proxy.close();
        await scratch.drop();
      },
    },
  });
  await t.app.areas.network.seedNetwork();
  return { t, proxy };
}

postgres('PostgreSQL goes away under traffic and comes back (postgres)', () => {
  let t: TestApp;
  let proxy: TcpProxy;

  beforeAll(async () => {
    ({ t, proxy } = await startBehindProxy());
  });
  afterAll(async () => {
    await t.stop();
  });

  it('answers "temporarily unavailable, nothing was saved" while it is down, says 503, writes nothing half, and recovers without a restart', async () => {
    const traffic = startTraffic(t, 4);
    try {
      await waitFor(() => traffic.results.length >= 20, 10_000, 'traffic before the cut');
      proxy.cut();
      const cutAt = traffic.results.length;
      await expectUnavailableReplies(t);
      await waitFor(() => traffic.results.length >= cutAt + 8, 10_000, 'traffic during the outage');
    } finally {
      await traffic.stop();
      proxy.restore();
    }
    // Every request of the traffic was answered (no 5xx, none unanswered), during the cut too.
    expect(traffic.results.filter(({ res }) => res.status !== 200)).toEqual([]);

    await waitFor(async () => (await t.health()).status === 200, 10_000, 'healthz 200 after the database returns');
    const read = await t.command(COORDINATOR, '/rete', 'lista');
    expect(visibleText(read.json)).toContain('UEPE Udine');
    const submit = await submitOrganization(t, 'Ente dopo il guasto', 'DOPO');
    expect(submit.text).toBe('');
    expect(await t.app.db.knex('organizations').where({ short_name: 'DOPO' }).first()).toBeDefined();
    expect(await t.app.db.knex('organizations').where({ short_name: 'GUASTO' }).first()).toBeUndefined();
    await expectNoHalfWrites(t);
  });
});

postgres('PostgreSQL stops answering (connections hang) and comes back (postgres)', () => {
  let t: TestApp;
  let proxy: TcpProxy;

  beforeAll(async () => {
    ({ t, proxy } = await startBehindProxy());
  });
  afterAll(async () => {
    await t.stop();
  });

  it('still answers "temporarily unavailable, nothing was saved" while connections hang, and recovers without a restart', async () => {
    expect(visibleText((await t.command(COORDINATOR, '/rete', 'lista')).json)).toContain('UEPE Udine');
    proxy.hang();
    try {
      const [read, submit] = await Promise.all([t.command(COORDINATOR, '/rete', 'lista'), submitOrganization(t, 'Ente durante il blocco', 'BLOCCO')]);
      expect(visibleText(read.json)).toContain(UNAVAILABLE_IT);
      expect(submit.json).toMatchObject({ response_action: 'errors', errors: { org_name: expect.stringContaining(UNAVAILABLE_IT) } });
      expect((await t.health()).status).toBe(503);
    } finally {
      proxy.restore();
    }
    await waitFor(async () => (await t.health()).status === 200, 10_000, 'healthz 200 after the database answers again');
    const submit = await submitOrganization(t, 'Ente dopo il blocco', 'SBLOCCO');
    expect(submit.text).toBe('');
    expect(visibleText((await t.command(COORDINATOR, '/rete', 'lista')).json)).toContain('Ente dopo il blocco');
    expect(await t.app.db.knex('organizations').where({ short_name: 'BLOCCO' }).first()).toBeUndefined();
  });
});

describe('PGlite is closed under traffic (pglite)', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp('pglite');
    await t.app.areas.network.seedNetwork();
  });
  afterAll(async () => {
    await t.stop();
  });

  it('answers "temporarily unavailable, nothing was saved" once it is closed, and says 503', async () => {
    const traffic = startTraffic(t, 2);
    try {
      await waitFor(() => traffic.results.length >= 10, 10_000, 'traffic before the close');
      // The embedded database closes for good (as when its files become unusable).
      await t.app.db.close();
      await expectUnavailableReplies(t);
    } finally {
      await traffic.stop();
    }
    expect(traffic.results.filter(({ res }) => res.status !== 200)).toEqual([]);
  });
});
