import { systemClock } from '../../src/platform/clock';
import { webApi } from '@slack/bolt';
import { silentLogger } from '../../src/platform/logger';
import { listPublishedMessages, markEntityChanged, requestMessage } from '../../src/platform/outbox/published-messages-store';
import { MessagePublisher } from '../../src/platform/outbox/publisher';
import type { MessageContent } from '../../src/platform/slack/types';
import type { Fault } from '../support/fake-slack';
import { DATABASES } from '../support/databases';
import { startTestApp, waitFor, type TestApp } from '../support/harness';

/**
 * The Slack Web API fails while the publisher posts or updates a channel message: it is retried
 * with backoff (or after Retry-After), posted once, and stays pending in the database until Slack
 * confirms. A test entity type stands in for announcements, notices and digests; a feature that
 * publishes through the publisher is covered by the same machinery.
 */
const ENTITY = 'fault_test';
const CHANNEL = 'CFAULTS';

/** Each fault as the fake Slack plays it (the Web API client does not retry by itself: the publisher does). */
const FAULTS: Array<{ name: string; fault: Fault; times: number; minDelayMs: number }> = [
  { name: 'HTTP 500', fault: { status: 500 }, times: 2, minDelayMs: 1000 },
  { name: '429 with Retry-After: 2', fault: { status: 429, retryAfter: 2 }, times: 1, minDelayMs: 2000 },
  { name: 'a platform error (internal_error)', fault: { error: 'internal_error' }, times: 1, minDelayMs: 1000 },
];

