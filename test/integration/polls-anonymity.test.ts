import { createHash, createHmac } from 'node:crypto';
import type { Knex } from 'knex';
import { PGlite } from '@electric-sql/pglite';
import { DATABASES } from '../support/databases';
import { TEST_START, TestClock } from '../support/clock';
import { COORDINATOR, startTestApp, visibleText, waitFor, type TestApp } from '../support/harness';
import { buildNetwork, type TestMember } from '../support/network';
import { blockActionPayload, input } from '../support/slack-requests';
import { ANONYMOUS_BALLOT_PURPOSE } from '../../src/areas/polls/domain/voter-key';

const CHANNEL = 'CANON01';
const MEMBERS: TestMember[] = [
  { user: 'UANONA1', org: 'UEPE' },
  { user: 'UANONA2', org: 'UEPE' },
  { user: 'UANONB1', org: 'CISL' },
  { user: 'UANONB2', org: 'CISL' },
  { user: 'UANONC1', org: 'LEGACOOP' },
  { user: 'UANOND1', org: 'AGCI' },
];

/** Every row of every table of the app's schema: what a copy of the database holds. */
type Copy = Record<string, Array<Record<string, unknown>>>;

async function readAllTables(q: (sql: string) => Promise<Array<Record<string, unknown>>>): Promise<Copy> {
  const tables = await q(`select tablename from pg_tables where schemaname = current_schema()`);
  const copy: Copy = {};
  for (const { tablename } of tables) copy[String(tablename)] = await q(`select * from "${String(tablename)}"`);
  return copy;
}

/** Every text a value holds (JSON included), as an attacker would try them as keys. */
function textsOf(value: unknown, into: Set<string>): void {
  if (value === null || value === undefined) return;
  if (value instanceof Date) return void into.add(value.toISOString());
  if (Buffer.isBuffer(value)) return void into.add(value.toString('utf8'));
  if (typeof value === 'object') {
    for (const v of Object.values(value as Record<string, unknown>)) textsOf(v, into);
    return;
  }
  into.add(String(value));
}

/**
 * Issue 14: a copy of the database after anonymous polls does not tell who voted what. The test
 * copies the database (PostgreSQL: every table read; PGlite: `dumpDataDir` loaded into another
 * instance and every table read), then tries, for every member and every anonymous poll, every
 * way the keys were ever made with every text the copy holds as the key, and finds no link;
 * the same attack with the app's secret (not in the copy) does link, so the attack is real.
 */
