import { DATABASES } from '../support/databases';
import { damageBody, fixture, mutateJson, Rng } from '../support/fuzz';
import { SIGNING_SECRET, startTestApp, visibleText, waitFor, type TestApp } from '../support/harness';
import { snapshotData } from '../support/snapshot';
import { postSigned, type HttpResult } from '../support/slack-requests';
import { dayFromToday, FUZZ_TARGETS, UNPRIVILEGED, USERS, type FuzzIds, type FuzzRequest } from './fuzz-targets';
import { listAudit } from '../../src/platform/audit/audit-store';
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

function generate(rng: Rng, count: number, responseUrl: () => string, ids: FuzzIds): Case[] {
  const cases: Case[] = [];
  const targets = FUZZ_TARGETS.map((t) => [t.weight, t] as const);
  for (let n = 0; n < count; n++) {
    const target = rng.weighted(targets);
    const privileged = target.senders === 'anyone' && rng.chance(0.3);
    const userId = privileged ? USERS.coordinator : rng.pick(UNPRIVILEGED);
    const request = target.build({ rng, userId, responseUrl: responseUrl(), ids });
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

/**
 * Requests sent and not answered yet. One left unanswered fails its test (jest's time limit for
 * the test), and the hook after it names the requests, so a hang is a failure that says where.
 */
const unanswered = new Set<string>();
async function answered<T>(label: string, request: Promise<T>): Promise<T> {
  unanswered.add(label);
  try {
    return await request;
  } finally {
    unanswered.delete(label);
  }
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

/**
 * Every app table but `slack_events` and `chart_images`: the first records each signed event once
 * (to drop Slack's retries), so a legitimate app_home_opened adds a row there by design; the second
 * remembers the chart pictures already uploaded, which a coordinator's App Home renders on the way.
 */
async function storedData(t: TestApp) {
  const { slack_events: _events, chart_images: _pictures, outbox_posts: posts, ...rest } = await snapshotData(t.app.db.knex);
  // A press of a meeting's Calendar button (a read any member may make) sends the .ics at once and
  // records that delivery, so a correction can replace the file later: bookkeeping, not a change.
  const delivered = (row: Record<string, unknown>) => row.kind === 'table.calendar' && (row.params as { reason?: string } | null)?.reason === 'button';
  return { ...rest, outbox_posts: (posts as Array<Record<string, unknown>> | undefined)?.filter((row) => !delivered(row)) };
}

/** The offer, poll and meeting the fuzzing buttons and modals point at (see FuzzIds). */
async function createFixtures(t: TestApp): Promise<FuzzIds> {
  const knex = t.app.db.knex;
  const idOf = async (shortName: string) => Number(((await knex('organizations').where({ short_name: shortName }).first('id')) as { id: number }).id);
  const otherOrganizationId = await idOf('AGCI');
  const partnerOrganizationId = await idOf('UEPE');
  const coordinator = await t.app.areas.network.resolveActor(USERS.coordinator, null);
  const offer = await t.app.areas.offers.offers.create(
    coordinator,
    { title: 'Magazziniere', sector: 'logistics', positions: '2', contractType: 'internship', location: 'Monfalcone', deadline: dayFromToday(10), eligibility: ['outside_work'], organizationId: String(otherOrganizationId) },
    'CGENERAL',
  );
  if (!offer.ok) throw new Error(`fixture offer: ${JSON.stringify(offer.errors)}`);
  const poll = await t.app.areas.polls.create(coordinator, { kind: 'choice', question: 'Quale sede?', options: 'Gorizia\nUdine', scope: 'organization', organizationIds: [String(otherOrganizationId)], channelId: 'CGENERAL' });
  if (!poll.ok) throw new Error(`fixture poll: ${JSON.stringify(poll.errors)}`);
  const option = (await knex('poll_options').where({ poll_id: poll.poll.id }).orderBy('position').first('id')) as { id: number };
  const meeting = await t.app.areas.table.meetings.convene(
    coordinator,
    { title: 'Tavolo AGCI', date: dayFromToday(14), start: '10:00', end: '12:00', place: 'Gorizia', agenda: 'Punto uno', organizationIds: [String(otherOrganizationId)], channelId: 'CGENERAL' },
    [],
  );
  if (!meeting.ok) throw new Error(`fixture meeting: ${JSON.stringify(meeting.errors)}`);
  // Announcements, poll message and notices are posted now, not during the comparison.
  await t.app.platform.publisher.flush();
  return { offerId: offer.offer.id, pollId: poll.poll.id, optionId: Number(option.id), meetingId: meeting.meeting.id, otherOrganizationId, partnerOrganizationId };
}

describe.each(DATABASES)('fuzzing the Slack endpoint with signed, mutated requests (%s)', (kind) => {
  let t: TestApp;
  let ids: FuzzIds;

  // The app runs in this process: jest fails the running test on any unhandled rejection (it
  // did, for Bolt reading `ssl_check` from `payload=null`), so none may happen while fuzzing.
  beforeAll(async () => {
    t = await startTestApp(kind, { adminUserIds: [USERS.coordinator] });
  });
  afterAll(async () => {
    await t.stop();
  });
  afterEach(() => {
    const left = [...unanswered];
    unanswered.clear();
    if (left.length > 0) throw new Error(`requests left unanswered:\n${left.slice(0, 20).join('\n')}`);
  });
  beforeEach(async () => {
    await t.reset();
    await t.app.areas.network.seedNetwork();
    await t.command(USERS.coordinator, '/rete', `aggiungi <@${USERS.partner}> UEPE`);
    await t.command(USERS.coordinator, '/rete', `aggiungi <@${USERS.observer}> CISL osservatore`);
    // Each member's first request caches their Slack language: do it now, so the fuzzing itself
    // is the only thing that could change a row.
    for (const user of [USERS.coordinator, USERS.partner, USERS.observer]) await t.command(user, '/rete', 'io');
    ids = await createFixtures(t);
  });

  it(`survives ${REQUESTS} mutated requests: no 5xx, no unhandled rejection, no stored change (seed ${SEED})`, async () => {
    const rng = new Rng(SEED);
    const cases = generate(rng, REQUESTS, () => t.slack.responseUrl(), ids);
    const before = await storedData(t);
    const url = `${t.url}/slack/events`;
    const results = await runPool(cases, CONCURRENCY, async (c): Promise<{ c: Case; res: HttpResult | Error }> => {
      try {
        return { c, res: await answered(c.label, postSigned(url, c.body, { secret: SIGNING_SECRET, contentType: c.contentType })) };
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

    // Replies through response_url and the work after the answers done, compare.
    await t.settled();
    expect(await storedData(t)).toEqual(before);
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
      const res = await answered(`signed ${body}`, postSigned(`${t.url}/slack/events`, body, { secret: SIGNING_SECRET, contentType: 'application/x-www-form-urlencoded' }));
      expect({ body, status: res.status }).toEqual({ body, status: 400 });
      // The same without a valid signature is refused as unsigned, like any other request.
      const unsigned = await answered(`unsigned ${body}`, postSigned(`${t.url}/slack/events`, body, { secret: 'not-the-secret', contentType: 'application/x-www-form-urlencoded' }));
      expect({ body, status: unsigned.status }).toEqual({ body, status: 401 });
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

  it('opens the convene modal without a channel when the request carries no channel id (fuzzing found a refused modal)', async () => {
    for (const channelId of ['not a channel', 'D0DM', '["a","1"]']) {
      t.slack.calls.length = 0;
      await t.command(USERS.coordinator, '/tavolo', 'convoca', { channelId });
      const open = await waitFor(() => t.slack.callsTo('views.open')[0]);
      const view = open.args.view as { blocks: Array<{ block_id?: string; element?: Record<string, unknown> }> };
      expect(view.blocks.find((b) => b.block_id === 'table_channel')?.element).not.toHaveProperty('initial_conversation');
    }
    t.slack.calls.length = 0;
    await t.command(USERS.coordinator, '/tavolo', 'convoca', { channelId: 'CGENERAL' });
    const open = await waitFor(() => t.slack.callsTo('views.open')[0]);
    const view = open.args.view as { blocks: Array<{ block_id?: string; element?: Record<string, unknown> }> };
    expect(view.blocks.find((b) => b.block_id === 'table_channel')?.element).toMatchObject({ initial_conversation: 'CGENERAL' });
    expect(t.slack.violations).toEqual([]);
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
    expect(row?.name).toBe(name);
    expect(await t.app.db.knex('members').count<{ count: number }[]>('* as count')).toEqual([{ count: 3 }]);
    const audit = await listAudit(t.app.db.knex, { action: 'organization.create', entityId: row!.id });
    expect(audit).toHaveLength(1);

    const listing = visibleText((await t.command(USERS.partner, '/rete', 'lista')).json);
    expect(listing).toContain("*&lt;!channel&gt; \u2217x\u2217 '; drop table members; --* (INJ)");
    expect(listing).not.toContain('<!channel>');
    const confirm = await waitFor(() => t.slack.callsTo('chat.postEphemeral')[0]);
    expect(String(confirm.args.text)).toContain('&lt;!channel&gt;');
    expect(String(confirm.args.text)).not.toContain('<!channel>');
  });
});
