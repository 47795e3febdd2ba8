import { webApi } from '@slack/bolt';
import { silentLogger } from '../../src/platform/logger';
import { listPublishedMessages, markEntityChanged, requestMessage } from '../../src/platform/outbox/published-messages-store';
import { MessagePublisher } from '../../src/platform/outbox/publisher';
import type { MessageContent } from '../../src/platform/slack/types';
import type { Fault } from '../support/fake-slack';
import { TestClock } from '../support/clock';
import { DATABASES } from '../support/databases';
import { startTestApp, waitFor, type TestApp } from '../support/harness';

/**
 * The Slack Web API fails while the publisher posts or updates a channel message: it is retried
 * with backoff (or after Retry-After), posted once, and stays pending in the database until Slack
 * confirms. A test entity type stands in for announcements, notices and digests; a feature that
 * publishes through the publisher is covered by the same machinery. The tests deliver with
 * `flush(now)` at the instants the publisher asks to be called again, so every retry is checked
 * against its due time, not against the wall clock.
 */
const ENTITY = 'fault_test';
const CHANNEL = 'CFAULTS';

/** Each fault as the stand-in for Slack plays it (the Web API client does not retry by itself: the publisher does). */
const FAULTS: Array<{ name: string; fault: Fault; times: number; minDelayMs: number }> = [
  { name: 'HTTP 500', fault: { status: 500 }, times: 2, minDelayMs: 1000 },
  { name: '429 with Retry-After: 2', fault: { status: 429, retryAfter: 2 }, times: 1, minDelayMs: 2000 },
  { name: 'a platform error (internal_error)', fault: { error: 'internal_error' }, times: 1, minDelayMs: 1000 },
];