describe.each(DATABASES)('anonymous polls against a copy of the database (%s)', (kind) => {
  let t: TestApp;
  let replies = 0;
  const clock = new TestClock();
  let orgs: Record<string, number> = {};
  const knex = (): Knex => t.app.db.knex;

  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
  }, 120_000);
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(async () => {
    clock.set(TEST_START);
    await t.reset();
    ({ orgs } = await buildNetwork(t.byHand, MEMBERS));
    t.slack.reset();
    t.slack.setClock(() => clock.now().getTime());
  });

  async function click(user: string, actionId: string, value?: string): Promise<string> {
    const id = `a${++replies}`;
    const res = await t.postInteractive(blockActionPayload({ userId: user, actionId, value, channelId: CHANNEL, responseUrl: t.slack.responseUrl(id) }));
    expect(res.status).toBe(200);
    const reply = await waitFor(() => t.slack.responses.find((r) => r.path === `/response/${id}`), 5000, `reply to ${actionId}`);
    return visibleText(reply.body as { blocks?: unknown; text?: unknown });
  }

  async function createPoll(values: Record<string, Record<string, unknown>>): Promise<{ id: number; options: number[] }> {
    const res = await t.submitView(
      COORDINATOR,
      'poll_new',
      {
        poll_kind: input.radio('choice'),
        poll_question: input.text('Quale tema al primo punto?'),
        poll_options: input.text('Tirocini\nBorse lavoro\nFormazione'),
        poll_slots: input.text(''),
        poll_settings: input.checkboxes(['anonymous']),
        poll_scope: input.radio('person'),
        poll_organizations: input.multi([]),
        poll_deadline_date: input.date(null),
        poll_deadline_time: input.time(null),
        poll_channel: input.channel(CHANNEL),
        ...values,
      },
      JSON.stringify({ channelId: CHANNEL }),
    );
    expect(res.status).toBe(200);
    const poll = (await knex()('polls').orderBy('id', 'desc').first())!;
    const options = await knex()('poll_options').where({ poll_id: poll.id }).orderBy('position');
    return { id: poll.id, options: options.map((o) => o.id) };
  }

  async function takeCopy(): Promise<Copy> {
    if (kind === 'postgres') return readAllTables(async (sql) => (await knex().raw<{ rows: Array<Record<string, unknown>> }>(sql)).rows);
    // The PGlite folder as a backup would hold it, opened by another instance.
    const connection = (knex().client as { config: { connection: () => { pglite: PGlite } } }).config.connection();
    const dump = await connection.pglite.dumpDataDir('none');
    const copy = new PGlite({ loadDataDir: dump });
    try {
      return await readAllTables(async (sql) => (await copy.query<Record<string, unknown>>(sql)).rows);
    } finally {
      await copy.close();
    }
  }

  it('no member’s key, made with anything the copy holds, links a vote; ballots and participation say nothing more', async () => {
    const single = await createPoll({});
    const multiple = await createPoll({ poll_settings: input.checkboxes(['anonymous', 'multiple']) });
    const byOrganization = await createPoll({ poll_scope: input.radio('organization') });
    // Votes, changed votes, toggles and a withdrawn choice.
    await click('UANONA1', `poll_vote:${single.options[0]}`);
    await click('UANONA2', `poll_vote:${single.options[1]}`);
    await click('UANONB1', `poll_vote:${single.options[2]}`);
    await click('UANONA1', `poll_vote:${single.options[1]}`);
    await click('UANONB2', `poll_vote:${multiple.options[0]}`);
    await click('UANONB2', `poll_vote:${multiple.options[2]}`);
    await click('UANONC1', `poll_vote:${multiple.options[1]}`);
    await click('UANONC1', `poll_vote:${multiple.options[1]}`);
    await click('UANONA1', `poll_vote:${byOrganization.options[0]}`);
    await click('UANONA2', `poll_vote:${byOrganization.options[2]}`);
    await click('UANOND1', `poll_vote:${byOrganization.options[1]}`);
    await t.app.platform.homeTabs.idle();
    await t.app.platform.publisher.flush();

    const copy = await takeCopy();
    const polls = [single, multiple, byOrganization];
    const anonymousIds = new Set(polls.map((p) => p.id));
    const ballots = copy.poll_votes!.filter((b) => anonymousIds.has(Number(b.poll_id)));
    expect(ballots).toHaveLength(3 + 2 + 2);

    // Ballots: only what counting and changing a vote need.
    for (const b of ballots) expect(b).toMatchObject({ voter_user_id: null, organization_id: null, voted_at: null });
    // Participation: who, never what or when.
    expect(Object.keys(copy.poll_participants![0]!).sort()).toEqual(['organization_id', 'participant', 'poll_id']);
    const participants = copy.poll_participants!.filter((p) => anonymousIds.has(Number(p.poll_id))).map((p) => `${String(p.poll_id)}:${String(p.participant)}`);
    expect(participants.sort()).toEqual(
      [
        `${single.id}:user:UANONA1`,
        `${single.id}:user:UANONA2`,
        `${single.id}:user:UANONB1`,
        `${multiple.id}:user:UANONB2`,
        `${byOrganization.id}:org:${orgs.UEPE}`,
        `${byOrganization.id}:org:${orgs.AGCI}`,
      ].sort(),
    );
    // No column of polls holds a key any more.
    expect(Object.keys(copy.polls![0]!)).not.toContain('voter_salt');

    // The audit log: anonymous votes name neither the voter nor the option, and no row names a voter after the polls were created.
    const audit = copy.audit_log!.filter((a) => a.action === 'poll.vote');
    expect(audit).toHaveLength(11);
    for (const a of audit) expect(a).toMatchObject({ actor_user_id: 'anonymous', before: null, after: null });
    const voters = new Set(MEMBERS.map((m) => m.user));
    const firstVote = Math.min(...audit.map((a) => Number(a.id)));
    expect(copy.audit_log!.filter((a) => Number(a.id) >= firstVote && voters.has(String(a.actor_user_id)))).toEqual([]);
    expect(JSON.stringify(copy.audit_log!.filter((a) => Number(a.id) >= firstVote))).not.toMatch(/UANON/);

    // The attack: every member (and organization) of the copy, every poll, every text of the copy as a key.
    const candidateKeys = new Set<string>();
    for (const rows of Object.values(copy)) for (const row of rows) textsOf(row, candidateKeys);
    const members = copy.members!.map((m) => ({ userId: String(m.user_id), organizationId: Number(m.organization_id) }));
    const storedKeys = new Set(ballots.map((b) => String(b.voter_key)));
    const variants = (key: string | Buffer, message: string): string[] => {
      const h = createHmac('sha256', key).update(message);
      const digest = h.digest();
      return [digest.toString('hex'), digest.toString('base64url'), digest.toString('base64url').slice(0, 32), digest.toString('base64')];
    };
    const guesses = (pollId: number, m: { userId: string; organizationId: number }): string[] => [
      `user:${m.userId}`,
      `org:${m.organizationId}`,
      `poll:${pollId}:${m.userId}`,
      `poll:${pollId}:user:${m.userId}`,
      `poll:${pollId}:org:${m.organizationId}`,
      `${pollId}:${m.userId}`,
      `${pollId}:user:${m.userId}`,
      `${pollId}:org:${m.organizationId}`,
    ];
    const tried = (key: string | Buffer | null, pollId: number, m: { userId: string; organizationId: number }): string[] =>
      guesses(pollId, m).flatMap((message) => {
        const made = key === null ? [createHash('sha256').update(message).digest('hex'), message] : variants(key, message);
        return made.flatMap((k) => [k, `anon:${k}`]);
      });
    let attempts = 0;
    const linked: string[] = [];
    for (const poll of polls) {
      for (const member of members) {
        for (const key of [null, ...candidateKeys]) {
          for (const k of tried(key, poll.id, member)) {
            attempts++;
            if (storedKeys.has(k)) linked.push(`${member.userId} in poll ${poll.id}`);
          }
        }
      }
    }
    expect(attempts).toBeGreaterThan(10_000);
    expect(linked).toEqual([]);
    // No ballot key contains a member's or an organization's id either.
    for (const k of storedKeys) for (const m of members) expect(k).not.toContain(m.userId);

    // With the app's secret, which the copy does not hold, the same attack links every vote: the test is real.
    const secretKey = t.app.platform.secrets.key(ANONYMOUS_BALLOT_PURPOSE);
    expect(candidateKeys.has(secretKey.toString('hex'))).toBe(false);
    const withSecret = new Set<string>();
    for (const poll of polls) for (const member of members) for (const k of tried(secretKey, poll.id, member)) if (storedKeys.has(k)) withSecret.add(k);
    expect(withSecret.size).toBe(new Set(ballots.map((b) => b.voter_key)).size);
  }, 120_000);
});
