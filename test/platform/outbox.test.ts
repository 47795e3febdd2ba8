import { webApi } from '@slack/bolt';
import { MEMORY, openDatabase, type Database } from '../../src/platform/database';
import { silentLogger } from '../../src/platform/logger';
import { Outbox, postKind, requestPost, type PostRecipient } from '../../src/platform/outbox/outbox';
import { MessagePublisher } from '../../src/platform/outbox/publisher';
import { requestMessage } from '../../src/platform/outbox/published-messages-store';
import { TestClock } from '../support/clock';
import { DATABASES, databaseTarget } from '../support/databases';
import { startFakeSlack, type FakeSlack } from '../support/fake-slack';

/**
 * The outbox (src/platform/outbox/outbox.ts) on its own, with the stand-in for Slack: one post per
 * key, a lost answer found rather than posted again, a thread post that waits for its message (or
 * goes to a person when the app cannot post in the channel), Retry-After honoured, and a renderer
 * with nothing to say. Every delivery is a flush(now) at a chosen instant: no timers.
 */
const NOTE = postKind<{ noteId: number }>('test.note');

describe.each(DATABASES)('the outbox of one-shot posts (%s)', (kind) => {
  let db: Database;
  let cleanup: () => Promise<void>;
  let slack: FakeSlack;
  let outbox: Outbox;
  let publisher: MessagePublisher;
  const clock = new TestClock();
  /** The notes the renderer reads when it delivers; a missing one has nothing to say. */
  const notes = new Map<number, string>();

  beforeAll(async () => {
    const target = await databaseTarget(kind);
    cleanup = target.cleanup;
    db = await openDatabase(target.target.kind === 'pglite' ? { kind: 'pglite', dataDir: MEMORY } : target.target);
    await db.migrate();
    slack = await startFakeSlack({ clock });
    const client = new webApi.WebClient('xoxb-test', { slackApiUrl: slack.apiUrl, retryConfig: { retries: 0 }, rejectRateLimitedCalls: true });
    const logger = silentLogger();
    outbox = new Outbox({ db: db.knex, client, logger, clock, defaultLocale: 'it', localeOf: async (userId) => (userId === 'UENGLISH' ? 'en' : 'it') });
    outbox.register(NOTE, async ({ noteId }, { locale }) => {
      const text = notes.get(noteId);
      return text === undefined ? undefined : { text: `${locale}: ${text}`, blocks: [{ type: 'section', text: { type: 'mrkdwn', text } }] };
    });
    publisher = new MessagePublisher({ db: db.knex, client, logger, clock });
    publisher.register('thing', async (id) => ({ text: `thing ${id}`, blocks: [] }));
  });
  afterAll(async () => {
    await db.close();
    await slack.close();
    await cleanup();
  });
  beforeEach(async () => {
    await db.knex('outbox_posts').delete();
    await db.knex('published_messages').delete();
    slack.reset();
    notes.clear();
  });

  /** Asks for note `noteId` to be posted to `to` under `key`, in a transaction, as a use case does. */
  const ask = (to: PostRecipient, key: string, noteId: number, now: Date) =>
    db.knex.transaction((trx) => requestPost(trx, { kind: NOTE, to, key, params: { noteId } }, now));
  const row = async (key: string) => {
    const found = await db.knex('outbox_posts').where({ dedupe_key: key }).first();
    if (!found) throw new Error(`no post ${key}`);
    return found;
  };
  const later = (instant: Date, ms: number) => new Date(instant.getTime() + ms);

  it('delivers a post asked for twice under one key once, in the reader’s language', async () => {
    notes.set(1, 'Benvenuta nella rete');
    const now = clock.now();
    expect(await ask({ user: 'UREADER' }, 'note:1:UREADER', 1, now)).toBe(true);
    expect(await ask({ user: 'UREADER' }, 'note:1:UREADER', 1, now)).toBe(false);
    expect(await ask({ user: 'UENGLISH' }, 'note:1:UENGLISH', 1, now)).toBe(true);
    expect(await outbox.flush(now)).toBe(2);
    // Asked again after it was sent (a rerun, another replica): still once.
    expect(await ask({ user: 'UREADER' }, 'note:1:UREADER', 1, later(now, 1000))).toBe(false);
    expect(await outbox.flush(later(now, 60_000))).toBe(0);
    const posts = slack.callsTo('chat.postMessage');
    expect(posts.map((p) => [p.args.channel, p.args.text])).toEqual([
      ['DUREADER', 'it: Benvenuta nella rete'],
      ['DUENGLISH', 'en: Benvenuta nella rete'],
    ]);
    expect(await row('note:1:UREADER')).toMatchObject({ status: 'sent', sent_channel: 'DUREADER', sent_ts: slack.posted[0]!.ts, attempts: 1 });
  });

  it('finds a post whose answer was lost, and does not post it twice', async () => {
    notes.set(2, 'Promemoria');
    slack.failNext('chat.postMessage', { landsThen: { status: 500 } });
    const now = clock.now();
    await ask({ user: 'UREADER' }, 'note:2', 2, now);
    expect(await outbox.flush(now)).toBe(0);
    // Slack has the post; the outbox does not know: the outcome of the attempt is unknown.
    expect(slack.posted).toHaveLength(1);
    const failed = await row('note:2');
    expect(failed).toMatchObject({ status: 'pending', unconfirmed_post_at: expect.any(Date), last_error: expect.any(String) });
    expect(await outbox.flush(failed.next_attempt_at)).toBe(1);
    // It looked in the DM first, found the post by its key, and did not post again.
    expect(slack.callsTo('conversations.history')).toHaveLength(1);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(slack.posted).toHaveLength(1);
    expect(await row('note:2')).toMatchObject({ status: 'sent', sent_ts: slack.posted[0]!.ts });
  });

  it('waits for the message a thread post replies to, and goes to the person when the app cannot post in the channel', async () => {
    notes.set(3, 'Verbale approvato');
    const now = clock.now();
    await db.knex.transaction((trx) => requestMessage(trx, { entityType: 'thing', entityId: 1, channelId: 'CTHINGS', locale: 'it' }));
    await ask({ threadOf: { entityType: 'thing', entityId: 1 }, locale: 'it', orElseUser: 'UOWNER' }, 'note:3:thing:1', 3, now);
    // The message is not posted yet: nothing asked of Slack, tried again later.
    expect(await outbox.flush(now)).toBe(0);
    expect(slack.calls).toHaveLength(0);
    const waiting = await row('note:3:thing:1');
    expect(waiting).toMatchObject({ status: 'pending', last_error: 'message_not_posted_yet' });
    expect(await publisher.flush(now)).toBe(1);
    expect(await outbox.flush(waiting.next_attempt_at)).toBe(1);
    const [message, reply] = slack.posted;
    expect(reply).toMatchObject({ channel: 'CTHINGS', threadTs: message!.ts, text: 'it: Verbale approvato' });

    // Slack refuses the channel of thing 2 (the app is not in it): the person gets it by DM, in their language.
    slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    await db.knex.transaction((trx) => requestMessage(trx, { entityType: 'thing', entityId: 2, channelId: 'CNOAPP', locale: 'it' }));
    expect(await publisher.flush(now)).toBe(0);
    await ask({ threadOf: { entityType: 'thing', entityId: 2 }, locale: 'it', orElseUser: 'UENGLISH' }, 'note:3:thing:2', 3, now);
    expect(await outbox.flush(now)).toBe(1);
    expect(slack.callsTo('chat.postMessage').at(-1)!.args).toMatchObject({ channel: 'DUENGLISH', text: 'en: Verbale approvato' });
    expect(slack.callsTo('chat.postMessage').at(-1)!.args).not.toHaveProperty('thread_ts');
  });

  it('tries again after a 429 when Slack’s Retry-After is over, not before, without looking for an earlier post', async () => {
    notes.set(4, 'Sondaggio chiuso');
    slack.failNext('chat.postMessage', { status: 429, retryAfter: 5 });
    const now = clock.now();
    await ask({ channel: 'CPOLLS', locale: 'it' }, 'note:4', 4, now);
    expect(await outbox.flush(now)).toBe(0);
    // Slack surely refused it: no unknown outcome to look for.
    expect(await row('note:4')).toMatchObject({ status: 'pending', last_error: 'rate_limited', next_attempt_at: later(now, 5000), unconfirmed_post_at: null });
    expect(await outbox.flush(later(now, 4999))).toBe(0);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(1);
    expect(await outbox.flush(later(now, 5000))).toBe(1);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(2);
    expect(slack.callsTo('conversations.history')).toHaveLength(0);
    expect(slack.posted).toMatchObject([{ channel: 'CPOLLS', text: 'it: Sondaggio chiuso' }]);
  });

  it('skips a post whose renderer has nothing to say any more, for good', async () => {
    const now = clock.now();
    await ask({ user: 'UREADER' }, 'note:5', 5, now);
    expect(await outbox.flush(now)).toBe(0);
    expect(await row('note:5')).toMatchObject({ status: 'skipped', last_error: 'nothing_to_say', finished_at: expect.any(Date) });
    notes.set(5, 'Troppo tardi');
    expect(await outbox.flush(later(now, 60 * 60_000))).toBe(0);
    expect(slack.callsTo('chat.postMessage')).toHaveLength(0);
  });
});