describe.each(DATABASES)('the publisher when the Slack Web API fails (%s)', (kind) => {
  let t: TestApp;
  const clock = new TestClock();
  const texts = new Map<number, string>();
  const render = async (id: number): Promise<MessageContent | undefined> => {
    const text = texts.get(id);
    return text === undefined ? undefined : { text, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
  };

  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
    t.app.platform.publisher.register(ENTITY, render);
    // No background passes: each test delivers with flush(now).
    await t.app.platform.publisher.stop();
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
  };
  /** When the publisher will try the (only) message again. */
  const retryAt = async (): Promise<Date> => {
    const row = (await t.app.db.knex('published_messages').first('next_attempt_at')) as { next_attempt_at: Date | null } | undefined;
    if (!row?.next_attempt_at) throw new Error('no retry planned');
    return row.next_attempt_at;
  };
  /** A publisher like the app's, whose client gives up after 300 ms (as when Slack does not answer in time). */
  const impatientPublisher = () => {
    const client = new webApi.WebClient('xoxb-test-token', { slackApiUrl: t.slack.apiUrl, timeout: 300, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
    const publisher = new MessagePublisher({ db: t.app.db.knex, client, logger: silentLogger(), minIntervalMs: 200, sweepMs: 200, clock });
    publisher.register(ENTITY, render);
    return publisher;
  };
  /**
   * Delivers at each instant the publisher asks to be called again, until nothing is pending; checks
   * that a call a millisecond earlier does nothing. Resolves with the instants of the attempts.
   */
  const deliverUntilDone = async (publisher: MessagePublisher, method: string, first: Date, maxAttempts: number): Promise<Date[]> => {
    const attempts = [first];
    await publisher.flush(first);
    while ((await pending()).length > 0) {
      if (attempts.length >= maxAttempts) throw new Error(`still pending after ${attempts.length} attempts`);
      const due = await retryAt();
      const calls = t.slack.callsTo(method).length;
      expect(await publisher.flush(new Date(due.getTime() - 1))).toBe(0);
      expect(t.slack.callsTo(method)).toHaveLength(calls);
      attempts.push(due);
      await publisher.flush(due);
    }
    return attempts;
  };

  it.each(FAULTS)('posts once after $name, and keeps the message pending until then', async ({ fault, times, minDelayMs }) => {
    const publisher = t.app.platform.publisher;
    t.slack.failNext('chat.postMessage', fault, times);
    await request(1, 'Annuncio 1');
    const start = clock.now();
    expect(await publisher.flush(start)).toBe(0);
    // Nothing lost: Slack has not confirmed, so it is still pending in the database.
    expect(await pending()).toMatchObject([{ entityId: 1, ts: null, failures: 1, lastError: expect.any(String) }]);

    const attempts = await deliverUntilDone(publisher, 'chat.postMessage', await retryAt(), times);
    const [row] = await listPublishedMessages(t.app.db.knex);
    const posts = t.slack.callsTo('chat.postMessage');
    // Every call but the last one was a fault; the last one posted, once, after the backoff.
    expect(posts).toHaveLength(times + 1);
    expect(posts[times]!.args).toMatchObject({ channel: CHANNEL, text: 'Annuncio 1' });
    expect(attempts.at(-1)!.getTime() - start.getTime()).toBeGreaterThanOrEqual(minDelayMs);
    expect(row).toMatchObject({ ts: inChannel()[0]!.ts, failures: 0, lastError: null });
    // Nothing posted twice afterwards either, however many passes follow.
    expect(await publisher.flush(new Date(attempts.at(-1)!.getTime() + 60_000))).toBe(0);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(times + 1);
  });

  it.each(FAULTS)('updates after $name, and the last state lands', async ({ fault, times, minDelayMs }) => {
    const publisher = t.app.platform.publisher;
    await request(2, 'Versione 1');
    expect(await publisher.flush(clock.now())).toBe(1);
    const ts = (await listPublishedMessages(t.app.db.knex))[0]!.ts;
    t.slack.failNext('chat.update', fault, times);
    texts.set(2, 'Versione 2');
    await t.app.db.knex.transaction((trx) => markEntityChanged(trx, ENTITY, 2));
    // Past the interval between two updates of one message.
    const start = new Date(clock.now().getTime() + 1000);
    expect(await publisher.flush(start)).toBe(0);
    expect(t.slack.callsTo('chat.update')).toHaveLength(1);
    // Changed again while Slack fails: the retry sends the latest state.
    texts.set(2, 'Versione 3');
    await t.app.db.knex.transaction((trx) => markEntityChanged(trx, ENTITY, 2));
    const attempts = await deliverUntilDone(publisher, 'chat.update', await retryAt(), times);
    const updates = t.slack.callsTo('chat.update');
    expect(updates.length).toBe(times + 1);
    expect(updates.at(-1)!.args).toMatchObject({ channel: CHANNEL, ts, text: 'Versione 3' });
    expect(attempts.at(-1)!.getTime() - start.getTime()).toBeGreaterThanOrEqual(minDelayMs);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);
  });

  it('retries a post that timed out on our side, and posts it once', async () => {
    const publisher = impatientPublisher();
    // Slack never completes the first call (the gateway gives up after our timeout).
    t.slack.failNext('chat.postMessage', { delayMs: 800, then: { status: 504 } });
    await request(3, 'Annuncio 3');
    expect(await publisher.flush(clock.now())).toBe(0);
    expect(await pending()).toMatchObject([{ entityId: 3, ts: null, failures: 1, lastError: 'request_error' }]);
    expect(await publisher.flush(await retryAt())).toBe(1);
    // The retry first looked for the timed-out post (it never landed), then posted: one message.
    expect(t.slack.callsTo('conversations.history')).toHaveLength(1);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(2);
    expect(inChannel()).toHaveLength(1);
    expect((await listPublishedMessages(t.app.db.knex))[0]!.ts).toBe(inChannel()[0]!.ts);
  });

  // Slack posted, but its answer never reached the app (a 5xx from a gateway, a timeout, or the
  // process died before recording it): the retry must find that post, not make a second one.
  it.each([
    { name: 'a 500 after the post landed', fault: { landsThen: { status: 500 } } },
    { name: 'a timeout on our side while the post landed', fault: { delayMs: 800, then: { landsThen: { status: 504 } } } },
    // ok:false, but one Slack says may have been partly processed.
    { name: 'internal_error after the post landed', fault: { landsThen: { error: 'internal_error' } } },
  ] satisfies Array<{ name: string; fault: Fault }>)('finds the post after $name, and brings it up to date instead of posting again', async ({ fault }) => {
    const publisher = impatientPublisher();
    t.slack.failNext('chat.postMessage', fault);
    await request(5, 'Annuncio 5');
    expect(await publisher.flush(clock.now())).toBe(0);
    // Nothing recorded as posted, but the attempt is: its outcome is unknown.
    expect(await pending()).toMatchObject([{ entityId: 5, ts: null, failures: 1, unconfirmedPostAt: expect.any(Date) }]);
    await waitFor(() => inChannel().length === 1, 5000, 'the lost post landing');
    texts.set(5, 'Annuncio 5, corretto');
    expect(await publisher.flush(await retryAt())).toBe(1);
    expect(await pending()).toEqual([]);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(inChannel()).toHaveLength(1);
    const history = t.slack.callsTo('conversations.history');
    expect(history).toHaveLength(1);
    expect(history[0]!.args).toMatchObject({ channel: CHANNEL, include_all_metadata: 'true' });
    const [row] = await listPublishedMessages(t.app.db.knex);
    expect(row).toMatchObject({ ts: inChannel()[0]!.ts, unconfirmedPostAt: null, failures: 0 });
    expect(t.slack.callsTo('chat.update').at(-1)!.args).toMatchObject({ ts: inChannel()[0]!.ts, text: 'Annuncio 5, corretto' });
  });

  it('waits rather than post blind while the channel history cannot be read, then finds the post', async () => {
    const publisher = t.app.platform.publisher;
    t.slack.failNext('chat.postMessage', { landsThen: { status: 503 } });
    t.slack.failNext('conversations.history', { status: 500 });
    await request(6, 'Annuncio 6');
    expect(await publisher.flush(clock.now())).toBe(0);
    // The history cannot be read: not posted again, tried later.
    expect(await publisher.flush(await retryAt())).toBe(0);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(await publisher.flush(await retryAt())).toBe(1);
    expect(await pending()).toEqual([]);
    expect(t.slack.callsTo('conversations.history')).toHaveLength(2);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(inChannel()).toHaveLength(1);
  });

  it('posts again, and says so in the log, only when Slack will not show the channel history (the app is not in the channel)', async () => {
    const publisher = t.app.platform.publisher;
    t.slack.failNext('chat.postMessage', { landsThen: { status: 500 } });
    t.slack.failNext('conversations.history', { error: 'not_in_channel' });
    await request(7, 'Annuncio 7');
    expect(await publisher.flush(clock.now())).toBe(0);
    expect(await publisher.flush(await retryAt())).toBe(1);
    expect(await pending()).toEqual([]);
    // Losing the announcement would be worse than showing it twice (README: invite the app to the channel).
    expect(inChannel()).toHaveLength(2);
  });

  it('does not look for an earlier post when Slack surely refused it (429, ok:false)', async () => {
    const publisher = t.app.platform.publisher;
    t.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    await request(8, 'Annuncio 8');
    expect(await publisher.flush(clock.now())).toBe(0);
    expect(await publisher.flush(await retryAt())).toBe(1);
    expect(await pending()).toEqual([]);
    expect(t.slack.callsTo('conversations.history')).toHaveLength(0);
    expect(inChannel()).toHaveLength(1);
  });

  it('gives up on a permanent error (channel_not_found) without losing the row, and does not hammer Slack', async () => {
    const publisher = t.app.platform.publisher;
    t.slack.failNext('chat.postMessage', { error: 'channel_not_found' });
    await request(4, 'Annuncio 4');
    const start = clock.now();
    expect(await publisher.flush(start)).toBe(0);
    expect((await listPublishedMessages(t.app.db.knex))[0]?.failures).toBe(1);
    // Passes during the next hour leave it alone.
    for (const minutes of [0, 1, 10, 60]) expect(await publisher.flush(new Date(start.getTime() + minutes * 60_000))).toBe(0);
    expect(t.slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(await pending()).toMatchObject([{ entityId: 4, lastError: 'channel_not_found' }]);
  });
});
