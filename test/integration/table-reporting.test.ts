import { parse } from 'csv-parse/sync';
import { calendarDateIn } from '../../src/platform/time';
import { TestClock } from '../support/clock';
import { DATABASES } from '../support/databases';
import { TEST_TZ, italianDate as italian } from '../support/dates';
import { COORDINATOR, startTestApp, visibleText, waitFor, type TestApp } from '../support/harness';
import { buildNetwork } from '../support/network';
import { input } from '../support/slack-requests';

const UEPE_A = 'UUEPE01';
const UEPE_B = 'UUEPE02';
const CISL_A = 'UCISL01';
const LEGA_OBS = 'ULEGA01';
const CHANNEL = 'CTAVOLO';
const DAY = 86_400_000;
const HOME = { id: 'VHOME1', type: 'home' };

/**
 * The app's clock. It starts at the real time for now: the table area still reads the system clock
 * when it convenes a meeting (its "not in the past" check). Once it reads platform.clock, start it
 * at TEST_START like the other suites; every date below is derived from it already.
 */
const clock = new TestClock(new Date());

/** The calendar date `days` from the app's today. */
const dateIn = (days: number): string => calendarDateIn(new Date(clock.now().getTime() + days * DAY), TEST_TZ);

/** The date the meetings are convened for: two weeks ahead, so never in the past. */
const MEETING_DATE = dateIn(14);

