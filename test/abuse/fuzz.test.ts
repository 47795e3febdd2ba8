import { DATABASES } from '../support/databases';
import { damageBody, fixture, mutateJson, Rng } from '../support/fuzz';
import { SIGNING_SECRET, startTestApp, visibleText, waitFor, type TestApp } from '../support/harness';
import { snapshotData } from '../support/snapshot';
import { postSigned, type HttpResult } from '../support/slack-requests';
import { FUZZ_TARGETS, UNPRIVILEGED, USERS, type FuzzRequest } from './fuzz-targets';
import { listAudit } from '../../src/repositories/audit-repository';
import { input } from '../support/slack-requests';

/**
 * Thousands of signed requests built from Slack's payload shapes, mutated: none may produce a
 * 5xx, an unhandled rejection or a change to stored data, and the app must stay up.
 * FUZZ_REQUESTS (in all, shared by the databases) and FUZZ_SEED reproduce or lengthen a run
 * (e.g. FUZZ_SEED=1234 FUZZ_REQUESTS=20000 npm test -- test/abuse).
 */
const REQUESTS = Math.ceil(Number(process.env.FUZZ_REQUESTS ?? 2000) / DATABASES.length);
const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const CONCURRENCY = 16;

function encode(request: FuzzRequest): { body: string; contentType: string } {
  if (request.kind === 'event') return { body: JSON.stringify(request.payload), contentType: 'application/json' };
  if (request.kind === 'interactive') {
    return { body: new URLSearchParams({ payload: JSON.stringify(request.payload) }).toString(), contentType: 'application/x-www-form-urlencoded' };
  }
  const form = new URLSearchParams();
  for (const [key, value] of Object.entries(request.fields)) {
    if (Array.isArray(value)) value.forEach((v) => form.append(key, typeof v === 'string' ? v : JSON.stringify(v)));
    else form.append(key, typeof value === 'string' ? value : JSON.stringify(value));
  }
  return { body: form.toString(), contentType: 'application/x-www-form-urlencoded' };
}

interface Case {
  n: number;
  label: string;
  body: string;
  contentType: string;
}

function generate(rng: Rng, count: number, responseUrl: () => string): Case[] {
  const cases: Case[] = [];
  const targets = FUZZ_TARGETS.map((t) => [t.weight, t] as const);
  for (let n = 0; n < count; n++) {
    const target = rng.weighted(targets);
    const privileged = target.senders === 'anyone' && rng.chance(0.3);
    const userId = privileged ? USERS.coordinator : rng.pick(UNPRIVILEGED);
    const request = target.build({ rng, userId, responseUrl: responseUrl() });
    const payload = request.kind === 'command' ? request.fields : request.payload;
    // A coordinator's request gets one mutation (one field cannot undo a clash); others up to three.
    const mutations = privileged ? 1 : 1 + rng.int(3);
    const labels: string[] = [];
    for (let i = 0; i < mutations; i++) labels.push(mutateJson(rng, payload, { unprivilegedUserIds: UNPRIVILEGED }));
    let { body, contentType } = encode(request);
    if (rng.chance(0.08)) {
      const damaged = damageBody(rng, body);
      body = damaged.body;
      labels.push(damaged.label);
    }
    if (rng.chance(0.03)) contentType = rng.pick(['application/json', 'text/plain', 'multipart/form-data']);
    cases.push({ n, label: `#${n} ${target.name} by ${userId}: ${labels.join(', ')}`, body, contentType });
  }
  return cases;
}

/** A request left unanswered is a failure of the test, not a hang of it. */
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

async function runPool<T, R>(items: T[], concurrency: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i]!);
      }
    }),
  );
  return results;
}

