import { webApi } from '@slack/bolt';
import { openDatabase, type Database } from '../../src/platform/database';
import { silentLogger } from '../../src/platform/logger';
import { Outbox } from '../../src/platform/outbox/outbox';
import { registerPlatformPosts } from '../../src/platform/outbox/platform-posts';
import { MessagePublisher } from '../../src/platform/outbox/publisher';
import { runExactlyOnce } from '../../src/platform/jobs/exactly-once';
import { listPublishedMessages, markEntityChanged, requestMessage } from '../../src/platform/outbox/published-messages-store';
import { claimJobRun, findJobRun } from '../../src/platform/jobs/job-runs-store';
import { DATABASES, databaseTarget } from '../support/databases';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';

describe.each(DATABASES)('message publisher and exactly-once jobs (%s)', (kind) => {
  let db: Database;
  let slack: FakeSlack;
  let cleanup: () => Promise<void>;
  let client: webApi.WebClient;
  const state = new Map<number, string>();

  beforeAll(async () => {
    const target = await databaseTarget(kind);
    cleanup = target.cleanup;
    db = await openDatabase(target.target);
    await db.migrate();
    slack = await startFakeSlack();
    client = new webApi.WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, rejectRateLimitedCalls: true, retryConfig: { retries: 0 } });
  });
  afterAll(async () => {
    await db.close();
    await slack.close();
    await cleanup();
  });
  beforeEach(async () => {
    await db.knex('published_messages').delete();
    await db.knex('job_runs').delete();
    slack.reset();
    state.clear();
  });

  /** The outbox that delivers the publisher's DMs, reading people's language from the members table. */
  function outboxFor(now: () => Date): Outbox {
    const outbox = new Outbox({
      db: db.knex,
      client,
      logger: silentLogger(),
      clock: { now },
      defaultLocale: 'it',
      localeOf: async (userId) => ((await db.knex('members').where({ user_id: userId }).first()) as { locale?: 'it' | 'en' } | undefined)?.locale ?? 'it',
    });
    registerPlatformPosts(outbox);
    return outbox;
  }

  function publisher(now: () => Date, outbox?: Outbox) {
    const p = new MessagePublisher({ db: db.knex, client, logger: silentLogger(), minIntervalMs: 1000, clock: { now }, outbox });
    p.register('thing', async (id, locale) => {
      const value = state.get(id);
      return value === undefined ? undefined : { text: `${locale}:${value}`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text: value } }] };
    });
    return p;
  }

  it('does not post a message whose claim ran out before posting (another replica may be publishing it)', async () => {
    const claimedAt = new Date('2026-11-24T10:00:00Z');
    let clock = claimedAt;
    const p = publisher(() => clock);
    // Rendering takes longer than the 30 s lease (as when Slack or the database is slow).
    p.register('slow', async () => {
      clock = new Date(claimedAt.getTime() + 31_000);
      return { text: 'lento', blocks: [{ type: 'section', text: { type: 'mrkdwn', text: 'lento' } }] };
    });
    await requestMessage(db.knex, { entityType: 'slow', entityId: 1, channelId: 'C1', locale: 'it' });
    expect(await p.flush(claimedAt)).toBe(0);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
    expect((await listPublishedMessages(db.knex))[0]).toMatchObject({ ts: null, unconfirmedPostAt: null, failures: 0 });
    // Whoever claims it next posts it.
    expect(await p.flush(new Date(claimedAt.getTime() + 40_000))).toBe(1);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('posts once, then coalesces a burst of changes into one update per interval, last state landing', async () => {
    let now = new Date('2026-11-24T10:00:00Z');
    const p = publisher(() => now);
    state.set(1, 'v1');
    await requestMessage(db.knex, { entityType: 'thing', entityId: 1, channelId: 'C1', locale: 'it' });
    expect(await p.flush(now)).toBe(1);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(slack.callsTo('chat.postMessage')[0]!.args).toMatchObject({ channel: 'C1', text: 'it:v1' });

    for (let i = 2; i <= 50; i++) {
      state.set(1, `v${i}`);
      await markEntityChanged(db.knex, 'thing', 1);
      await p.flush(now); // within the interval: nothing goes out
    }
    expect(slack.callsTo('chat.update')).toHaveLength(0);
    now = new Date(now.getTime() + 1000);
    expect(await p.flush(now)).toBe(1);
    const updates = slack.callsTo('chat.update');
    expect(updates).toHaveLength(1);
    expect(updates[0]!.args).toMatchObject({ channel: 'C1', ts: slack.posted[0]!.ts, text: 'it:v50' });
    const [row] = await listPublishedMessages(db.knex);
    expect(row).toMatchObject({ version: 50, publishedVersion: 50 });
  });

  it('keeps a message pending through 429 (honouring Retry-After) and 500, and never posts twice', async () => {
    let now = new Date('2026-11-24T10:00:00Z');
    const p = publisher(() => now);
    state.set(2, 'hello');
    await requestMessage(db.knex, { entityType: 'thing', entityId: 2, channelId: 'C2', locale: 'en' });
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 7 });
    expect(await p.flush(now)).toBe(0);
    let [row] = await listPublishedMessages(db.knex);
    expect(row).toMatchObject({ ts: null, publishedVersion: 0, failures: 1, lastError: 'rate_limited' });
    now = new Date(now.getTime() + 6000);
    expect(await p.flush(now)).toBe(0); // Retry-After not over yet: not even tried
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    now = new Date(now.getTime() + 1500);
    slack.failNext('chat.postMessage', { status: 500 });
    expect(await p.flush(now)).toBe(0);
    now = new Date(now.getTime() + 5000);
    expect(await p.flush(now)).toBe(1);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(3);
    [row] = await listPublishedMessages(db.knex);
    expect(row).toMatchObject({ ts: expect.any(String), publishedVersion: 1, failures: 0 });
    expect(await p.flush(new Date(now.getTime() + 60_000))).toBe(0);
  });

  it('holds back a permanent error for hours (no retry within the hour), and stops when the entity is gone', async () => {
    const now = new Date('2026-11-24T10:00:00Z');
    const p = publisher(() => now);
    state.set(3, 'x');
    await requestMessage(db.knex, { entityType: 'thing', entityId: 3, channelId: 'CGONE', locale: 'it' });
    slack.failNext('chat.postMessage', { error: 'channel_not_found' });
    await p.flush(now);
    expect(await p.flush(new Date(now.getTime() + 60 * 60 * 1000))).toBe(0);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    await requestMessage(db.knex, { entityType: 'thing', entityId: 4, channelId: 'C4', locale: 'it' });
    expect(await p.flush(now)).toBe(0);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('tells the requester once, in their language, when Slack refuses the channel, and posts once the app is invited', async () => {
    let now = new Date('2026-11-24T10:00:00Z');
    const outbox = outboxFor(() => now);
    const p = publisher(() => now, outbox);
    const [org] = await db.knex('organizations').insert({ name: 'Publisher test org', short_name: 'PUBTEST', kind: 'cooperative' }).returning('id');
    await db.knex('members').insert({ user_id: 'UREQ', organization_id: (org as { id: number }).id, role: 'partner', locale: 'en', locale_checked_at: now });
    state.set(5, 'offer');
    state.set(6, 'meeting');
    await requestMessage(db.knex, { entityType: 'thing', entityId: 5, channelId: 'CNOAPP', locale: 'it', requestedBy: 'UREQ' });
    await requestMessage(db.knex, { entityType: 'thing', entityId: 6, channelId: 'CNOONE', locale: 'it' }); // no user asked: nobody to tell
    // In order: post 5 refused, post 6 refused, the DM (through the outbox) goes through; then both refused again.
    slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    slack.failNext('chat.postMessage', { error: 'is_archived' });
    slack.failNext('chat.postMessage', { delayMs: 0 });
    slack.failNext('chat.postMessage', { error: 'not_in_channel' }, 2);
    expect(await p.flush(now)).toBe(0);
    expect(await outbox.flush(now)).toBe(1);
    const dms = () => slack.callsTo('chat.postMessage').filter((c) => String(c.args.channel).startsWith('D'));
    expect(dms()).toHaveLength(1);
    expect(dms()[0]!.args.channel).toBe('DUREQ');
    expect(String(dms()[0]!.args.text)).toBe('I cannot post in <#CNOAPP>: invite the app to the channel (`/invite @ISO.NEW`) or choose another channel. I will try again every two hours.');

    // Still refused two hours later: retried, but the requester is not told again.
    now = new Date(now.getTime() + 2 * 60 * 60 * 1000);
    expect(await p.flush(now)).toBe(0);
    expect(await outbox.flush(now)).toBe(0);
    expect(dms()).toHaveLength(1);
    const rows = await listPublishedMessages(db.knex);
    expect(rows.map((r) => ({ requestedBy: r.requestedBy, publishedVersion: r.publishedVersion, failures: r.failures, lastError: r.lastError }))).toEqual([
      { requestedBy: 'UREQ', publishedVersion: 0, failures: 2, lastError: 'not_in_channel' },
      { requestedBy: null, publishedVersion: 0, failures: 2, lastError: 'not_in_channel' },
    ]);

    // The app is invited: the next retry posts the message, with no further DM.
    now = new Date(now.getTime() + 2 * 60 * 60 * 1000);
    expect(await p.flush(now)).toBe(2);
    expect(slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'CNOAPP')).toHaveLength(3);
    expect(dms()).toHaveLength(1);
  });

  it('does not tell anyone about a refusal they cannot fix by inviting the app', async () => {
    const now = new Date('2026-11-24T10:00:00Z');
    const outbox = outboxFor(() => now);
    const p = publisher(() => now, outbox);
    state.set(7, 'x');
    await requestMessage(db.knex, { entityType: 'thing', entityId: 7, channelId: 'C7', locale: 'it', requestedBy: 'UREQ' });
    slack.failNext('chat.postMessage', { error: 'invalid_blocks' });
    expect(await p.flush(now)).toBe(0);
    expect(await outbox.flush(now)).toBe(0);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(slack.callsTo('conversations.open')).toHaveLength(0);
  });

  it('runs a period once however often and from however many callers, and takes over a dead claim', async () => {
    const now = new Date('2026-11-24T09:00:00Z');
    const deps = { db: db.knex, logger: silentLogger(), clock: { now: () => now } };
    let effects = 0;
    const work = async () => {
      effects++;
      return effects;
    };
    const outcomes = await Promise.all([1, 2, 3].map(() => runExactlyOnce(deps, { job: 'demo', period: 'w1', now }, work)));
    expect(outcomes.filter((o) => o.ran)).toHaveLength(1);
    expect(await runExactlyOnce(deps, { job: 'demo', period: 'w1', now: new Date(now.getTime() + 86_400_000) }, work)).toEqual({ ran: false, reason: 'taken' });
    expect(effects).toBe(1);

    // A replica claimed w2 and died: its lease holds the period until it runs out.
    await claimJobRun(db.knex, { job: 'demo', period: 'w2', owner: 'dead', now, leaseUntil: new Date(now.getTime() + 60_000) });
    expect(await runExactlyOnce(deps, { job: 'demo', period: 'w2', now }, work)).toEqual({ ran: false, reason: 'taken' });
    const later = new Date(now.getTime() + 61_000);
    expect(await runExactlyOnce(deps, { job: 'demo', period: 'w2', now: later }, work)).toEqual({ ran: true, result: 2 });
    expect(await findJobRun(db.knex, 'demo', 'w2')).toMatchObject({ status: 'done', attempts: 2 });
  });

  it('gives an item claimed late in a long job a whole lease, counted from its claim', async () => {
    // The job started ten minutes ago (its `now`), and is only now reaching this item.
    const claimedAt = new Date('2026-11-24T09:10:00Z');
    const jobStartedAt = new Date(claimedAt.getTime() - 10 * 60_000);
    const deps = { db: db.knex, logger: silentLogger(), clock: { now: () => claimedAt } };
    const outcome = await runExactlyOnce(deps, { job: 'demo', period: 'late-item', now: jobStartedAt, leaseMs: 60_000 }, async () =>
      (await findJobRun(db.knex, 'demo', 'late-item'))!.leaseUntil!.getTime(),
    );
    expect(outcome).toEqual({ ran: true, result: claimedAt.getTime() + 60_000 });
  });

  it('retries a failed period after its retry delay', async () => {
    const now = new Date('2026-11-24T09:00:00Z');
    const deps = { db: db.knex, logger: silentLogger(), clock: { now: () => now } };
    const failing = await runExactlyOnce(deps, { job: 'demo', period: 'w3', now, retryAfterMs: 30_000 }, async () => {
      throw new Error('slack down');
    });
    expect(failing).toMatchObject({ ran: false, reason: 'failed' });
    expect(await runExactlyOnce(deps, { job: 'demo', period: 'w3', now: new Date(now.getTime() + 10_000) }, async () => 1)).toEqual({ ran: false, reason: 'taken' });
    expect(await runExactlyOnce(deps, { job: 'demo', period: 'w3', now: new Date(now.getTime() + 30_000) }, async () => 1)).toEqual({ ran: true, result: 1 });
  });
});