describe.each(DATABASES)('the publisher when the Slack Web API fails (%s)', (kind) => {
  let t: TestApp;
  const texts = new Map<number, string>();
  const render = async (id: number): Promise<MessageContent | undefined> => {
    const text = texts.get(id);
    return text === undefined ? undefined : { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  };

  beforeAll(async () => {
    t = await startTestApp(kind);
    t.app.platform.publisher.register(ENTITY, render);
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(async () => {
    await t.reset();
    texts.clear();
  });

  /** What is really in the channel, whatever answers the app got. */
  const inChannel = () => t.slack.posted.filter((m) => m.channel === CHANNEL);
  const pending = async () => (await listPublishedMessages(t.app.db.knex)).filter((m) => m.version > m.publishedVersion);
  const request = async (id: number, text: string) => {
    texts.set(id, text);
    await t.app.db.knex.transaction((trx) => requestMessage(trx, { entityType: ENTITY, entityId: id, channelId: CHANNEL, locale: 'it' }));
    t.app.platform.publisher.kick();
  };

  it.each(FAULTS)('posts once after $name, and keeps the message pending until then', async ({ fault, times, minDelayMs }) => {
    t.slack.failNext('chat.postMessage', fault, times);
    await request(1, 'Annuncio 1');
    await waitFor(() => t.slack.callsTo('chat.postMessage').length >= 1, 3000, 'the first attempt');
    await waitFor(async () => (await listPublishedMessages(t.app.db.knex))[0]?.failures === 1, 3000, 'the failure recorded');
    // Nothing lost: Slack has not confirmed, so it is still pending in the database.
    expect(await pending()).toMatchObject([{ entityId: 1, ts: null, lastError: expect.any(String) }]);

    const [row] = await waitFor(async () => {
      const rows = await listPublishedMessages(t.app.db.knex);
      return rows[0]?.ts ? rows : undefined;
    }, 15_000, 'the message posted');
    expect(await pending()).toEqual([]);
    const posts = t.slack.callsTo('chat.postMessage');
    // Every call but the last one was a fault; the last one posted, once.
    expect(posts).toHaveLength(times + 1);
    expect(posts[times]!.args).toMatchObject({ channel: CHANNEL, text: 'Annuncio 1' });
    expect(posts[times]!.at - posts[0]!.at).toBeGreaterThanOrEqual(minDelayMs - 50);
    expect(row).toMatchObject({ failures: 0, lastError: null });
    // Nothing posted twice afterwards either.
    await new Promise((r) => setTimeout(r, 400));
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(times + 1);
  }, 30_000);

  it.each(FAULTS)('updates after $name, and the last state lands', async ({ fault, times, minDelayMs }) => {
    await request(2, 'Versione 1');
    const ts = (await waitFor(async () => (await listPublishedMessages(t.app.db.knex))[0]?.ts, 5000, 'the post'))!;
    t.slack.failNext('chat.update', fault, times);
    texts.set(2, 'Versione 2');
    await t.app.db.knex.transaction((trx) => markEntityChanged(trx, ENTITY, 2));
    t.app.platform.publisher.kick();
    await waitFor(() => t.slack.callsTo('chat.update').length >= 1, 3000, 'the first update attempt');
    texts.set(2, 'Versione 3');
    await t.app.db.knex.transaction((trx) => markEntityChanged(trx, ENTITY, 2));
    await waitFor(async () => (await pending()).length === 0, 15_000, 'the update confirmed');
    const updates = t.slack.callsTo('chat.update');
    expect(updates.length).toBe(times + 1);
    expect(updates[updates.length - 1]!.args).toMatchObject({ channel: CHANNEL, ts, text: 'Versione 3' });
    expect(updates[updates.length - 1]!.at - updates[0]!.at).toBeGreaterThanOrEqual(minDelayMs - 50);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);
  }, 30_000);

  it('retries a post that timed out on our side, and posts it once', async () => {
    // A client with a short timeout, as a stand-in for Slack not answering in time.
    await t.app.platform.publisher.stop();
    const client = new webApi.WebClient('xoxb-test-token', { slackApiUrl: t.slack.apiUrl, timeout: 300, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
    const publisher = new MessagePublisher({ db: t.app.db.knex, client, logger: silentLogger(), minIntervalMs: 200, sweepMs: 200, clock: systemClock });
    publisher.register(ENTITY, render);
    try {
      // Slack never completes the first call (the gateway gives up after our timeout).
      t.slack.failNext('chat.postMessage', { delayMs: 800, then: { status: 504 } });
      texts.set(3, 'Annuncio 3');
      await t.app.db.knex.transaction((trx) => requestMessage(trx, { entityType: ENTITY, entityId: 3, channelId: CHANNEL, locale: 'it' }));
      expect(await publisher.flush()).toBe(0);
      expect(await pending()).toMatchObject([{ entityId: 3, ts: null, failures: 1, lastError: 'request_error' }]);
      publisher.start();
      await waitFor(async () => (await pending()).length === 0, 10_000, 'the retried post');
      // The retry first looked for the timed-out post (it never landed), then posted: one message.
      expect(t.slack.callsTo('conversations.history')).toHaveLength(1);
      expect(t.slack.callsTo('chat.postMessage')).toHaveLength(2);
      expect(inChannel()).toHaveLength(1);
      expect((await listPublishedMessages(t.app.db.knex))[0]!.ts).toBe(inChannel()[0]!.ts);
    } finally {
      await publisher.stop();
      t.app.platform.publisher.start();
    }
  }, 20_000);

  // Slack posted, but its answer never reached the app (a 5xx from a gateway, a timeout, or the
  // process died before recording it): the retry must find that post, not make a second one.
  it.each([
    { name: 'a 500 after the post landed', fault: { landsThen: { status: 500 } } },
    { name: 'a timeout on our side while the post landed', fault: { delayMs: 800, then: { landsThen: { status: 504 } } } },
    // ok:false, but one Slack says may have been partly processed.
    { name: 'internal_error after the post landed', fault: { landsThen: { error: 'internal_error' } } },
  ] satisfies Array<{ name: string; fault: Fault }>)('finds the post after $name, and brings it up to date instead of posting again', async ({ fault }) => {
    await t.app.platform.publisher.stop();
    const client = new webApi.WebClient('xoxb-test-token', { slackApiUrl: t.slack.apiUrl, timeout: 300, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
    const publisher = new MessagePublisher({ db: t.app.db.knex, client, logger: silentLogger(), minIntervalMs: 200, sweepMs: 200, clock: systemClock });
    publisher.register(ENTITY, render);
    try {
      t.slack.failNext('chat.postMessage', fault);
      texts.set(5, 'Annuncio 5');
      await t.app.db.knex.transaction((trx) => requestMessage(trx, { entityType: ENTITY, entityId: 5, channelId: CHANNEL, locale: 'it' }));
      expect(await publisher.flush()).toBe(0);
      // Nothing recorded as posted, but the attempt is: its outcome is unknown.
      expect(await pending()).toMatchObject([{ entityId: 5, ts: null, failures: 1, unconfirmedPostAt: expect.any(Date) }]);
      await waitFor(() => inChannel().length === 1, 3000, 'the lost post landing');
      texts.set(5, 'Annuncio 5, corretto');
      publisher.start();
      await waitFor(async () => (await pending()).length === 0, 10_000, 'the retry');
      expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);
      expect(inChannel()).toHaveLength(1);
      const history = t.slack.callsTo('conversations.history');
      expect(history).toHaveLength(1);
      expect(history[0]!.args).toMatchObject({ channel: CHANNEL, include_all_metadata: 'true' });
      const [row] = await listPublishedMessages(t.app.db.knex);
      expect(row).toMatchObject({ ts: inChannel()[0]!.ts, unconfirmedPostAt: null, failures: 0 });
      expect(t.slack.callsTo('chat.update').at(-1)!.args).toMatchObject({ ts: inChannel()[0]!.ts, text: 'Annuncio 5, corretto' });
    } finally {
      await publisher.stop();
      t.app.platform.publisher.start();
    }
  }, 20_000);

  it('waits rather than post blind while the channel history cannot be read, then finds the post', async () => {
    t.slack.failNext('chat.postMessage', { landsThen: { status: 503 } });
    t.slack.failNext('conversations.history', { status: 500 });
    await request(6, 'Annuncio 6');
    await waitFor(async () => (await pending()).length === 0, 15_000, 'the message confirmed');
    expect(t.slack.callsTo('conversations.history')).toHaveLength(2);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(inChannel()).toHaveLength(1);
  }, 20_000);

  it('posts again, and says so in the log, only when Slack will not show the channel history (the app is not in the channel)', async () => {
    t.slack.failNext('chat.postMessage', { landsThen: { status: 500 } });
    t.slack.failNext('conversations.history', { error: 'not_in_channel' });
    await request(7, 'Annuncio 7');
    await waitFor(async () => (await pending()).length === 0, 15_000, 'the message confirmed');
    // Losing the announcement would be worse than showing it twice (README: invite the app to the channel).
    expect(inChannel()).toHaveLength(2);
  }, 20_000);

  it('does not look for an earlier post when Slack surely refused it (429, ok:false)', async () => {
    t.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    await request(8, 'Annuncio 8');
    await waitFor(async () => (await pending()).length === 0, 15_000, 'the message confirmed');
    expect(t.slack.callsTo('conversations.history')).toHaveLength(0);
    expect(inChannel()).toHaveLength(1);
  }, 20_000);

  it('gives up on a permanent error (channel_not_found) without losing the row, and does not hammer Slack', async () => {
    t.slack.failNext('chat.postMessage', { error: 'channel_not_found' });
    await request(4, 'Annuncio 4');
    await waitFor(async () => (await listPublishedMessages(t.app.db.knex))[0]?.failures === 1, 3000, 'the failure recorded');
    await new Promise((r) => setTimeout(r, 600));
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(await pending()).toMatchObject([{ entityId: 4, lastError: 'channel_not_found' }]);
  });
});
