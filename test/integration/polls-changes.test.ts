import { networkSuite } from '../support/network-suite';
import { DATABASES } from '../support/databases';
import { TestClock } from '../support/clock';
import { COORDINATOR, visibleText, waitFor, type TestApp } from '../support/harness';
import { type TestMember } from '../support/network';
import { blockActionPayload, input } from '../support/slack-requests';
import { clickReply, pollFormValues, type FormValues } from '../support/polls';
import type { SlackCall } from '../support/fake-slack';
import { listAudit } from '../../src/platform/audit/audit-store';
import { dayjs } from '../../src/platform/time';

const UEPE1 = 'UCHUEPE1';
const UEPE2 = 'UCHUEPE2';
const CISL1 = 'UCHCISL1';
const LEGA1 = 'UCHLEGA1';
const CHANNEL = 'CPOLLCH1';
const HOUR = 60 * 60 * 1000;

const MEMBERS: TestMember[] = [
  { user: UEPE1, org: 'UEPE' },
  { user: UEPE2, org: 'UEPE' },
  { user: CISL1, org: 'CISL' },
  { user: LEGA1, org: 'LEGACOOP' },
];

type Button = { type: string; action_id: string; text: { text: string } };

/**
 * Issue 15, polls: a voter sees their own choice and can withdraw it (poll message, confirmation,
 * App Home; anonymous polls too); a date poll shows who answered what, "no" included; "Sollecita"
 * sends at most once per 24 hours per poll and the poll shows when it last sent.
 */
