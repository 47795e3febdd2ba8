import { lastSundayOf } from '../support/dates';
import { parse } from 'csv-parse/sync';
import { DATABASES } from '../support/databases';
import { TEST_START, TestClock } from '../support/clock';
import { COORDINATOR, startTestApp, visibleText, waitFor, type TestApp } from '../support/harness';
import { buildNetwork, type TestMember } from '../support/network';
import { blockActionPayload, input } from '../support/slack-requests';
import { pollFormValues, type FormValues } from '../support/polls';
import { listAudit } from '../../src/platform/audit/audit-store';
import type { AppError } from '../../src/platform/errors';
import { dayjs } from '../../src/platform/time';
import type { SlackCall } from '../support/fake-slack';
import { pollsMessages } from '../../src/areas/polls/messages';
import { createPollsUseCases } from '../../src/areas/polls/use-cases/polls';
import { pollMessage } from '../../src/areas/polls/slack/views/poll-message';
import { loadSecrets } from '../../src/platform/secrets';
import { randomBytes } from 'node:crypto';

const UEPE1 = 'UUEPEA1';
const UEPE2 = 'UUEPEB2';
const CISL1 = 'UCISLA1';
const LEGA1 = 'ULEGAA1';
const OBSERVER = 'UOBSERV1';
const OUTSIDER = 'UOUTSID1';
const CHANNEL = 'CPOLLS1';

const MEMBERS: TestMember[] = [
  { user: UEPE1, org: 'UEPE' },
  { user: UEPE2, org: 'UEPE' },
  { user: CISL1, org: 'CISL' },
  { user: LEGA1, org: 'LEGACOOP' },
  { user: OBSERVER, org: 'CISL', role: 'observer' },
];

