import type { Knex } from 'knex';
import { createPollsArea, POLL_KINDS, type PollsArea } from '../../../src/areas/polls';
import { POLL_KIND_RULES } from '../../../src/areas/polls/domain/kinds';
import { POLL_KIND_EXPORTS } from '../../../src/areas/polls/exports/poll-csv';
import { pollsMessages } from '../../../src/areas/polls/messages';
import { POLL_KIND_VIEWS } from '../../../src/areas/polls/slack/views/kinds';
import { findMemberByUserId, type Actor } from '../../../src/areas/network';
import { listAudit } from '../../../src/platform/audit/audit-store';
import type { Database } from '../../../src/platform/database';
import type { AppError } from '../../../src/platform/errors';
import { commonMessages } from '../../../src/platform/i18n/common';
import type { Platform } from '../../../src/platform/runtime';
import { dayjs } from '../../../src/platform/time';
import { TEST_START, TestClock } from '../../support/clock';
import { DATABASES } from '../../support/databases';
import { startTestPlatform, type TestPlatform } from '../../support/platform';
import type { FakeSlack } from '../../support/fake-slack';
import { buildNetwork } from '../../support/network';

const COORD = 'UCOORD01';
const UEPE1 = 'UUEPEA1';
const UEPE2 = 'UUEPEB2';
const CISL1 = 'UCISLA1';
const OBSERVER = 'UOBSERV1';
const CHANNEL = 'CPOLLS1';
const TZ = 'Europe/Rome';

/** The text a refusal shows an Italian reader. */
async function refusal(promise: Promise<unknown>): Promise<{ code: string; text: string | undefined }> {
  const error = (await promise.then(
    () => {
      throw new Error('expected a refusal');
    },
    (e: unknown) => e,
  )) as AppError;
  return { code: error.code, text: error.params.reason?.('it') };
}

/**
 * The polls use cases on a real database, without Bolt or HTTP: the platform as the app builds
 * it, a test clock, and the Slack stand-in for the posts the outbox delivers.
 */