describe.each(DATABASES)('fuzzing the Slack endpoint with signed, mutated requests (%s)', (kind) => {
  let t: TestApp;

  // The app runs in this process: jest fails the running test on any unhandled rejection (it
  // did, for Bolt reading `ssl_check` from `payload=null`), so none may happen while fuzzing.
  beforeAll(async () => {
    t = await startTestApp(kind, { adminUserIds: [USERS.coordinator] });
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(async () => {
    await t.reset();
    await t.app.services.network.seedNetwork();
    await t.command(USERS.coordinator, '/rete', `aggiungi <@${USERS.partner}> UEPE`);
    await t.command(USERS.coordinator, '/rete', `aggiungi <@${USERS.observer}> CISL osservatore`);
    // Each member's first request caches their Slack language: do it now, so the fuzzing itself
    // is the only thing that could change a row.
    for (const user of [USERS.coordinator, USERS.partner, USERS.observer]) await t.command(user, '/rete', 'io');
  });

  it(`survives ${REQUESTS} mutated requests: no 5xx, no unhandled rejection, no stored change (seed ${SEED})`, async () => {
    const rng = new Rng(SEED);
    const cases = generate(rng, REQUESTS, () => t.slack.responseUrl());
    const before = await snapshotData(t.app.db.knex);
    const url = `${t.url}/slack/events`;
    const results = await runPool(cases, CONCURRENCY, async (c): Promise<{ c: Case; res: HttpResult | Error }> => {
      try {
        return { c, res: await withTimeout(postSigned(url, c.body, { secret: SIGNING_SECRET, contentType: c.contentType }), 10_000) };
      } catch (error) {
        return { c, res: error as Error };
      }
    });
    const byStatus = new Map<string, number>();
    for (const { res } of results) {
      const key = res instanceof Error ? `error ${res.message}` : String(res.status);
      byStatus.set(key, (byStatus.get(key) ?? 0) + 1);
    }
    const failures = results.filter(({ res }) => res instanceof Error || res.status >= 500).map(({ c, res }) => `${c.label} → ${res instanceof Error ? res.message : res.status}`);
    expect({ seed: SEED, failures: failures.slice(0, 20) }).toEqual({ seed: SEED, failures: [] });
    // Most requests are answered by the app (not refused by the signature or parser), or the test proves little.
    expect(byStatus.get('200') ?? 0).toBeGreaterThan(REQUESTS * 0.6);

    // Let replies through response_url and any late work finish, then compare.
    await new Promise((r) => setTimeout(r, 300));
    expect(await snapshotData(t.app.db.knex)).toEqual(before);
    const health = await t.health();
    expect(health.status).toBe(200);
    // Still serving real requests.
    expect(visibleText((await t.command(USERS.coordinator, '/rete', 'lista')).json)).toContain('UEPE Udine');
  }, 120_000);

  it('answers 400 (not 500, not silence) to signed payloads Bolt cannot process', async () => {
    const submission = fixture('view_submission');
    const noUser = { ...submission, user: undefined };
    const viewNotObject = { ...submission, view: 'x' };
    for (const body of ['payload=null', 'payload=42', 'payload=%22text%22', `payload=${encodeURIComponent(JSON.stringify(noUser))}`, `payload=${encodeURIComponent(JSON.stringify(viewNotObject))}`]) {
      const res = await withTimeout(postSigned(`${t.url}/slack/events`, body, { secret: SIGNING_SECRET, contentType: 'application/x-www-form-urlencoded' }), 5000);
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
    }
    expect((await t.health()).status).toBe(200);
  });

  it('re-checks permissions on the server: forged metadata and button values grant nothing', async () => {
    const before = await snapshotData(t.app.db.knex);
    for (const user of [USERS.partner, USERS.observer, USERS.nonMembers[0]]) {
      const res = await t.submitView(user, 'network_org_new', {
        org_name: input.text('Ente abusivo'),
        org_short_name: input.text('ABUSO'),
        org_kind: input.select('association'),
      }, JSON.stringify({ channelId: 'CGENERAL', role: 'coordinator', userId: USERS.coordinator, isConfiguredAdmin: true }));
      expect(res.status).toBe(200);
      expect(res.json).toMatchObject({ response_action: 'errors', errors: { org_name: expect.stringMatching(/solo i coordinatori|Non fai ancora parte/) } });
      const cmd = await t.command(user, '/rete', `aggiungi <@${user}> PROV-GO coordinatore`);
      expect(visibleText(cmd.json)).toMatch(/solo i coordinatori|Non fai ancora parte/);
    }
    expect(await snapshotData(t.app.db.knex)).toEqual(before);
  });

  it('stores injected text verbatim and shows it escaped', async () => {
    const name = "<!channel> *x* '; drop table members; --";
    const res = await t.submitView(USERS.coordinator, 'network_org_new', {
      org_name: input.text(name),
      org_short_name: input.text('INJ'),
      org_kind: input.select('association'),
    }, '{"channelId":"CGENERAL"}');
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const row = await t.app.db.knex('organizations').where({ short_name: 'INJ' }).first();
    expect(row.name).toBe(name);
    expect(await t.app.db.knex('members').count<{ count: number }[]>('* as count')).toEqual([{ count: 3 }]);
    const audit = await listAudit(t.app.db.knex, { action: 'organization.create', entityId: row.id });
    expect(audit).toHaveLength(1);

    const listing = visibleText((await t.command(USERS.partner, '/rete', 'lista')).json);
    expect(listing).toContain("*&lt;!channel&gt; *x* '; drop table members; --* (INJ)");
    expect(listing).not.toContain('<!channel>');
    const confirm = await waitFor(() => t.slack.callsTo('chat.postEphemeral')[0]);
    expect(String(confirm.args.text)).toContain('&lt;!channel&gt;');
    expect(String(confirm.args.text)).not.toContain('<!channel>');
  });
});