describe.each(DATABASES)('/sondaggio, polls (%s)', (kind) => {
  let t: TestApp;
  let replies = 0;
  const clock = new TestClock();
  /** Organization ids by short name. */
  let orgs: Record<string, number> = {};

  /** A calendar date `days` from the app's today in Rome, as the modal's datepicker sends it. */
  function romeDate(days: number): string {
    return dayjs(clock.now()).tz('Europe/Rome').add(days, 'day').format('YYYY-MM-DD');
  }

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
    // Slack stamps posts with the app's time, as it would on the day the test simulates.
    t.slack.setClock(() => clock.now().getTime());
  });

  const knex = () => t.app.db.knex;
  const polls = () => t.app.areas.polls;
  const orgId = (shortName: string) => orgs[shortName]!;
  const closesAtOf = async (pollId: number) => (await knex()('polls').where({ id: pollId }).first())!.closes_at!.getTime();
  const threadPosts = () => t.slack.calls.filter((c) => c.method === 'chat.postMessage' && c.args.thread_ts);
  /** Delivers the outbox's posts due now (results, reminders) and waits until it has. */
  const deliverPosts = () => t.app.platform.outbox.flush();
  /** The text of a refusal as an Italian reader sees it. */
  const refusal = (error: unknown) => (error as AppError).params.reason?.('it');

  /** Clicks a button and returns the ephemeral reply the clicker sees. */
  async function click(user: string, actionId: string, value?: string): Promise<string> {
    const id = `r${++replies}`;
    const res = await t.postInteractive(blockActionPayload({ userId: user, actionId, value, channelId: CHANNEL, responseUrl: t.slack.responseUrl(id) }));
    expect(res.status).toBe(200);
    const reply = await waitFor(() => t.slack.responses.find((r) => r.path === `/response/${id}`), 5000, `reply to ${actionId}`);
    return visibleText(reply.body as { blocks?: unknown; text?: unknown });
  }

  type Values = FormValues;
  const pollValues = (overrides: Values = {}): Values => pollFormValues(CHANNEL, overrides);

  /** Creates a poll through the modal and waits for its channel message; returns its id and options. */
  async function createPoll(overrides: Values = {}, user = COORDINATOR) {
    const res = await t.submitView(user, 'poll_new', pollValues(overrides), JSON.stringify({ channelId: CHANNEL }));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const poll = (await knex()('polls').orderBy('id', 'desc').first())!;
    const options = await knex()('poll_options').where({ poll_id: poll.id }).orderBy('position');
    await waitFor(() => t.slack.callsTo('chat.postMessage').find((c) => c.args.channel === CHANNEL), 5000, 'poll message');
    return { id: poll.id, options: options.map((o) => o.id) };
  }

  const pollMessages = (): SlackCall[] => t.slack.calls.filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.args.channel === CHANNEL && !c.args.thread_ts);
  const lastPollMessage = () => pollMessages().at(-1);

  /** Waits until the poll message shown in the channel contains `text`. */
  async function messageShows(text: string | RegExp): Promise<string> {
    const call = await waitFor(() => {
      const last = lastPollMessage();
      const shown = last ? visibleText(last.args) : '';
      return last && (typeof text === 'string' ? shown.includes(text) : text.test(shown)) ? last : undefined;
    }, 5000, `poll message showing ${text}`);
    return visibleText(call.args);
  }

  const votesOf = (pollId: number) => knex()('poll_votes').where({ poll_id: pollId }).orderBy('id');

  it('creates a single-choice poll from the modal and counts one vote per person, changeable', async () => {
    const cmd = await t.command(COORDINATOR, '/sondaggio', '', { channelId: CHANNEL });
    expect(cmd.status).toBe(200);
    const open = await waitFor(() => t.slack.callsTo('views.open')[0]);
    const view = open.args.view as { callback_id: string; blocks: Array<{ block_id: string }> };
    expect(view.callback_id).toBe('poll_new');
    expect(view.blocks.map((b) => b.block_id)).toEqual(expect.arrayContaining(['poll_kind', 'poll_question', 'poll_options', 'poll_slots', 'poll_scope', 'poll_channel']));

    const poll = await createPoll();
    let text = await messageShows('Sondaggio n.');
    expect(text).toContain('Quale tema al primo punto dell’OdG?');
    expect(text).toContain('Hanno risposto 0 enti su 9');

    expect(await click(UEPE1, `poll_vote:${poll.options[0]}`)).toContain('Voto registrato: *Tirocini*');
    expect(await click(CISL1, `poll_vote:${poll.options[0]}`)).toContain('Voto registrato');
    // A second click on another option replaces the first: still one vote for UEPE1.
    expect(await click(UEPE1, `poll_vote:${poll.options[1]}`)).toContain('*Borse lavoro*');
    const votes = await votesOf(poll.id);
    expect(votes).toHaveLength(2);
    expect(votes.find((v) => v.voter_user_id === UEPE1)?.option_id).toBe(poll.options[1]);
    text = await messageShows(/\*Tirocini\*\n`█+░*` 1 voto · <@UCISLA1>/);
    expect(text).toContain('Hanno risposto 2 enti su 9');
    expect(text).toMatch(/\*Borse lavoro\*\n`█+░*` 1 voto · <@UUEPEA1>/);
    const audit = await listAudit(knex(), { entity: 'poll', action: 'poll.vote' });
    expect(audit).toHaveLength(3);
  });

  it('multiple choice: a click adds an option, a second click removes it', async () => {
    const poll = await createPoll({ poll_settings: input.checkboxes(['multiple']) });
    expect(await click(UEPE1, `poll_vote:${poll.options[0]}`)).toContain('Aggiunto: *Tirocini*');
    expect(await click(UEPE1, `poll_vote:${poll.options[2]}`)).toContain('Aggiunto: *Formazione*');
    expect(await click(UEPE1, `poll_vote:${poll.options[0]}`)).toContain('Tolto: *Tirocini*');
    const votes = await votesOf(poll.id);
    expect(votes.map((v) => v.option_id)).toEqual([poll.options[2]]);
    const text = await messageShows(/\*Formazione\*\n`█+` 1 voto/);
    expect(text).toContain('Più risposte');
  });

  it('per organization: the latest vote of a member replaces the organization’s earlier vote (and only then says so)', async () => {
    const poll = await createPoll({ poll_scope: input.radio('organization') });
    const first = await click(UEPE1, `poll_vote:${poll.options[0]}`);
    expect(first).toContain('Voto registrato per *UEPE*');
    expect(first).not.toContain('sostituisce');
    expect(await click(UEPE2, `poll_vote:${poll.options[1]}`)).toContain('sostituisce il voto precedente del tuo ente');
    await click(CISL1, `poll_vote:${poll.options[1]}`);
    const votes = await votesOf(poll.id);
    expect(votes).toHaveLength(2);
    const uepe = orgId('UEPE');
    expect(votes.find((v) => v.organization_id === uepe)).toMatchObject({ option_id: poll.options[1], voter_user_id: UEPE2 });
    const text = await messageShows('Hanno risposto 2 enti');
    expect(text).toContain('un voto per ente');
    expect(text).toMatch(/\*Borse lavoro\*\n`█+` 2 voti · (CISL, UEPE|UEPE, CISL)/);
    expect(text).not.toContain(`<@${UEPE2}>`);
  });
  it('anonymous: no voter id or name in any posted block, thread, DM or export', async () => {
    const poll = await createPoll({ poll_settings: input.checkboxes(['anonymous']) });
    await click(UEPE1, `poll_vote:${poll.options[0]}`);
    await click(CISL1, `poll_vote:${poll.options[1]}`);
    await click(UEPE1, `poll_vote:${poll.options[2]}`);
    const votes = await votesOf(poll.id);
    expect(votes).toHaveLength(2);
    expect(votes.every((v) => v.voter_user_id === null && !String(v.voter_key).includes(UEPE1) && !String(v.voter_key).includes(CISL1))).toBe(true);
    await messageShows('2 risposte');
    // The opaque key still tells who has answered, for reminders only.
    expect(await click(COORDINATOR, `poll_remind:${poll.id}`)).toContain('Sollecito inviato a 3 persone');
    await deliverPosts();
    expect(t.slack.callsTo('conversations.open').map((c) => String(c.args.users)).sort()).toEqual([COORDINATOR, LEGA1, UEPE2].sort());
    expect(await click(COORDINATOR, `poll_close:${poll.id}`)).toContain(`Sondaggio n. ${poll.id} chiuso`);
    await waitFor(() => t.slack.calls.find((c) => c.method === 'chat.postMessage' && c.args.thread_ts));
    await t.command(COORDINATOR, '/sondaggio', `esporta ${poll.id}`);
    // The file, not the coordinator's App Home chart (a picture the Home refresh on close may upload first).
    const upload = await waitFor(() => t.slack.callsTo('upload').find((c) => String(c.args.content).startsWith('\uFEFFSondaggio')));
    const csv = String(upload.args.content);
    expect(csv.split('\r\n')[0]).toBe('\uFEFFSondaggio;Domanda;Numero opzione;Opzione;Data;Inizio;Fine;Sì;Se necessario;No');
    expect(csv).toContain(';Formazione;;;;1;0;0\r\n');
    // The App Home lists colleagues by name whatever the poll; every other call must not name a voter.
    const everything = JSON.stringify(t.slack.calls.filter((c) => c.method !== 'users.info' && c.method !== 'views.publish')) + csv;
    for (const voter of [UEPE1, CISL1]) expect(everything).not.toContain(voter);
    expect(JSON.stringify(await listAudit(knex(), { action: 'poll.vote' }))).not.toContain(UEPE1);
  });

  it('anonymous: the poll leaves the voter’s “to vote” list on the App Home once they have voted, and stays on their colleague’s', async () => {
    const uepe = orgId('UEPE');
    const published = (user: string) => t.slack.callsTo('views.publish').filter((c) => c.args.user_id === user);
    const homeOf = (user: string) => visibleText(published(user).at(-1)?.args.view as object | undefined);
    await createPoll({ poll_settings: input.checkboxes(['anonymous']), poll_question: input.text('Tema anonimo da votare?'), poll_organizations: input.multi([String(uepe)]) });
    await waitFor(() => homeOf(UEPE1).includes('Tema anonimo') && homeOf(UEPE2).includes('Tema anonimo'), 5000, 'Homes list the poll');
    const poll = (await knex()('polls').orderBy('id', 'desc').first())!;
    const option = (await knex()('poll_options').where({ poll_id: poll.id }).orderBy('position').first())!;
    await click(UEPE1, `poll_vote:${option.id}`);
    await t.app.platform.homeTabs.idle();
    // It moves to the polls they answered, with their answer (issue 15).
    await waitFor(() => homeOf(UEPE1).includes('*Sondaggi in cui puoi votare*: nessuno.'), 5000, 'the voter’s Home without the poll to vote on');
    expect(homeOf(UEPE1)).toContain('Tema anonimo da votare? · hai risposto: *Tirocini*');
    // A fresh Home (app_home_opened) agrees, and the colleague who has not voted still sees it to vote on.
    await t.app.platform.homeTabs.publish(UEPE1);
    await t.app.platform.homeTabs.publish(UEPE2);
    expect(homeOf(UEPE1)).toContain('*Sondaggi in cui puoi votare*: nessuno.');
    expect(homeOf(UEPE2)).toContain('*Sondaggi in cui puoi votare* (1)\n• Tema anonimo');
    expect(homeOf(UEPE2)).not.toContain('hai risposto');
  });

  it('hidden results: counts and voters appear only once the poll is closed; export refused while open', async () => {
    const poll = await createPoll({ poll_settings: input.checkboxes(['hidden']) });
    await click(UEPE1, `poll_vote:${poll.options[0]}`);
    let text = await messageShows('1 risposta');
    expect(text).toContain('Risultati nascosti fino alla chiusura');
    expect(text).not.toContain('1 voto');
    expect(text).not.toContain(`<@${UEPE1}>`);
    const exp = await t.command(COORDINATOR, '/sondaggio', `export ${poll.id}`);
    expect(exp.status).toBe(200);
    await waitFor(() => t.slack.responses.find((r) => visibleText(r.body as { text?: unknown }).includes('sono nascosti fino alla chiusura')));
    expect(t.slack.callsTo('files.getUploadURLExternal')).toHaveLength(0);
    await click(COORDINATOR, `poll_close:${poll.id}`);
    text = await messageShows('(chiuso)');
    expect(text).toContain('1 voto');
    expect(text).toContain('Risultato: *Tirocini*');
  });

  it('date poll: yes / if needed / no per slot; the winner is the most yes, then the most if-needed', async () => {
    const d1 = romeDate(10);
    const d2 = romeDate(11);
    const d3 = romeDate(12);
    const poll = await createPoll({
      poll_kind: input.radio('date'),
      poll_question: input.text('Quando convochiamo il tavolo?'),
      poll_options: input.text(''),
      poll_slots: input.text(`${d1} 10:00 120\n${d2} 09:30-11:00\n${d3} 15:00`),
    });
    const options = await knex()('poll_options').where({ poll_id: poll.id }).orderBy('position');
    expect(options.map((o) => [o.slot_date, o.slot_start_time, o.slot_end_time])).toEqual([
      [d1, '10:00', '12:00'],
      [d2, '09:30', '11:00'],
      [d3, '15:00', '17:00'],
    ]);
    const [s1, s2, s3] = poll.options;
    // s1: yes 2, maybe 0; s2: yes 2, maybe 1 → s2 wins on "if needed"; s3: no.
    expect(await click(UEPE1, `poll_vote:${s1}:yes`)).toContain('hai risposto *Sì*');
    await click(CISL1, `poll_vote:${s1}:yes`);
    await click(UEPE1, `poll_vote:${s2}:yes`);
    await click(CISL1, `poll_vote:${s2}:yes`);
    expect(await click(LEGA1, `poll_vote:${s2}:maybe`)).toContain('*Se necessario*');
    await click(LEGA1, `poll_vote:${s3}:no`);
    await click(LEGA1, `poll_vote:${s1}:no`);
    expect((await click(LEGA1, `poll_vote:${s1}:perhaps`))).toContain('non trovato');
    expect(await votesOf(poll.id)).toHaveLength(7);
    let text = await messageShows('Sì 2 · Se necessario 0 · No 1');
    expect(text).toContain('Sì 2 · Se necessario 1 · No 0');

    await click(COORDINATOR, `poll_close:${poll.id}`);
    text = await messageShows('(chiuso)');
    const last = lastPollMessage()!;
    const blocks = last.args.blocks as Array<{ accessory?: { action_id: string; value: string } }>;
    const convene = blocks.filter((b) => b.accessory?.action_id === 'table_convene_from_poll');
    expect(convene).toHaveLength(1);
    expect(JSON.parse(convene[0]!.accessory!.value)).toEqual({ pollId: poll.id, date: d2, start: '09:30', end: '11:00' });
    const thread = await waitFor(() => t.slack.calls.find((c) => c.method === 'chat.postMessage' && c.args.thread_ts));
    expect(visibleText(thread.args)).toContain('Risultato: *');
  });

  it('reports a tie as a tie', async () => {
    const poll = await createPoll();
    await click(UEPE1, `poll_vote:${poll.options[0]}`);
    await click(CISL1, `poll_vote:${poll.options[1]}`);
    await click(COORDINATOR, `poll_close:${poll.id}`);
    const thread = await waitFor(() => t.slack.calls.find((c) => c.method === 'chat.postMessage' && c.args.thread_ts));
    expect(visibleText(thread.args)).toContain('Parità tra: *Tirocini*, *Borse lavoro*');
  });

  it('the deadline job closes a poll exactly once, even run twice at once, and posts the result in the thread', async () => {
    const poll = await createPoll({ poll_deadline_date: input.date(romeDate(2)), poll_deadline_time: input.time('18:00') });
    const closesAt = await closesAtOf(poll.id);
    expect(dayjs(closesAt).tz('Europe/Rome').format('HH:mm')).toBe('18:00');
    await click(UEPE1, `poll_vote:${poll.options[0]}`);
    await messageShows('1 risposta');
    const msgTs = (await knex()('published_messages').where({ entity_type: 'poll', entity_id: poll.id }).first()).ts;
    clock.set(new Date(closesAt + 60_000));
    const [a, b] = await Promise.all([polls().runDeadlines(clock.now()), polls().runDeadlines(clock.now())]);
    const again = await polls().runDeadlines(clock.now());
    expect(a.closed + b.closed + again.closed).toBe(1);
    await deliverPosts();
    const threads = threadPosts();
    expect(threads).toHaveLength(1);
    expect(threads[0]!.args.thread_ts).toBe(msgTs);
    expect(visibleText(threads[0]!.args)).toContain('Risultato: *Tirocini*');
    expect(await listAudit(knex(), { action: 'poll.close' })).toHaveLength(1);
    expect((await knex()('polls').where({ id: poll.id }).first())!.status).toBe('closed');
    await messageShows('(chiuso)');
    // After the deadline a poll cannot be reopened.
    const coordinator = await t.app.areas.network.resolveActor(COORDINATOR, null);
    const refused = await polls().reopen(coordinator, poll.id).catch((error: unknown) => error);
    expect(refused).toMatchObject({ code: 'conflict' });
    expect(refusal(refused)).toBe(pollsMessages('it').reasons.reopen_after_deadline({ id: poll.id }));
  });

  it('a poll closed early is redrawn once at its deadline (no second result, no reopen)', async () => {
    const poll = await createPoll({ poll_deadline_date: input.date(romeDate(1)), poll_deadline_time: input.time('10:00') });
    await click(COORDINATOR, `poll_close:${poll.id}`);
    await waitFor(() => t.slack.calls.find((c) => c.method === 'chat.postMessage' && c.args.thread_ts));
    await messageShows('(chiuso)');
    const before = (await knex()('published_messages').where({ entity_type: 'poll', entity_id: poll.id }).first()).version;
    const closesAt = await closesAtOf(poll.id);
    clock.set(new Date(closesAt + 60_000));
    const first = await polls().runDeadlines(clock.now());
    clock.advance(60_000);
    const second = await polls().runDeadlines(clock.now());
    expect(first.closed + second.closed).toBe(0);
    expect((await knex()('published_messages').where({ entity_type: 'poll', entity_id: poll.id }).first()).version).toBe(before + 1);
    await deliverPosts();
    expect(threadPosts()).toHaveLength(1);
    expect(await listAudit(knex(), { action: 'poll.close' })).toHaveLength(1);
  });

  it('a failed result post at the deadline is retried and lands once', async () => {
    const poll = await createPoll({ poll_deadline_date: input.date(romeDate(1)), poll_deadline_time: input.time('09:00') });
    await click(UEPE1, `poll_vote:${poll.options[1]}`);
    await messageShows('1 risposta');
    const closesAt = await closesAtOf(poll.id);
    t.slack.failNext('chat.postMessage', { status: 500 });
    clock.set(new Date(closesAt + 60_000));
    expect((await polls().runDeadlines(clock.now())).closed).toBe(1);
    await deliverPosts();
    expect(threadPosts()).toHaveLength(1);
    expect(await knex()('polls').where({ id: poll.id }).first()).toMatchObject({ status: 'closed' });
    // The outbox tries again after its backoff; later runs of the job ask for nothing more.
    clock.advance(120_000);
    await deliverPosts();
    expect((await polls().runDeadlines(clock.now())).closed).toBe(0);
    clock.advance(120_000);
    expect((await polls().runDeadlines(clock.now())).closed).toBe(0);
    await deliverPosts();
    expect((await knex()('polls').where({ id: poll.id }).first())!.result_posted_at).not.toBeNull();
    const threads = threadPosts();
    expect(threads).toHaveLength(2);
    expect(visibleText(threads[1]!.args)).toContain('Risultato: *Borse lavoro*');
    expect(await listAudit(knex(), { action: 'poll.close' })).toHaveLength(1);
  });

  it('a result that landed in the thread while its answer was lost is found by the next run, not posted twice', async () => {
    const poll = await createPoll({ poll_deadline_date: input.date(romeDate(1)), poll_deadline_time: input.time('09:00') });
    await click(UEPE1, `poll_vote:${poll.options[1]}`);
    await messageShows('1 risposta');
    const closesAt = await closesAtOf(poll.id);
    // The job runs at the deadline (tomorrow); Slack's clock follows the app's.
    clock.set(new Date(closesAt + 60_000));
    t.slack.failNext('chat.postMessage', { landsThen: { status: 500 } });
    expect((await polls().runDeadlines(clock.now())).closed).toBe(1);
    await deliverPosts();
    const inThread = () => t.slack.posted.filter((m) => m.threadTs);
    expect(inThread()).toHaveLength(1);
    clock.advance(120_000);
    await deliverPosts();
    expect((await polls().runDeadlines(clock.now())).closed).toBe(0);
    expect(inThread()).toHaveLength(1);
    expect(threadPosts()).toHaveLength(1);
    const replies = t.slack.callsTo('conversations.replies');
    expect(replies).toHaveLength(1);
    expect(replies[0]!.args).toMatchObject({ ts: inThread()[0]!.threadTs, include_all_metadata: 'true' });
    expect((await knex()('polls').where({ id: poll.id }).first())!.result_posted_at).not.toBeNull();
  });

  it('per organization under concurrency: many members of one organization voting at once leave one vote', async () => {
    const users = Array.from({ length: 15 }, (_, i) => `UUEPEC${String(i).padStart(2, '0')}`);
    await buildNetwork(t.byHand, users.map((user) => ({ user, org: 'UEPE', locale: 'it' as const })), { now: clock.now() });
    const poll = await createPoll({ poll_scope: input.radio('organization') });
    const replies = await Promise.all(users.map((u, i) => click(u, `poll_vote:${poll.options[i % 3]}`)));
    expect(replies.every((r) => r.includes('Voto registrato per *UEPE*'))).toBe(true);
    expect(await votesOf(poll.id)).toHaveLength(1);
    await messageShows(/Ha risposto 1 ente su 9 · 1 risposta/);
  });

  it('reminders (Sollecita and the 24-hour one) go by DM only to members who have not answered, once each', async () => {
    const uepe = orgId('UEPE');
    const cisl = orgId('CISL');
    const lega = orgId('LEGACOOP');
    const poll = await createPoll({
      poll_organizations: input.multi([String(uepe), String(cisl), String(lega)]),
      poll_deadline_date: input.date(romeDate(3)),
      poll_deadline_time: input.time('12:00'),
    });
    await click(UEPE1, `poll_vote:${poll.options[0]}`);
    const dmTargets = () => t.slack.callsTo('conversations.open').map((c) => String(c.args.users)).sort();

    expect(await click(CISL1, `poll_remind:${poll.id}`)).toContain('solo chi ha creato il sondaggio o un coordinatore');
    expect(await click(COORDINATOR, `poll_remind:${poll.id}`)).toContain('Sollecito inviato a 3 persone');
    await deliverPosts();
    // UEPE1 answered; the observer is not asked; UEPE2, CISL1 and LEGA1 are.
    expect(dmTargets()).toEqual([CISL1, LEGA1, UEPE2].sort());
    const dm = t.slack.callsTo('chat.postMessage').find((c) => String(c.args.channel).startsWith('D'));
    expect(visibleText(dm!.args)).toContain('non hai ancora risposto al sondaggio');

    t.slack.reset();
    t.slack.setClock(() => clock.now().getTime());
    await click(CISL1, `poll_vote:${poll.options[1]}`);
    const closesAt = await closesAtOf(poll.id);
    clock.set(new Date(closesAt - 30 * 60 * 60 * 1000));
    expect((await polls().runDeadlines(clock.now())).reminded).toBe(0);
    clock.set(new Date(closesAt - 23 * 60 * 60 * 1000));
    const first = await polls().runDeadlines(clock.now());
    clock.advance(60_000);
    const second = await polls().runDeadlines(clock.now());
    expect(first.reminded).toBe(2);
    expect(second.reminded).toBe(0);
    await deliverPosts();
    expect(dmTargets()).toEqual([LEGA1, UEPE2].sort());
  });

  it('reopen: creator or coordinator, before the deadline; votes accepted again', async () => {
    const poll = await createPoll({}, UEPE1);
    expect(await click(CISL1, `poll_close:${poll.id}`)).toContain('solo chi ha creato il sondaggio');
    expect(await click(UEPE1, `poll_close:${poll.id}`)).toContain('chiuso');
    expect(await click(CISL1, `poll_vote:${poll.options[0]}`)).toContain('è chiuso: il voto non è stato registrato');
    expect(await click(UEPE1, `poll_close:${poll.id}`)).toContain('è già chiuso');
    await messageShows('Riapri');
    expect(await click(CISL1, `poll_reopen:${poll.id}`)).toContain('solo chi ha creato il sondaggio');
    expect(await click(COORDINATOR, `poll_reopen:${poll.id}`)).toContain('riaperto');
    expect(await click(CISL1, `poll_vote:${poll.options[0]}`)).toContain('Voto registrato');
    await messageShows('Chiudi');
    expect((await listAudit(knex(), { entity: 'poll' })).map((a) => a.action)).toEqual(['poll.create', 'poll.close', 'poll.reopen', 'poll.vote']);
  });

  it('refuses outsiders, observers and organizations not invited, storing nothing', async () => {
    const uepe = orgId('UEPE');
    const poll = await createPoll({ poll_organizations: input.multi([String(uepe)]) });
    expect(await click(OUTSIDER, `poll_vote:${poll.options[0]}`)).toContain('Non fai ancora parte della rete');
    expect(await click(OBSERVER, `poll_vote:${poll.options[0]}`)).toContain('gli osservatori possono consultare');
    expect(await click(CISL1, `poll_vote:${poll.options[0]}`)).toContain('il tuo ente (CISL) non è tra gli enti invitati');
    expect(await click(UEPE1, 'poll_vote:999999')).toContain('non trovato');
    expect(await votesOf(poll.id)).toHaveLength(0);
    const outsider = await t.command(OUTSIDER, '/sondaggio');
    expect(visibleText(outsider.json)).toContain('Non fai ancora parte della rete');
    const forged = await t.submitView(OBSERVER, 'poll_new', pollValues());
    expect(forged.json).toMatchObject({ response_action: 'errors', errors: { poll_question: expect.stringContaining('osservatori') } });
    expect(await knex()('polls').count('* as n').first()).toMatchObject({ n: 1 });
  });

  it('shows validation errors on the fields and creates nothing', async () => {
    const bad = await t.submitView(COORDINATOR, 'poll_new', pollValues({
      poll_question: input.text(''),
      poll_options: input.text('Solo una'),
      poll_deadline_date: input.date(romeDate(2)),
      poll_channel: input.channel(null),
    }));
    expect(bad.json).toEqual({
      response_action: 'errors',
      errors: {
        poll_question: 'Scrivi la domanda.',
        poll_options: 'Scrivi almeno 2 opzioni, una per riga.',
        poll_deadline_time: 'Indica anche l’ora della scadenza.',
        poll_channel: 'Scegli il canale in cui pubblicare il sondaggio.',
      },
    });
    const dates = await t.submitView(COORDINATOR, 'poll_new', pollValues({ poll_kind: input.radio('date'), poll_slots: input.text('domani alle 10') }));
    expect(dates.json).toMatchObject({ errors: { poll_slots: expect.stringContaining('Riga 1 («domani alle 10») non valida') } });
    // A slot in the spring gap does not exist; one in the autumn overlap happens twice: both refused by name.
    const gap = await t.submitView(COORDINATOR, 'poll_new', pollValues({ poll_kind: input.radio('date'), poll_slots: input.text(`${lastSundayOf(2030, 3)} 02:30 60`) }));
    expect(gap.json).toMatchObject({ errors: { poll_slots: expect.stringContaining('quell’ora non esiste quel giorno') } });
    const twice = await t.submitView(COORDINATOR, 'poll_new', pollValues({ poll_kind: input.radio('date'), poll_slots: input.text(`2030-01-10 10:00 60\n${lastSundayOf(2030, 10)} 01:30-02:30`) }));
    expect(twice.json).toMatchObject({ errors: { poll_slots: expect.stringContaining('Riga 2') } });
    expect(twice.json).toMatchObject({ errors: { poll_slots: expect.stringContaining('capita due volte') } });
    expect(await knex()('polls').count('* as n').first()).toMatchObject({ n: 0 });
  });

  it('lists polls with participation and exports voter names for non-anonymous polls; English too', async () => {
    const poll = await createPoll({ poll_scope: input.radio('organization') });
    await click(UEPE1, `poll_vote:${poll.options[0]}`);
    const list = await t.command(CISL1, '/sondaggio', 'lista');
    expect(visibleText(list.json)).toContain(`*n. ${poll.id}* Quale tema`);
    expect(visibleText(list.json)).toContain('1/9 enti · 1 risposta');
    t.slack.setUserLocale(LEGA1, 'en-US');
    await t.byHand((db) => db('members').update({ locale_checked_at: null }));
    expect(visibleText((await t.command(LEGA1, '/sondaggio', 'list')).json)).toContain('1/9 organizations');
    expect(visibleText((await t.command(LEGA1, '/sondaggio', 'help')).json)).toContain('`/sondaggio export <n>`');
    expect(await click(LEGA1, `poll_vote:${poll.options[1]}`)).toContain('Vote recorded for *LEGACOOP*');
    expect(visibleText((await t.command(LEGA1, '/sondaggio', 'export x')).json)).toContain('Usage: `/sondaggio export <n>`');
    // Only the creator or a coordinator exports; a per-organization poll lists organizations, never people.
    await t.command(CISL1, '/sondaggio', `esporta ${poll.id}`);
    await waitFor(() => t.slack.responses.find((r) => visibleText(r.body as { text?: unknown }).includes('solo chi ha creato il sondaggio')));
    expect(t.slack.callsTo('upload')).toHaveLength(0);
    await t.command(COORDINATOR, '/sondaggio', `esporta ${poll.id}`);
    const upload = await waitFor(() => t.slack.callsTo('upload')[0]);
    const csv = String(upload.args.content);
    expect(csv.split('\r\n')[0]).toBe('\uFEFFSondaggio;Domanda;Numero opzione;Opzione;Data;Inizio;Fine;Risposta;Ente;Votato il');
    // The time of the vote is the wall clock in Rome, as a spreadsheet reads a date.
    expect(csv).toMatch(new RegExp(`${poll.id};Quale tema al primo punto dell’OdG\\?;1;Tirocini;;;;Sì;UEPE;\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2}\r\n`));
    expect(csv).toContain(`;Borse lavoro;;;;Sì;LEGACOOP;`);
    for (const voter of [UEPE1, LEGA1]) expect(csv).not.toContain(voter);
    const complete = await waitFor(() => t.slack.callsTo('files.completeUploadExternal')[0]);
    expect(String(complete.args.channel_id)).toMatch(/^D/);
    expect(await listAudit(knex(), { action: 'poll.export' })).toHaveLength(1);
  });

  it('per-person export: the creator gets voter ids and names; the fallback text escapes the question', async () => {
    const poll = await createPoll({ poll_question: input.text('Chi va? <!channel> & <@U0000> *tutti*') }, UEPE2);
    const post = t.slack.callsTo('chat.postMessage').find((c) => c.args.channel === CHANNEL)!;
    expect(String(post.args.text)).toContain('Chi va? &lt;!channel&gt; &amp; &lt;@U0000&gt; \u2217tutti\u2217'); // no ping, no bold
    expect(String(post.args.text)).not.toContain('<!channel>');
    await click(CISL1, `poll_vote:${poll.options[0]}`);
    await t.command(UEPE2, '/sondaggio', `esporta ${poll.id}`);
    const upload = await waitFor(() => t.slack.callsTo('upload')[0]);
    expect(String(upload.args.content)).toContain(`;Tirocini;;;;Sì;CISL;${CISL1};`);
    const complete = await waitFor(() => t.slack.callsTo('files.completeUploadExternal')[0]);
    expect(String(complete.args.initial_comment ?? '')).not.toContain('<!channel>');
  });

  it('anonymous: the same person votes once across restarts; after the app secret changes, the poll takes no more votes and nothing is counted twice', async () => {
    const poll = await createPoll({ poll_settings: input.checkboxes(['anonymous']) });
    await click(UEPE1, `poll_vote:${poll.options[0]}`);
    const { platform } = t.app;
    // The same secret (another process, after a restart): the voter's key is the same, the vote is changed.
    const restarted = createPollsUseCases({ ...platform, config: { ...platform.config, slack: { ...platform.config.slack, signingSecret: 'a-rotated-secret' } } });
    const uepe1 = await t.app.areas.network.resolveActor(UEPE1, null);
    await restarted.vote(uepe1, { optionId: poll.options[1]! });
    expect(await votesOf(poll.id)).toHaveLength(1);
    expect((await votesOf(poll.id))[0]).toMatchObject({ option_id: poll.options[1], voter_user_id: null, organization_id: null, voted_at: null });
    // Another app secret (rotated or lost): who voted cannot be recomputed, so the poll takes no
    // vote (a voter could count twice) and no withdrawal; the votes cast stay counted.
    const otherSecret = loadSecrets({ secret: { value: randomBytes(32).toString('hex') } }, platform.logger);
    const rotated = createPollsUseCases({ ...platform, secrets: otherSecret });
    for (const user of [UEPE1, UEPE2]) {
      const error = await rotated.vote(await t.app.areas.network.resolveActor(user, null), { optionId: poll.options[2]! }).catch((e: unknown) => e);
      expect(refusal(error)).toContain('non accetta più voti né ritiri');
    }
    expect(refusal(await rotated.withdraw(uepe1, poll.id).catch((e: unknown) => e))).toContain('non accetta più voti né ritiri');
    const votes = await votesOf(poll.id);
    expect(votes).toHaveLength(1);
    expect(votes[0]).toMatchObject({ option_id: poll.options[1] });
    // Reminders: with the app's secret, who answered is recomputed; with another one, nobody is reminded.
    const stored = (await polls().state(knex(), poll.id))!.poll;
    expect((await polls().nonRespondents(knex(), stored)).map((m) => m.userId)).not.toContain(UEPE1);
    expect((await polls().nonRespondents(knex(), stored)).map((m) => m.userId)).toContain(UEPE2);
    expect(await rotated.nonRespondents(knex(), stored)).toEqual([]);
    // Its message says so instead of counting no organization; the vote is still counted.
    const shown = visibleText(pollMessage((await rotated.state(knex(), poll.id))!, 'it', clock.now(), 'Europe/Rome'));
    expect(shown).toContain('Enti che hanno risposto: non si può più dire (la chiave segreta dell’app è cambiata) · 1 risposta');
    expect(visibleText(pollMessage((await polls().state(knex(), poll.id))!, 'it', clock.now(), 'Europe/Rome'))).toContain('Ha risposto 1 ente su 9 · 1 risposta');
    const coordinator = await t.app.areas.network.resolveActor(COORDINATOR, null);
    expect(refusal(await rotated.remind(coordinator, poll.id).catch((e: unknown) => e))).toContain('non si sollecita nessuno');
  });

  it('App Home: refreshed for the invited members on create, close and reopen; a burst of votes publishes a voter’s Home fewer times than it votes', async () => {
    const uepe = orgId('UEPE');
    const published = (user: string) => t.slack.callsTo('views.publish').filter((c) => c.args.user_id === user);
    const poll = await createPoll({ poll_organizations: input.multi([String(uepe)]) });
    const homeOf = (user: string) => visibleText(published(user).at(-1)?.args.view as object | undefined);
    await waitFor(() => homeOf(UEPE1).includes('Quale tema') && homeOf(UEPE2).includes('Quale tema'), 5000, 'Homes refreshed on create');
    await t.app.platform.homeTabs.idle();
    const homesBefore = published(UEPE2).length;
    // Five votes at once: their refreshes coalesce (one publish of the latest state per window), not one per vote.
    await Promise.all([0, 1, 2, 0, 1].map((option) => click(UEPE2, `poll_vote:${poll.options[option]}`)));
    await t.app.platform.homeTabs.idle();
    const republished = published(UEPE2).length - homesBefore;
    expect(republished).toBeGreaterThanOrEqual(1);
    expect(republished).toBeLessThan(5);
    const before = published(UEPE1).length;
    await click(COORDINATOR, `poll_close:${poll.id}`);
    await waitFor(() => published(UEPE1).length > before, 5000, 'Home refreshed on close');
    const afterClose = published(UEPE1).length;
    await click(COORDINATOR, `poll_reopen:${poll.id}`);
    await waitFor(() => published(UEPE1).length > afterClose, 5000, 'Home refreshed on reopen');
  }, 20_000);

  it('a poll whose message could not be posted (not_in_channel): the deadline sends the result to the creator by DM, once', async () => {
    t.slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    const poll = await createPoll({ poll_deadline_date: input.date(romeDate(1)), poll_deadline_time: input.time('09:00') });
    await waitFor(async () => (await knex()('published_messages').where({ entity_type: 'poll', entity_id: poll.id }).first())?.last_error, 5000, 'failed post');
    const closesAt = await closesAtOf(poll.id);
    // A permanent error: the publisher backs off; keep it from retrying during the test.
    await knex()('published_messages').where({ entity_type: 'poll', entity_id: poll.id }).update({ next_attempt_at: new Date(closesAt + 7 * 24 * 3_600_000) });
    await click(UEPE1, `poll_vote:${poll.options[1]}`);
    clock.set(new Date(closesAt + 60_000));
    const runs = await Promise.all([polls().runDeadlines(clock.now()), polls().runDeadlines(clock.now())]);
    clock.advance(60_000);
    const later = await polls().runDeadlines(clock.now());
    expect(runs[0].closed + runs[1].closed + later.closed).toBe(1);
    await deliverPosts();
    // Besides the publisher's own notice ("invite the app in the channel"), the result goes by DM once.
    const dms = t.slack
      .callsTo('chat.postMessage')
      .filter((c) => String(c.args.channel).startsWith('D') && visibleText(c.args).includes('non è stato pubblicato'));
    expect(dms).toHaveLength(1);
    expect(new Set(t.slack.callsTo('conversations.open').map((c) => c.args.users))).toEqual(new Set([COORDINATOR]));
    expect(visibleText(dms[0]!.args)).toContain(`non è stato pubblicato in <#${CHANNEL}>`);
    expect(visibleText(dms[0]!.args)).toContain('Risultato: *Borse lavoro*');
    expect(threadPosts()).toHaveLength(0);
    expect((await knex()('polls').where({ id: poll.id }).first())!.result_posted_at).not.toBeNull();
  });

  it('exports option labels that start like spreadsheet formulas as text', async () => {
    const poll = await createPoll({ poll_options: input.text('=HYPERLINK("http://x")\n+Formazione') });
    await click(UEPE1, `poll_vote:${poll.options[0]}`);
    await t.command(COORDINATOR, '/sondaggio', `esporta ${poll.id}`);
    const upload = await waitFor(() => t.slack.callsTo('upload')[0]);
    const records = parse(String(upload.args.content), { bom: true, delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(records.map((r) => r.Opzione)).toEqual([`'=HYPERLINK("http://x")`]);
  });

  it('a burst of 200 concurrent votes from 200 members: 200 stored exactly once, written in batches, the message updated at most once per batch, final counts right', async () => {
    const shortNames = Object.keys(orgs).sort((a, b) => orgs[a]! - orgs[b]!);
    const users = Array.from({ length: 200 }, (_, i) => `UBURST${String(i).padStart(4, '0')}`);
    await buildNetwork(t.byHand, users.map((user, i) => ({ user, org: shortNames[i % shortNames.length]!, locale: 'it' as const })), { now: clock.now() });
    const poll = await createPoll();
    await messageShows('0 risposte');
    const versionOf = async () => Number((await knex()('published_messages').where({ entity_type: 'poll', entity_id: poll.id }).first())!.version);
    const versionBefore = await versionOf();
    const updatesBefore = t.slack.callsTo('chat.update').length;
    // Every voter clicks twice at once (a double click): counted once.
    const clicks = users.flatMap((u, i) => [
      { u, option: poll.options[i % 2]!, id: `burst${i}a` },
      { u, option: poll.options[i % 2]!, id: `burst${i}b` },
    ]);
    const results = await Promise.all(
      clicks.map(({ u, option, id }) => t.postInteractive(blockActionPayload({ userId: u, actionId: `poll_vote:${option}`, channelId: CHANNEL, responseUrl: t.slack.responseUrl(id) }))),
    );
    expect(results.every((r) => r.status === 200)).toBe(true);
    // Every click is answered: its vote stored, or (none here) a refusal; no "temporarily unavailable".
    await waitFor(() => clicks.every(({ id }) => t.slack.responses.some((r) => r.path === `/response/${id}`)), 30_000, 'every click answered');
    const replies = t.slack.responses.filter((r) => r.path.startsWith('/response/burst')).map((r) => visibleText(r.body as { blocks?: unknown; text?: unknown }));
    expect(replies).toHaveLength(400);
    expect(replies.filter((r) => /non è stato|temporaneamente|non disponibile/i.test(r))).toEqual([]);
    const votes = await votesOf(poll.id);
    expect(votes).toHaveLength(200);
    expect(new Set(votes.map((v) => v.voter_user_id)).size).toBe(200);
    expect(votes.filter((v) => v.option_id === poll.options[0]).length).toBe(100);
    expect(await knex()('poll_participants').where({ poll_id: poll.id })).toHaveLength(200);
    expect(await listAudit(knex(), { action: 'poll.vote', entityId: poll.id })).toHaveLength(400);
    const text = await messageShows('200 risposte');
    expect(text).toContain('Hanno risposto 9 enti su 9');
    expect(text).toMatch(/\*Tirocini\*\n`█████░░░░░` 100 voti/);
    expect(text).toMatch(/\*Borse lavoro\*\n`█████░░░░░` 100 voti/);
    // Written in batches: the message was marked changed fewer times than there were clicks, and
    // updated at most once per mark (the publisher coalesces marks; about one update a second).
    const marks = (await versionOf()) - versionBefore;
    expect(marks).toBeGreaterThanOrEqual(1);
    expect(marks).toBeLessThan(clicks.length);
    const updates = t.slack.callsTo('chat.update').length - updatesBefore;
    expect(updates).toBeGreaterThanOrEqual(1);
    expect(updates).toBeLessThanOrEqual(marks);
  }, 120_000);
});