describe.each(DATABASES)('polls use cases (%s)', (kind) => {
  let db: Database;
  let tp: TestPlatform;
  let slack: FakeSlack;
  let platform: Platform;
  let polls: PollsArea;
  let orgs: Record<string, number>;
  const clock = new TestClock();
  const knex = (): Knex => db.knex;
  const m = pollsMessages('it');

  beforeAll(async () => {
    tp = await startTestPlatform(kind, { clock, config: { timezone: TZ } });
    ({ db: db, slack, platform } = tp);
    polls = createPollsArea(platform);
  });
  afterAll(async () => {
    await tp.stop();
  });
  beforeEach(async () => {
    clock.set(TEST_START);
    const { rows } = await knex().raw<{ rows: Array<{ tablename: string }> }>(
      `select tablename from pg_tables where schemaname = current_schema() and tablename not like 'knex_migrations%'`,
    );
    await knex().raw(`truncate ${rows.map((r) => `"${r.tablename}"`).join(', ')} restart identity cascade`);
    ({ orgs } = await buildNetwork((work) => work(knex()), [
      { user: COORD, org: 'PROV-GO', role: 'coordinator', locale: 'it' },
      { user: UEPE1, org: 'UEPE', locale: 'it' },
      { user: UEPE2, org: 'UEPE', locale: 'it' },
      { user: CISL1, org: 'CISL', locale: 'it' },
      { user: OBSERVER, org: 'CISL', role: 'observer', locale: 'it' },
    ]));
    slack.reset();
    slack.setClock(() => clock.now().getTime());
  });

  async function actor(userId: string): Promise<Actor> {
    const member = (await findMemberByUserId(knex(), userId)) ?? null;
    return { userId, teamId: null, member, role: member?.role ?? null, isConfiguredAdmin: false, locale: 'it' };
  }

  const romeDate = (days: number) => dayjs(clock.now()).tz(TZ).add(days, 'day').format('YYYY-MM-DD');

  async function createPoll(raw: Record<string, unknown> = {}, by = COORD) {
    const result = await polls.create(await actor(by), { kind: 'choice', question: 'Quale tema?', options: 'Tirocini\nFormazione', scope: 'person', channelId: CHANNEL, ...raw });
    if (!result.ok) throw new Error(JSON.stringify(Object.keys(result.errors)));
    const options = (await knex()('poll_options').where({ poll_id: result.poll.id }).orderBy('position')).map((o) => o.id);
    return { poll: result.poll, options };
  }

  /** Posts the poll's channel message (so its thread exists), as the publisher would. */
  async function publish(): Promise<void> {
    await platform.publisher.flush();
  }

  describe('creating', () => {
    it('stores the poll at the clock’s time, invites every active organization, asks for its message and audits', async () => {
      const { poll, options } = await createPoll({ kind: 'date', options: '', slots: `${romeDate(3)} 10:00 90\n${romeDate(2)} 09:00` });
      expect(poll).toMatchObject({ kind: 'date', status: 'open', createdByUserId: COORD });
      expect(poll.createdAt.getTime()).toBeGreaterThanOrEqual(TEST_START.getTime());
      expect(poll.createdAt.getTime()).toBeLessThanOrEqual(clock.now().getTime());
      expect(options).toHaveLength(2);
      const stored = await knex()('poll_options').where({ poll_id: poll.id }).orderBy('position');
      expect(stored.map((o) => [o.slot_date, o.slot_start_time, o.slot_end_time])).toEqual([
        [romeDate(2), '09:00', '11:00'],
        [romeDate(3), '10:00', '11:30'],
      ]);
      expect(await knex()('poll_invited_organizations').where({ poll_id: poll.id })).toHaveLength(Object.keys(orgs).length);
      expect(await knex()('published_messages').where({ entity_type: 'poll', entity_id: poll.id })).toHaveLength(1);
      expect((await listAudit(knex(), { action: 'poll.create' }))[0]!.after).toMatchObject({ kind: 'date', options: 2, invited: Object.keys(orgs).length });
    });

    it('refuses observers, and an organization that is not active, storing nothing', async () => {
      expect(await refusal(polls.create(await actor(OBSERVER), { kind: 'choice', question: 'Q', options: 'A\nB', scope: 'person', channelId: CHANNEL }))).toMatchObject({ code: 'forbidden' });
      await knex()('organizations').where({ id: orgs.CISL }).update({ active: false });
      const result = await polls.create(await actor(COORD), { kind: 'choice', question: 'Q', options: 'A\nB', scope: 'person', channelId: CHANNEL, organizationIds: [String(orgs.CISL)] });
      const error = !result.ok ? result.errors.organizations : undefined;
      expect(typeof error === 'function' && error('it')).toBe(m.form.organizations_unknown);
      expect(await knex()('polls')).toHaveLength(0);
    });
  });

  describe('voting', () => {
    it('keeps one ballot per person (single choice), a toggle (multiple choice), one answer per slot (dates)', async () => {
      const single = await createPoll();
      expect(await polls.vote(await actor(UEPE1), { optionId: single.options[0]! })).toMatchObject({ ballot: 'single' });
      await polls.vote(await actor(UEPE1), { optionId: single.options[1]! });
      expect((await knex()('poll_votes').where({ poll_id: single.poll.id })).map((v) => v.option_id)).toEqual([single.options[1]]);

      const multiple = await createPoll({ settings: ['multiple'] });
      expect(await polls.vote(await actor(UEPE1), { optionId: multiple.options[0]! })).toMatchObject({ ballot: 'toggle', selected: true });
      expect(await polls.vote(await actor(UEPE1), { optionId: multiple.options[0]! })).toMatchObject({ ballot: 'toggle', selected: false });

      const dates = await createPoll({ kind: 'date', options: '', slots: `${romeDate(5)} 10:00\n${romeDate(6)} 10:00` });
      expect(await polls.vote(await actor(UEPE1), { optionId: dates.options[0]!, answer: 'maybe' })).toMatchObject({ ballot: 'per_option', answer: 'maybe' });
      await polls.vote(await actor(UEPE1), { optionId: dates.options[1]!, answer: 'no' });
      expect(await knex()('poll_votes').where({ poll_id: dates.poll.id })).toHaveLength(2);
      expect(await listAudit(knex(), { action: 'poll.vote' })).toHaveLength(6);
    });

    it('refuses an answer the kind does not take, an organization not invited, a closed poll and a passed deadline', async () => {
      const dates = await createPoll({ kind: 'date', options: '', slots: `${romeDate(5)} 10:00` });
      expect(await refusal(polls.vote(await actor(UEPE1), { optionId: dates.options[0]!, answer: 'perhaps' }))).toEqual({
        code: 'not_found',
        text: commonMessages('it').errors.not_found({ what: m.reasons.option }),
      });
      const uepeOnly = await createPoll({ organizationIds: [String(orgs.UEPE)] });
      expect(await refusal(polls.vote(await actor(CISL1), { optionId: uepeOnly.options[0]! }))).toEqual({ code: 'forbidden', text: m.reasons.not_invited({ organization: 'CISL' }) });
      await polls.close(await actor(COORD), uepeOnly.poll.id);
      expect(await refusal(polls.vote(await actor(UEPE1), { optionId: uepeOnly.options[0]! }))).toEqual({ code: 'conflict', text: m.reasons.closed({ id: uepeOnly.poll.id }) });
      const due = await createPoll({ deadlineDate: romeDate(1), deadlineTime: '12:00' });
      clock.advance(2 * 24 * 3_600_000);
      expect(await refusal(polls.vote(await actor(UEPE1), { optionId: due.options[0]! }))).toEqual({ code: 'conflict', text: m.reasons.deadline_passed({ id: due.poll.id }) });
      expect(await knex()('poll_votes')).toHaveLength(0);
    });
  });

  describe('closing and reopening', () => {
    it('closing asks for one result per closing, in the thread, posted by the outbox', async () => {
      const { poll, options } = await createPoll();
      await publish();
      await polls.vote(await actor(UEPE1), { optionId: options[1]! });
      const closed = await polls.close(await actor(COORD), poll.id);
      const posts = await knex()('outbox_posts').where({ kind: 'polls.result' });
      expect(posts).toEqual([
        expect.objectContaining({ dedupe_key: `poll-result:${poll.id}:${closed.closedAt!.toISOString()}`, target_type: 'thread', target: `poll:${poll.id}`, fallback_user_id: COORD }),
      ]);
      expect(await platform.outbox.flush()).toBe(1);
      const thread = slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts);
      expect(thread).toHaveLength(1);
      expect(String(thread[0]!.args.text)).toContain('Risultato: *Formazione*');
      expect((await knex()('polls').where({ id: poll.id }).first())!.result_posted_at).toEqual(closed.closedAt);

      await polls.reopen(await actor(COORD), poll.id);
      clock.advance(60_000);
      await polls.close(await actor(COORD), poll.id);
      expect(await knex()('outbox_posts').where({ kind: 'polls.result' })).toHaveLength(2);
      expect((await listAudit(knex(), { entity: 'poll' })).map((a) => a.action)).toEqual(['poll.create', 'poll.vote', 'poll.close', 'poll.reopen', 'poll.close']);
    });

    it('refuses a partner who did not create the poll, a second close, and a reopening after the deadline', async () => {
      const { poll } = await createPoll({ deadlineDate: romeDate(1), deadlineTime: '12:00' }, UEPE1);
      expect(await refusal(polls.close(await actor(CISL1), poll.id))).toEqual({ code: 'forbidden', text: m.reasons.not_creator });
      await polls.close(await actor(UEPE1), poll.id);
      expect(await refusal(polls.close(await actor(UEPE1), poll.id))).toEqual({ code: 'conflict', text: m.reasons.already_closed({ id: poll.id }) });
      clock.advance(2 * 24 * 3_600_000);
      expect(await refusal(polls.reopen(await actor(COORD), poll.id))).toEqual({ code: 'conflict', text: m.reasons.reopen_after_deadline({ id: poll.id }) });
      expect(await refusal(polls.close(await actor(COORD), 999_999))).toEqual({ code: 'not_found', text: commonMessages('it').errors.not_found({ what: m.reasons.poll }) });
    });

    it('the deadline closes a poll once and sends the 24-hour reminder once, however often it runs', async () => {
      const { poll, options } = await createPoll({ deadlineDate: romeDate(3), deadlineTime: '12:00', organizationIds: [String(orgs.UEPE), String(orgs.CISL)] });
      await polls.vote(await actor(UEPE1), { optionId: options[0]! });
      const closesAt = poll.closesAt!.getTime();
      clock.set(new Date(closesAt - 23 * 3_600_000));
      expect(await polls.runDeadlines(clock.now())).toEqual({ closed: 0, reminded: 2 });
      expect(await polls.runDeadlines(clock.now())).toEqual({ closed: 0, reminded: 0 });
      expect((await knex()('outbox_posts').where({ kind: 'polls.reminder' })).map((p) => p.target).sort()).toEqual([CISL1, UEPE2].sort());
      clock.set(new Date(closesAt + 60_000));
      const runs = await Promise.all([polls.runDeadlines(clock.now()), polls.runDeadlines(clock.now())]);
      expect(runs[0].closed + runs[1].closed).toBe(1);
      expect((await polls.runDeadlines(clock.now())).closed).toBe(0);
      expect(await knex()('outbox_posts').where({ kind: 'polls.result' })).toHaveLength(1);
      expect(await listAudit(knex(), { action: 'poll.close' })).toEqual([expect.objectContaining({ actorUserId: 'system' })]);
    });
  });

  describe('reminders', () => {
    it('Sollecita asks for one DM per person who has not answered, per round, at most once every 24 hours', async () => {
      const { poll, options } = await createPoll({ organizationIds: [String(orgs.UEPE), String(orgs.CISL)] });
      await polls.vote(await actor(UEPE1), { optionId: options[0]! });
      // The observer is never asked; UEPE1 answered.
      expect(await polls.remind(await actor(COORD), poll.id)).toBe(2);
      clock.advance(23 * 60 * 60 * 1000);
      expect((await refusal(polls.remind(await actor(COORD), poll.id))).text).toContain('è già stato inviato il');
      clock.advance(60 * 60 * 1000);
      expect(await polls.remind(await actor(COORD), poll.id)).toBe(2);
      const keys = (await knex()('outbox_posts').where({ kind: 'polls.reminder' })).map((p) => p.dedupe_key);
      expect(keys.sort()).toEqual(
        [`poll-reminder:${poll.id}:manual1:${UEPE2}`, `poll-reminder:${poll.id}:manual1:${CISL1}`, `poll-reminder:${poll.id}:manual2:${UEPE2}`, `poll-reminder:${poll.id}:manual2:${CISL1}`].sort(),
      );
      expect(await platform.outbox.flush()).toBe(4);
      const dm = slack.callsTo('chat.postMessage').find((c) => String(c.args.channel).startsWith('D'));
      expect(String(dm!.args.text)).toContain('non hai ancora risposto al sondaggio *Quale tema?*');
    });

    it('refuses to remind for a closed poll, and a partner who did not create it', async () => {
      const { poll } = await createPoll();
      expect(await refusal(polls.remind(await actor(UEPE1), poll.id))).toEqual({ code: 'forbidden', text: m.reasons.not_creator });
      await polls.close(await actor(COORD), poll.id);
      expect(await refusal(polls.remind(await actor(COORD), poll.id))).toEqual({ code: 'conflict', text: m.reasons.remind_closed({ id: poll.id }) });
      expect(await knex()('outbox_posts').where({ kind: 'polls.reminder' })).toHaveLength(0);
    });
  });

  describe('listing and export', () => {
    it('exports an anonymous poll as counts only, audited; lists it with its participation', async () => {
      const { poll, options } = await createPoll({ settings: ['anonymous'] });
      await polls.vote(await actor(UEPE1), { optionId: options[1]! });
      await polls.vote(await actor(CISL1), { optionId: options[1]! });
      const file = await polls.exportCsv(await actor(COORD), poll.id);
      expect(file).toMatchObject({ filename: `sondaggio-${poll.id}.csv`, title: m.export.title({ id: poll.id }) });
      const csv = file.content.toString('utf8');
      expect(csv.split('\r\n')[0]).toBe('\uFEFFSondaggio;Domanda;Numero opzione;Opzione;Data;Inizio;Fine;Sì;Se necessario;No');
      expect(csv).toContain(`${poll.id};Quale tema?;2;Formazione;;;;2;0;0\r\n`);
      expect(csv).not.toContain(UEPE1);
      expect(await listAudit(knex(), { action: 'poll.export' })).toHaveLength(1);
      expect(await polls.list(await actor(OBSERVER))).toEqual([expect.objectContaining({ poll: expect.objectContaining({ id: poll.id }), respondedOrganizations: 2, respondents: 2 })]);
    });

    it('refuses the export of hidden results while open, and to anyone but the creator or a coordinator', async () => {
      const { poll } = await createPoll({ settings: ['hidden'] });
      expect(await refusal(polls.exportCsv(await actor(COORD), poll.id))).toEqual({ code: 'conflict', text: m.reasons.export_hidden({ id: poll.id }) });
      expect(await refusal(polls.exportCsv(await actor(UEPE1), poll.id))).toEqual({ code: 'forbidden', text: m.reasons.not_creator });
      expect(await listAudit(knex(), { action: 'poll.export' })).toHaveLength(0);
    });
  });

  it('every kind of POLL_KINDS has its rules, its rendering and its CSV cells, and the database allows exactly those kinds', async () => {
    for (const registry of [POLL_KIND_RULES, POLL_KIND_VIEWS, POLL_KIND_EXPORTS]) expect(Object.keys(registry).sort()).toEqual([...POLL_KINDS].sort());
    const { rows } = await knex().raw<{ rows: Array<{ definition: string }> }>(`select pg_get_constraintdef(oid) as definition from pg_constraint where conname = 'polls_kind_check'`);
    expect(rows).toHaveLength(1);
    expect([...rows[0]!.definition.matchAll(/'([a-z_]+)'/g)].map((x) => x[1]).sort()).toEqual([...POLL_KINDS].sort());
  });
});