describe.each(DATABASES)('polls: withdraw, own choice, answers per slot, reminder limit (%s)', (kind) => {
  let t: TestApp;
  const clock = new TestClock();
  let orgs: Record<string, number> = {};
  const knex = () => t.app.db.knex;

  const suite = networkSuite(kind, clock, MEMBERS);
  beforeEach(() => {
    ({ app: t, orgs } = suite);
    t.slack.reset();
    t.slack.setClock(() => clock.now().getTime());
  });

  type Reply = { text: string; blocks: Array<{ type: string; elements?: Button[]; accessory?: Button }> };
  const clickFull = async (user: string, actionId: string) => (await clickReply(t, user, actionId, CHANNEL)) as Reply;
  const click = async (user: string, actionId: string) => (await clickFull(user, actionId)).text;

  async function createPoll(overrides: FormValues = {}) {
    const values = pollFormValues(CHANNEL, { poll_question: input.text('Quale tema al primo punto?'), ...overrides });
    const res = await t.submitView(COORDINATOR, 'poll_new', values, JSON.stringify({ channelId: CHANNEL }));
    expect(res.status).toBe(200);
    const poll = (await knex()('polls').orderBy('id', 'desc').first())!;
    const options = await knex()('poll_options').where({ poll_id: poll.id }).orderBy('position');
    await waitFor(() => t.slack.callsTo('chat.postMessage').find((c) => c.args.channel === CHANNEL), 5000, 'poll message');
    return { id: poll.id, options: options.map((o) => o.id) };
  }

  const pollMessages = (): SlackCall[] => t.slack.calls.filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.args.channel === CHANNEL && !c.args.thread_ts);
  async function messageShows(text: string | RegExp): Promise<string> {
    const call = await waitFor(() => {
      const last = pollMessages().at(-1);
      const shown = last ? visibleText(last.args) : '';
      return last && (typeof text === 'string' ? shown.includes(text) : text.test(shown)) ? last : undefined;
    }, 5000, `poll message showing ${text}`);
    return visibleText(call.args);
  }
  const lastMessageButtons = () => (pollMessages().at(-1)!.args.blocks as Array<{ type: string; elements?: Button[] }>).filter((b) => b.type === 'actions').flatMap((b) => b.elements ?? []);
  const votesOf = (pollId: number) => knex()('poll_votes').where({ poll_id: pollId });
  const homeOf = (user: string) => t.slack.callsTo('views.publish').filter((c) => c.args.user_id === user).at(-1)?.args.view as { blocks: Array<{ type: string; accessory?: Button }> } | undefined;
  const dmsTo = () => t.slack.callsTo('chat.postMessage').filter((c) => String(c.args.channel).startsWith('D'));
  const romeDate = (days: number) => dayjs(clock.now()).tz('Europe/Rome').add(days, 'day').format('YYYY-MM-DD');

  it('withdraw from the poll message or the confirmation: the vote, the participation and the counts go; refused when there is nothing to withdraw or the poll is closed', async () => {
    const poll = await createPoll();
    expect(lastMessageButtons().map((b) => b.action_id)).toContain(`poll_withdraw:${poll.id}`);
    const receipt = await clickFull(UEPE1, `poll_vote:${poll.options[1]}`);
    expect(receipt.text).toContain('Voto registrato: *Borse lavoro*');
    // The confirmation carries the withdraw button.
    const buttons = receipt.blocks.flatMap((b) => b.elements ?? []);
    expect(buttons.map((b) => [b.action_id, b.text.text])).toEqual([[`poll_withdraw:${poll.id}`, 'Ritira il mio voto']]);
    await click(CISL1, `poll_vote:${poll.options[0]}`);
    await messageShows('2 risposte');

    expect(await click(UEPE1, `poll_withdraw:${poll.id}`)).toBe(`Voto ritirato dal sondaggio n. ${poll.id} (era: *Borse lavoro*). Puoi votare di nuovo fino alla scadenza.`);
    expect((await votesOf(poll.id)).map((v) => v.voter_user_id)).toEqual([CISL1]);
    expect((await knex()('poll_participants').where({ poll_id: poll.id })).map((p) => p.participant)).toEqual([`user:${CISL1}`]);
    const text = await messageShows('1 risposta');
    expect(text).toMatch(/\*Borse lavoro\*\n`░+` 0 voti/);
    const audit = await listAudit(knex(), { action: 'poll.withdraw' });
    expect(audit).toEqual([expect.objectContaining({ actorUserId: UEPE1, entityId: String(poll.id), before: { votes: [{ optionId: poll.options[1], answer: 'yes' }] } })]);

    // Nothing to withdraw (again, or never voted): said so, nothing changes.
    expect(await click(UEPE1, `poll_withdraw:${poll.id}`)).toContain(`Non c’è nessun tuo voto da ritirare nel sondaggio n. ${poll.id}`);
    expect(await click(LEGA1, `poll_withdraw:${poll.id}`)).toContain('Non c’è nessun tuo voto da ritirare');
    // A vote again after withdrawing is a first vote.
    expect(await click(UEPE1, `poll_vote:${poll.options[2]}`)).toContain('Voto registrato: *Formazione*');
    await click(COORDINATOR, `poll_close:${poll.id}`);
    expect(await click(UEPE1, `poll_withdraw:${poll.id}`)).toContain(`Il sondaggio n. ${poll.id} è chiuso: il voto non si può più ritirare`);
    expect(await votesOf(poll.id)).toHaveLength(2);
    expect(await listAudit(knex(), { action: 'poll.withdraw' })).toHaveLength(1);
    // A closed poll offers no withdraw button.
    await messageShows('(chiuso)');
    expect(lastMessageButtons().map((b) => b.action_id)).not.toContain(`poll_withdraw:${poll.id}`);
  });

  it('the confirmation names every choice (multiple choice, dates), in English too; after the deadline a withdrawal is refused', async () => {
    const poll = await createPoll({ poll_settings: input.checkboxes(['multiple']) });
    await click(UEPE1, `poll_vote:${poll.options[0]}`);
    expect(await click(UEPE1, `poll_vote:${poll.options[2]}`)).toBe('Aggiunto: *Formazione*.\nLa tua risposta ora: *Tirocini*, *Formazione*.\nRitira il mio voto');
    expect(await click(UEPE1, `poll_vote:${poll.options[0]}`)).toContain('La tua risposta ora: *Formazione*.');
    const emptied = await clickFull(UEPE1, `poll_vote:${poll.options[2]}`);
    expect(emptied.text).toBe('Tolto: *Formazione*.\nOra non hai nessuna scelta in questo sondaggio.');
    expect(emptied.blocks.flatMap((b) => b.elements ?? [])).toEqual([]);

    const d1 = romeDate(10);
    const d2 = romeDate(11);
    const dates = await createPoll({
      poll_kind: input.radio('date'),
      poll_options: input.text(''),
      poll_slots: input.text(`${d1} 10:00 120\n${d2} 15:00 60`),
      poll_deadline_date: input.date(romeDate(2)),
      poll_deadline_time: input.time('18:00'),
    });
    await click(CISL1, `poll_vote:${dates.options[0]}:yes`);
    const both = await click(CISL1, `poll_vote:${dates.options[1]}:no`);
    expect(both).toMatch(/hai risposto \*No\*\.\nLa tua risposta ora: .+, 10:00–12:00 \*Sì\*; .+, 15:00–16:00 \*No\*\./);
    t.slack.setUserLocale(LEGA1, 'en-US');
    await t.byHand((db) => db('members').update({ locale_checked_at: null }));
    await click(LEGA1, `poll_vote:${dates.options[0]}:maybe`);
    expect(await click(LEGA1, `poll_withdraw:${dates.id}`)).toMatch(/^Vote withdrawn from poll no\. \d+ \(it was: .+ \*If needed\*\)\. You can vote again until the deadline\.$/);
    expect(await click(LEGA1, `poll_withdraw:${dates.id}`)).toContain(`You have no vote to withdraw in poll no. ${dates.id}`);
    const closesAt = (await knex()('polls').where({ id: dates.id }).first())!.closes_at!.getTime();
    clock.set(new Date(closesAt + 60_000));
    expect(await click(CISL1, `poll_withdraw:${dates.id}`)).toContain(`La scadenza del sondaggio n. ${dates.id} è passata: il voto non si può più ritirare`);
    expect(await votesOf(dates.id)).toHaveLength(2);
  });

  it('per organization: the App Home shows what the organization answered, and a member withdraws the organization’s vote', async () => {
    const poll = await createPoll({ poll_scope: input.radio('organization') });
    await click(UEPE1, `poll_vote:${poll.options[0]}`);
    // A colleague's App Home shows what their organization answered.
    await t.app.platform.homeTabs.idle();
    await t.app.platform.homeTabs.publish(UEPE2);
    expect(visibleText(homeOf(UEPE2))).toContain('Quale tema al primo punto? · UEPE ha risposto: *Tirocini*');
    expect(await click(UEPE2, `poll_withdraw:${poll.id}`)).toContain(`Voto di *UEPE* ritirato dal sondaggio n. ${poll.id} (era: *Tirocini*)`);
    expect(await votesOf(poll.id)).toHaveLength(0);
    expect(await knex()('poll_participants').where({ poll_id: poll.id })).toHaveLength(0);
    await messageShows('Hanno risposto 0 enti su 9');
  });

  it('anonymous: the App Home shows “hai risposto: …” and withdraws from there; nothing stored names the voter, the audit row has no option', async () => {
    const uepe = orgs.UEPE!;
    const poll = await createPoll({ poll_settings: input.checkboxes(['anonymous']), poll_organizations: input.multi([String(uepe)]) });
    const receipt = await clickFull(UEPE1, `poll_vote:${poll.options[1]}`);
    expect(receipt.blocks.flatMap((b) => b.elements ?? []).map((b) => b.action_id)).toEqual([`poll_withdraw:${poll.id}`]);
    await t.app.platform.homeTabs.idle();
    await t.app.platform.homeTabs.publish(UEPE1);
    await t.app.platform.homeTabs.publish(UEPE2);
    const home = homeOf(UEPE1)!;
    expect(visibleText(home)).toContain('*Sondaggio aperto a cui hai risposto* (1)');
    expect(visibleText(home)).toContain('Quale tema al primo punto? · hai risposto: *Borse lavoro*');
    const homeButton = home.blocks.find((b) => b.accessory?.action_id === `poll_withdraw:${poll.id}`);
    expect(homeButton?.accessory?.text.text).toBe('Ritira il mio voto');
    // The colleague who has not voted sees it among the polls to vote on, not as answered.
    expect(visibleText(homeOf(UEPE2))).not.toContain('hai risposto');
    expect(visibleText(homeOf(UEPE2))).toContain('Quale tema al primo punto?');
    await messageShows('1 risposta');

    // The Home's button: no response_url, no channel, so the answer comes by DM.
    const res = await t.postInteractive(blockActionPayload({ userId: UEPE1, actionId: `poll_withdraw:${poll.id}`, value: String(poll.id), responseUrl: '', view: { id: 'VHOME1', type: 'home' } }));
    expect(res.status).toBe(200);
    const dm = await waitFor(() => dmsTo().find((c) => visibleText(c.args).includes('Voto ritirato')), 5000, 'withdrawal by DM');
    expect(visibleText(dm.args)).toContain('(era: *Borse lavoro*)');
    expect(await votesOf(poll.id)).toHaveLength(0);
    await messageShows('0 risposte');
    await t.app.platform.homeTabs.idle();
    await t.app.platform.homeTabs.publish(UEPE1);
    expect(visibleText(homeOf(UEPE1))).not.toContain('hai risposto');
    expect(visibleText(homeOf(UEPE1))).toContain('Sondaggi in cui puoi votare');
    const audit = await listAudit(knex(), { action: 'poll.withdraw' });
    expect(audit).toEqual([expect.objectContaining({ actorUserId: 'anonymous', before: null, after: null })]);
    expect(await knex()('poll_participants').where({ poll_id: poll.id })).toHaveLength(0);
    expect(await click(UEPE1, `poll_withdraw:${poll.id}`)).toContain('Non c’è nessun tuo voto da ritirare');
  });

  it('a date poll that is not anonymous shows who answered what for each slot, “no” included; an anonymous one names nobody', async () => {
    const slots = input.text(`${romeDate(10)} 10:00 120\n${romeDate(11)} 09:00 60`);
    const poll = await createPoll({ poll_kind: input.radio('date'), poll_options: input.text(''), poll_slots: slots });
    const [s1, s2] = poll.options;
    await click(UEPE1, `poll_vote:${s1}:yes`);
    await click(CISL1, `poll_vote:${s1}:no`);
    await click(LEGA1, `poll_vote:${s1}:maybe`);
    await click(UEPE1, `poll_vote:${s2}:no`);
    const text = await messageShows(/Sì 1 · Se necessario 1 · No 1[^]*Sì 0 · Se necessario 0 · No 1/);
    expect(text).toContain(`Sì: <@${UEPE1}>\nSe necessario: <@${LEGA1}>\nNo: <@${CISL1}>`);
    expect(text).toContain(`Sì 0 · Se necessario 0 · No 1\nNo: <@${UEPE1}>`);

    const byOrganization = await createPoll({ poll_kind: input.radio('date'), poll_options: input.text(''), poll_slots: slots, poll_scope: input.radio('organization') });
    await click(UEPE2, `poll_vote:${byOrganization.options[0]}:no`);
    await click(CISL1, `poll_vote:${byOrganization.options[0]}:yes`);
    await waitFor(() => pollMessages().some((c) => visibleText(c.args).includes(`Sondaggio n. ${byOrganization.id}`) && visibleText(c.args).includes('No: UEPE')), 5000, 'organizations per slot');

    const anonymous = await createPoll({ poll_kind: input.radio('date'), poll_options: input.text(''), poll_slots: slots, poll_settings: input.checkboxes(['anonymous']) });
    await click(UEPE1, `poll_vote:${anonymous.options[0]}:no`);
    await click(CISL1, `poll_vote:${anonymous.options[0]}:yes`);
    const shown = await waitFor(() => pollMessages().find((c) => visibleText(c.args).includes(`Sondaggio n. ${anonymous.id}`) && visibleText(c.args).includes('2 risposte')), 5000, 'anonymous counts');
    expect(visibleText(shown.args)).toContain('Sì 1 · Se necessario 0 · No 1');
    expect(visibleText(shown.args)).not.toMatch(/(Sì|No): /);
    expect(visibleText(shown.args)).not.toContain(UEPE1);
  });

  it('Sollecita sends at most once per 24 hours per poll, even on a double click; the refusal says when it last sent and when it can send again; the message shows it', async () => {
    const poll = await createPoll({ poll_organizations: input.multi([String(orgs.UEPE), String(orgs.CISL)]) });
    await click(UEPE1, `poll_vote:${poll.options[0]}`);
    // A double click: both requests at once; the database lets one through.
    const both = await Promise.all([click(COORDINATOR, `poll_remind:${poll.id}`), click(COORDINATOR, `poll_remind:${poll.id}`)]);
    const sent = both.filter((r) => r.includes('Sollecito inviato a 2 persone'));
    const refused = both.filter((r) => r.includes('è già stato inviato il'));
    expect([sent.length, refused.length]).toEqual([1, 1]);
    // When it sent (the test clock runs on, so read it back), and 24 hours later.
    const at = dayjs((await knex()('polls').where({ id: poll.id }).first())!.reminded_at!).tz('Europe/Rome');
    const when = (d: typeof at) => d.format('DD/MM/YYYY [ore] HH:mm');
    expect(refused[0]).toBe(`Il sollecito del sondaggio n. ${poll.id} è già stato inviato il ${when(at)}: si può inviare di nuovo dal ${when(at.add(1, 'day'))}. Non ho inviato nulla.`);
    await t.app.platform.outbox.flush();
    expect(dmsTo().map((c) => c.args.channel)).toHaveLength(2);
    expect(await listAudit(knex(), { action: 'poll.remind' })).toHaveLength(1);
    expect(await messageShows(`Ultimo sollecito ${when(at)}`)).toContain('Sollecita');

    clock.advance(23 * HOUR);
    t.slack.setUserLocale(COORDINATOR, 'en-US');
    await t.byHand((db) => db('members').update({ locale_checked_at: null }));
    expect(await click(COORDINATOR, `poll_remind:${poll.id}`)).toMatch(new RegExp(`^The reminder of poll no\\. ${poll.id} was already sent on .+: it can be sent again from .+\\. Nothing was sent\\.$`));
    await t.app.platform.outbox.flush();
    expect(dmsTo()).toHaveLength(2);

    clock.advance(HOUR);
    expect(await click(COORDINATOR, `poll_remind:${poll.id}`)).toContain('Reminder sent to 2 people');
    await t.app.platform.outbox.flush();
    expect(dmsTo()).toHaveLength(4);
    // The app's (test) clock runs on: the second sending is the one recorded.
    const remindedAt = (await knex()('polls').where({ id: poll.id }).first())!.reminded_at!.getTime();
    expect(remindedAt).toBeGreaterThan(at.valueOf() + 24 * HOUR - 1);
    expect(remindedAt).toBeLessThanOrEqual(clock.now().getTime());
  });

  it('Sollecita with everyone answered sends nothing and does not use up the 24 hours', async () => {
    const poll = await createPoll({ poll_organizations: input.multi([String(orgs.LEGACOOP)]) });
    expect(await click(COORDINATOR, `poll_remind:${poll.id}`)).toContain('Sollecito inviato a 1 persona');
    const remindedAt = async () => (await knex()('polls').where({ id: poll.id }).first())!.reminded_at!.getTime();
    const first = await remindedAt();
    await click(LEGA1, `poll_vote:${poll.options[0]}`);
    clock.advance(25 * HOUR);
    expect(await click(COORDINATOR, `poll_remind:${poll.id}`)).toContain('Hanno già risposto tutti');
    expect(await remindedAt()).toBe(first);
  });
});