describe.each(DATABASES)('the table in the digest, the App Home and the indicators (%s)', (kind) => {
  let t: TestApp;
  let orgIds: Record<string, number>;
  /** The meeting held two days ago (minutes recorded) and the next one (RSVPs from several organizations). */
  let held: number;
  let next: number;

  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
  });
  afterAll(async () => {
    await t.stop();
  });

  const knex = () => t.app.db.knex;
  const published = (user: string) => t.slack.callsTo('views.publish').filter((c) => c.args.user_id === user);
  const lastHome = (user: string) => {
    const calls = published(user);
    return calls.length ? (calls[calls.length - 1]!.args.view as { blocks: unknown[] }) : undefined;
  };

  async function convene(orgs: string[]): Promise<number> {
    const res = await t.submitView(
      COORDINATOR,
      'table_convene',
      {
        table_title: input.text(''),
        table_date: input.date(MEETING_DATE),
        table_start: input.time('10:00'),
        table_end: input.time('12:00'),
        table_place: input.text('Sala consiliare, Gorizia'),
        table_link: input.text(''),
        table_agenda: input.text('Apertura'),
        table_orgs: input.multi(orgs.map((o) => String(orgIds[o]))),
        table_channel: input.channel(CHANNEL),
      },
      JSON.stringify({ channelId: CHANNEL }),
    );
    expect(res.text).toBe('');
    return ((await knex()('meetings').orderBy('id', 'desc').first()) as { id: number }).id;
  }

  /** Waits for the next Home published for `user` after `before` publications; returns its view. */
  const nextHome = (user: string, before: number) =>
    waitFor(() => published(user)[before]?.args.view as { blocks: unknown[] } | undefined, 15_000, `home of ${user}`);
  async function openHome(user: string) {
    const before = published(user).length;
    await t.event('app_home_opened', user, { extra: { tab: 'home' } });
    return nextHome(user, before);
  }

  /** Answers, and waits for the refreshed Home that follows the answer. */
  async function rsvp(user: string, answer: 'yes' | 'no' | 'maybe', meetingId: number, fromHome = false) {
    // A refresh still pending from an earlier change (convening) is not the one this answer causes.
    await t.app.platform.homeTabs.idle();
    const before = published(user).length;
    const res = await t.action(user, `table_rsvp:${answer}`, { value: String(meetingId), ...(fromHome ? { view: HOME } : {}) });
    expect(res.status).toBe(200);
    const view = await nextHome(user, before);
    expect(await knex()('rsvps').where({ meeting_id: meetingId, user_id: user }).first()).toMatchObject({ response: answer });
    return view;
  }

  beforeEach(async () => {
    await t.reset();
    ({ orgs: orgIds } = await buildNetwork(t.byHand, [
      { user: UEPE_A, org: 'UEPE' },
      { user: UEPE_B, org: 'UEPE' },
      { user: CISL_A, org: 'CISL' },
      { user: LEGA_OBS, org: 'LEGACOOP', role: 'observer' },
    ]));
    const invited = ['PROV-GO', 'UEPE', 'CISL', 'LEGACOOP'];

    // A meeting that took place two days ago: minutes with attendees from PROV-GO and UEPE, two action items.
    // AGCI has nobody on Slack: invited to the meeting held, its representative came in person, and the minutes say so.
    held = await convene([...invited, 'AGCI']);
    // Convening refreshes the invited organizations' members' Home in the background: let those land too.
    for (const user of [UEPE_A, UEPE_B, CISL_A, LEGA_OBS]) await waitFor(() => published(user)[0], 15_000, `home of ${user} after convening`);
    const twoDaysAgo = clock.now().getTime() - 2 * DAY;
    await knex()('meetings').where({ id: held }).update({ starts_at: new Date(twoDaysAgo), ends_at: new Date(twoDaysAgo + 2 * 3600_000) });
    await t.app.platform.homeTabs.idle();
    t.slack.reset();
    const minutes = await t.submitView(
      COORDINATOR,
      'table_minutes',
      {
        table_attendees: { value: { type: 'multi_users_select', selected_users: [UEPE_A, COORDINATOR] } },
        table_attendee_orgs: input.multi([String(orgIds.AGCI)]),
        table_summary: input.text('Punto sui tirocini.'),
        table_decisions: input.text(''),
        table_action_text_0: input.text('Mappare i posti disponibili'),
        table_action_org_0: input.select(String(orgIds.UEPE)),
        table_action_owner_0: input.user(UEPE_B),
        table_action_due_0: input.date(dateIn(3)),
        table_action_text_1: input.text('Preparare la convenzione'),
        table_action_org_1: input.select(String(orgIds.CISL)),
        table_action_owner_1: input.user(null),
        table_action_due_1: input.date(dateIn(30)),
      },
      JSON.stringify({ meetingId: held }),
    );
    expect(minutes.text).toBe('');
    // The owners' App Home is refreshed with their new action items (the named person and the organizations' members).
    for (const owner of [UEPE_B, UEPE_A, CISL_A]) await waitFor(() => published(owner)[0], 15_000, `home of ${owner}`);
    expect(visibleText(lastHome(UEPE_B))).toContain('Mappare i posti disponibili');
    expect(published(LEGA_OBS)).toHaveLength(0);
    // The CISL item is now overdue.
    await knex()('action_items').where({ text: 'Preparare la convenzione' }).update({ due_date: dateIn(-3) });

    // The next meeting: answers from several organizations, PROV-GO silent.
    next = await convene(invited);
    await rsvp(UEPE_A, 'yes', next);
    await rsvp(CISL_A, 'maybe', next);
    await rsvp(LEGA_OBS, 'no', next);
    await t.app.platform.homeTabs.idle();
    t.slack.reset();
  });

  it('puts the next meeting with attendance per organization, action items and the week in numbers in the digest preview', async () => {
    const res = await t.command(COORDINATOR, '/riepilogo', 'anteprima');
    const text = visibleText(res.json);
    expect(text).toContain(`*Prossimo incontro del tavolo*\n*Tavolo interistituzionale ISO.NEW* · ${italian(MEETING_DATE)} ore 10:00 · Sala consiliare, Gorizia`);
    expect(text).toContain('1 ente confermato · 1 forse · 1 non partecipa · 1 senza risposta');
    for (const line of ['✅ *UEPE* · partecipa (1)', '❔ *CISL* · forse', '❌ *LEGACOOP* · non partecipa', '⏳ *PROV-GO* · nessuna risposta']) expect(text).toContain(line);
    expect(text).toContain(`*Azioni scadute* (1)\n• Preparare la convenzione · CISL · entro il ${italian(dateIn(-3))}`);
    expect(text).toContain(`*Azioni in scadenza questa settimana* (1)\n• Mappare i posti disponibili · <@${UEPE_B}> (UEPE) · entro il ${italian(dateIn(3))}`);
    expect(text).toContain('*La settimana in numeri*');
    expect(text).toContain('1 incontro');
    expect(text).toContain('1 azione scaduta');

    await t.byHand((db) => db('members').where({ user_id: COORDINATOR }).update({ locale: 'en' }));
    const en = visibleText((await t.command(COORDINATOR, '/riepilogo', 'preview')).json);
    expect(en).toContain('1 organization confirmed · 1 maybe · 1 declined · 1 not answered');
    expect(en).toContain('⏳ *PROV-GO* · no answer');
    expect(en).toContain('1 overdue action item');
  });

  it('shows a partner their next meeting with their RSVP and their action items, with buttons that work from the Home', async () => {
    let view = await openHome(UEPE_B);
    let text = visibleText(view);
    expect(text).toContain(`*Prossimo incontro*: Tavolo interistituzionale ISO.NEW · ${italian(MEETING_DATE)} ore 10:00 · Sala consiliare, Gorizia`);
    expect(text).toContain('La tua risposta: non ancora data');
    expect(text).toContain('Il tuo ente: partecipa');
    expect(text).toContain('*Le tue azioni* (1)');
    expect(text).toContain(`Mappare i posti disponibili · <@${UEPE_B}> (UEPE)`);
    expect(text).not.toContain('Preparare la convenzione');
    const json = JSON.stringify(view);
    expect(json).toContain(`"action_id":"table_rsvp:no","value":"${next}"`);
    expect(json).toContain('"action_id":"table_delegate_open"');
    const item = (await knex()('action_items').where({ text: 'Mappare i posti disponibili' }).first()) as { id: number };
    expect(json).toContain(`"action_id":"table_action_done","value":"${item.id}"`);

    // Answering from the Home: recorded, and the Home is published again with the answer.
    view = await rsvp(UEPE_B, 'no', next, true);
    expect(visibleText(view)).toContain('La tua risposta: no');
    expect(visibleText(view)).toContain('Il tuo ente: partecipa');

    // Marking the item done from the Home: done, and gone from the Home.
    const count = published(UEPE_B).length;
    await t.action(UEPE_B, 'table_action_done', { value: String(item.id), view: HOME });
    view = await nextHome(UEPE_B, count);
    expect(visibleText(view)).toContain('*Le tue azioni*: nessuna aperta.');
    expect(await knex()('action_items').where({ id: item.id }).first()).toMatchObject({ status: 'done', done_by: UEPE_B });

    // An organization not invited sees no meeting and no buttons.
    await knex()('meeting_invitations').where({ organization_id: orgIds.CISL }).delete();
    const cisl = await openHome(CISL_A);
    expect(visibleText(cisl)).toContain('*Prossimo incontro*: nessuno in calendario.');
    expect(JSON.stringify(cisl)).not.toContain('table_rsvp');
    expect(visibleText(cisl)).toContain('Preparare la convenzione');

    // A stale Home button (the organization is no longer invited) is answered by DM: a Home
    // click has neither a response_url nor a channel.
    const dms = t.slack.callsTo('chat.postMessage').length;
    await t.action(CISL_A, 'table_rsvp:yes', { value: String(next), view: HOME });
    const dm = await waitFor(() => t.slack.callsTo('chat.postMessage').slice(dms).find((c) => c.args.channel === `D${CISL_A}`));
    expect(String(dm.args.text)).toMatch(/invitat/);
  });

  it('refreshes the Home after a delegate is named, for both people', async () => {
    const [a, b] = [published(UEPE_A).length, published(UEPE_B).length];
    const res = await t.submitView(UEPE_A, 'table_delegate', { table_delegate_user: input.user(UEPE_B) }, JSON.stringify({ meetingId: next }));
    expect(res.text).toBe('');
    const home = visibleText(await nextHome(UEPE_A, a));
    expect(home).toContain('La tua risposta: partecipa un delegato');
    expect(home).toContain(`Delegato: <@${UEPE_B}>`);
    expect(visibleText(await nextHome(UEPE_B, b))).toContain('Il tuo ente: partecipa');
    // A delegate from another organization is refused on the field, and nobody's Home changes.
    const wrong = await t.submitView(UEPE_A, 'table_delegate', { table_delegate_user: input.user(CISL_A) }, JSON.stringify({ meetingId: next }));
    expect(wrong.json).toMatchObject({ response_action: 'errors', errors: { table_delegate_user: expect.stringContaining('non è un referente del tuo ente') } });
    expect(published(CISL_A)).toHaveLength(0);
  });

  it('gives a coordinator the table’s network-wide indicators on the Home', async () => {
    const text = visibleText(await openHome(COORDINATOR));
    expect(text).toContain('Indicatori della rete');
    expect(text).toContain('Incontri del tavolo quest’anno\n1');
    // Held meeting: 4 organizations invited, PROV-GO and UEPE among the attendees.
    // PROV-GO, UEPE and AGCI (nobody on Slack, present) of five invited.
    expect(text).toMatch(/Presenza agli incontri \(quest’anno\)\n60\s?%/);
    expect(text).toContain('Prossimo incontro\n1 ente confermato su 4');
    expect(text).toContain('Azioni scadute\n1');
    expect(text).toContain('La tua risposta: non ancora data');
  });

  it('reports meetings held and attendance per organization in the indicators and their CSV', async () => {
    const res = await t.command(COORDINATOR, '/riepilogo', `indicatori ${dateIn(-30)} ${dateIn(0)}`);
    const text = visibleText(res.json);
    expect(text).toContain('*Incontri del tavolo svolti*: 1');
    expect(text).toContain('• UEPE: presente a 1 su 1 (100 %)');
    expect(text).toContain('• CISL: presente a 0 su 1 (0 %)');
    // An organization with nobody on Slack that the minutes record present is not counted absent.
    expect(text).toContain('• AGCI: presente a 1 su 1 (100 %)');
    const upload = await waitFor(() => t.slack.callsTo('upload')[0]);
    const rows = parse(String(upload.args.content), { bom: true, delimiter: ';', columns: true }) as Array<Record<string, string>>;
    const meetings = rows.filter((r) => r.sezione === 'incontri');
    const value = (indicator: string, dimension: string) => meetings.find((r) => r.indicatore === indicator && r.dimensione === dimension)?.valore;
    expect(value('incontri svolti', 'tutti')).toBe('1');
    expect(value('tasso di presenza (%)', 'PROV-GO')).toBe('100');
    expect(value('tasso di presenza (%)', 'UEPE')).toBe('100');
    expect(value('tasso di presenza (%)', 'CISL')).toBe('0');
    expect(value('tasso di presenza (%)', 'LEGACOOP')).toBe('0');
    expect(value('incontri con invito', 'LEGACOOP')).toBe('1');
    expect(value('incontri con presenza', 'UEPE')).toBe('1');

    // A range without meetings held.
    const empty = visibleText((await t.command(COORDINATOR, '/riepilogo', 'indicatori 2020-01-01 2020-12-31')).json);
    expect(empty).toContain('*Incontri del tavolo svolti*: 0');
  });

  it('refreshes the Home of the invited organizations’ members when a meeting is convened and when it is cancelled', async () => {
    // The Home shows only the next meeting (an earlier one here): what matters is that it is published again.
    const [cisl, uepe] = [published(CISL_A).length, published(UEPE_A).length];
    const extra = await convene(['CISL']);
    await nextHome(CISL_A, cisl);
    const afterConvene = published(CISL_A).length;
    await t.action(COORDINATOR, 'table_cancel', { value: String(extra), channelId: CHANNEL });
    await nextHome(CISL_A, afterConvene);
    // UEPE was not invited to this meeting: its members' Home is left alone.
    expect(published(UEPE_A)).toHaveLength(uepe);
  });
});
