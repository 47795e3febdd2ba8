import { listAudit } from '../../src/platform/audit/audit-store';
import { calendarDateIn } from '../../src/platform/time';
import { TEST_START, TestClock } from '../support/clock';
import { DATABASES } from '../support/databases';
import { COORDINATOR, startTestApp, visibleText, waitFor, type TestApp } from '../support/harness';
import { addDays, italianDate, lastSundayOf, TEST_TZ } from '../support/dates';
import { parseIcs } from '../support/ics';
import { buildNetwork } from '../support/network';
import { input } from '../support/slack-requests';

const UEPE_A = 'UUEPE01';
const UEPE_B = 'UUEPE02';
const CISL_A = 'UCISL01';
const LEGA_OBS = 'ULEGA01';
const OUTSIDER = 'UOUTSIDE1';
const CHANNEL = 'CTAVOLO';
const DAY = 86_400_000;
const HOUR = 3_600_000;

/** The app's time: every test starts at TEST_START, and reminder tests move it as the scheduler would call the job. */
const clock = new TestClock();
/** The calendar date `days` from the app's "now", in the app's zone. */
const dateIn = (days: number): string => calendarDateIn(new Date(clock.now().getTime() + days * DAY), TEST_TZ);
/** The first last Sunday of `month` (1–12) at least three days after TEST_START: the day summer time starts (3) or ends (10). */
function nextLastSunday(month: number): string {
  const earliest = calendarDateIn(new Date(TEST_START.getTime() + 3 * DAY), TEST_TZ);
  const year = Number(earliest.slice(0, 4));
  const thisYear = lastSundayOf(year, month);
  return thisYear >= earliest ? thisYear : lastSundayOf(year + 1, month);
}
/** Due dates of action items, ahead of today. */
const DUE_FIRST = dateIn(30);
const DUE_SECOND = dateIn(60);
const POLL_DATE = dateIn(10);
const UID = (id: number) => `isonew-tavolo-${id}@isonew.app`;

// Every date is relative to the test clock's start, so no test depends on today's date.
/** The next day summer time starts (10:00 is then CEST, UTC+2), and the Saturday before it (CET, UTC+1). */
const SPRING = nextLastSunday(3);
const SPRING_SAT = addDays(SPRING, -1);
/** The next day summer time ends (10:00 is then CET), and the Saturday before it (still CEST). */
const AUTUMN = nextLastSunday(10);
const AUTUMN_SAT = addDays(AUTUMN, -1);
const day = (iso: string) => Number(iso.slice(8, 10));
const year = (iso: string) => iso.slice(0, 4);
/** An instant given in UTC on a calendar date. */
const utc = (iso: string, hhmm: string) => new Date(`${iso}T${hhmm}:00Z`);

type View = { callback_id: string; private_metadata: string; title?: { text: string }; blocks: Array<Record<string, unknown> & { block_id?: string; element?: Record<string, unknown> }> };

describe.each(DATABASES)('/tavolo, the inter-institutional table (%s)', (kind) => {
  let t: TestApp;
  let orgIds: Record<string, number>;

  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(async () => {
    clock.set(TEST_START);
    await t.reset();
    const network = await buildNetwork(
      (write) => t.byHand(write),
      [
        { user: UEPE_A, org: 'UEPE' },
        { user: UEPE_B, org: 'UEPE' },
        { user: CISL_A, org: 'CISL' },
        { user: LEGA_OBS, org: 'LEGACOOP', role: 'observer' },
      ],
      { now: clock.now() },
    );
    orgIds = network.orgs;
    t.slack.reset();
    // Slack stamps posts with the app's time, so looking for an earlier post finds what the app posted.
    t.slack.setClock(() => clock.now().getTime());
  });

  const knex = () => t.app.db.knex;
  const reminderJob = () => t.app.areas.table.jobs.find((j) => j.name === 'table-reminders')!;
  /** The reminder job at `at` (the clock moves there first, as when the scheduler calls it), then the outbox delivers what is due. */
  async function runJob(at: Date) {
    clock.set(at);
    const report = await reminderJob().run(at);
    await t.app.platform.outbox.flush(at);
    return report;
  }
  /** The meeting took place: it started three hours ago and ended an hour ago. */
  const hold = (id: number) => knex()('meetings').where({ id }).update({ starts_at: new Date(clock.now().getTime() - 3 * HOUR), ends_at: new Date(clock.now().getTime() - HOUR) });
  const dmChannel = (user: string) => `D${user.slice(0, 10)}`;
  const dmsTo = (user: string) => t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === dmChannel(user));
  /** Files the app sent to a person's DM, with their comment (a change notice is the calendar file itself). */
  const fileDmsTo = (user: string) => t.slack.callsTo('files.completeUploadExternal').filter((c) => c.args.channel_id === dmChannel(user));
  const commentOf = (call: { args: Record<string, unknown> }) => String(call.args.initial_comment ?? '');
  /** The notice as posted and updated in the channel (not the replies in its thread). */
  const noticeCalls = () => t.slack.calls.filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.args.channel === CHANNEL && !c.args.thread_ts);
  const latestNotice = () => {
    const calls = noticeCalls();
    return calls.length ? visibleText(calls[calls.length - 1]!.args) : '';
  };
  const noticeShows = (...parts: string[]) => waitFor(() => parts.every((p) => latestNotice().includes(p)), 5000, `notice showing ${parts.join(', ')}`);
  /** Clicks a button (the ack comes first, the handler then replies through response_url); resolves with the reply. */
  async function act(user: string, actionId: string, options: Parameters<TestApp['action']>[2] = {}): Promise<string> {
    const before = t.slack.responses.length;
    const res = await t.action(user, actionId, options);
    expect(res.status).toBe(200);
    const reply = await waitFor(() => t.slack.responses[before], 5000, `reply to ${actionId}`);
    return visibleText(reply.body);
  }

  function conveneValues(overrides: Record<string, Record<string, unknown>> = {}) {
    return {
      table_title: input.text(''),
      table_date: input.date(SPRING),
      table_start: input.time('10:00'),
      table_end: input.time('12:00'),
      table_place: input.text('Sala consiliare, Corso Italia 55, Gorizia'),
      table_link: input.text(''),
      table_agenda: input.text('Apertura dei lavori\n2. Tirocini in corso\n- Varie'),
      table_orgs: input.multi([String(orgIds['PROV-GO']), String(orgIds.UEPE), String(orgIds.CISL), String(orgIds.LEGACOOP)]),
      table_channel: input.channel(CHANNEL),
      ...overrides,
    };
  }

  async function convene(overrides: Record<string, Record<string, unknown>> = {}): Promise<number> {
    const res = await t.submitView(COORDINATOR, 'table_convene', conveneValues(overrides), JSON.stringify({ channelId: CHANNEL }));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const row = await knex()('meetings').orderBy('id', 'desc').first();
    await waitFor(() => noticeCalls().length > 0, 5000, 'notice posted');
    // The coordinator's confirmation DM goes out now, not during what the test does next.
    await t.app.platform.outbox.flush();
    return row!.id;
  }

  async function icsFor(user: string, meetingId: number) {
    // Calendar files only: an App Home refresh may upload its chart pictures meanwhile.
    const icsUploads = () => t.slack.callsTo('upload').filter((u) => String(u.args.filename).endsWith('.ics'));
    const before = icsUploads().length;
    await act(user, 'table_ics', { value: String(meetingId) });
    const upload = await waitFor(() => icsUploads()[before], 5000, 'ics upload');
    expect(upload.args.filename).toBe(`tavolo-${meetingId}.ics`);
    return { text: String(upload.args.content), parsed: parseIcs(String(upload.args.content)) };
  }

  it('opens the convene modal with the default title and every active organization pre-selected', async () => {
    const res = await t.command(COORDINATOR, '/tavolo', 'convoca', { channelId: CHANNEL });
    expect(res.status).toBe(200);
    const open = await waitFor(() => t.slack.callsTo('views.open')[0]);
    const view = open.args.view as View;
    expect(view.callback_id).toBe('table_convene');
    expect(view.blocks.map((b) => b.block_id)).toEqual(['table_title', 'table_date', 'table_start', 'table_end', 'table_place', 'table_link', 'table_agenda', 'table_orgs', 'table_channel']);
    expect(view.blocks[0]!.element!.initial_value).toBe('Tavolo interistituzionale ISO.NEW');
    const orgs = view.blocks.find((b) => b.block_id === 'table_orgs')!.element as { options: unknown[]; initial_options: unknown[] };
    expect(orgs.initial_options).toHaveLength(9);
    expect(view.blocks.find((b) => b.block_id === 'table_channel')!.element!.initial_conversation).toBe(CHANNEL);
    expect(visibleText((await t.command(COORDINATOR, '/tavolo', 'new')).json)).toBe('');
  });

  it('convenes a meeting: stored in UTC, notice posted with the numbered agenda and per-organization attendance', async () => {
    const id = await convene();
    const meeting = await knex()('meetings').where({ id }).first();
    expect(new Date(meeting!.starts_at).toISOString()).toBe(`${SPRING}T08:00:00.000Z`); // 10:00 CEST, the day DST starts
    expect(meeting).toMatchObject({ title: 'Tavolo interistituzionale ISO.NEW', status: 'scheduled', channel_id: CHANNEL, sequence: 0 });
    expect((await knex()('agenda_items').where({ meeting_id: id }).orderBy('position')).map((a: { text: string }) => a.text)).toEqual(['Apertura dei lavori', 'Tirocini in corso', 'Varie']);
    expect(await knex()('meeting_invitations').where({ meeting_id: id })).toHaveLength(4);
    await noticeShows('Convocazione: Tavolo interistituzionale ISO.NEW', `domenica ${day(SPRING)} marzo ${year(SPRING)}, 10:00–12:00`, 'Sala consiliare', '*1.* Apertura dei lavori', '*3.* Varie', '⏳ *UEPE* · nessuna risposta', '0 confermati');
    const post = noticeCalls()[0]!;
    const buttons = JSON.stringify(post.args.blocks);
    for (const label of ['Partecipo', 'Non partecipo', 'Forse', 'Partecipa un delegato', 'Calendario (.ics)', 'Modifica', 'Annulla']) expect(buttons).toContain(label);
    expect(await waitFor(() => dmsTo(COORDINATOR)[0])).toBeTruthy();
    expect(String(dmsTo(COORDINATOR)[0]!.args.text)).toContain(`Tavolo n. ${id} convocato`);
    expect(String(dmsTo(COORDINATOR)[0]!.args.text)).toContain(`La convocazione sarà pubblicata in <#${CHANNEL}>`);
    expect((await listAudit(knex(), { entity: 'meeting', entityId: id })).map((a) => a.action)).toEqual(['meeting.convene']);
  });

  it.each([
    [{ table_end: input.time('09:00') }, { table_end: 'L’ora di fine deve essere dopo l’ora di inizio.' }],
    [{ table_date: input.date(dateIn(-1)) }, { table_date: 'La data e l’ora di inizio sono già passate: scegli un momento futuro.' }],
    [{ table_link: input.text('meet punto example') }, { table_link: 'Il link non è un indirizzo web valido (deve iniziare con https://).' }],
    [{ table_place: input.text(''), table_orgs: input.multi([]) }, { table_place: 'Indica il luogo oppure il link della videoconferenza.', table_orgs: 'Scegli almeno un ente da invitare.' }],
    [{ table_agenda: input.text('Caso di mario.rossi@example.org') }, { table_agenda: expect.stringContaining('indirizzo e-mail') }],
    [{ table_date: input.date(null), table_start: input.time(null) }, { table_date: 'Scegli la data.', table_start: 'Scegli l’ora di inizio.' }],
  ])('refuses invalid input on the field and stores nothing (%#)', async (overrides, errors) => {
    const res = await t.submitView(COORDINATOR, 'table_convene', conveneValues(overrides));
    expect(res.json).toEqual({ response_action: 'errors', errors });
    expect(await knex()('meetings')).toHaveLength(0);
  });

  it('accepts a video link alone, and answers in English', async () => {
    // The locale Slack gives is cached on the member; this one reads English.
    t.slack.setUserLocale(COORDINATOR, 'en-US');
    await t.byHand((db) => db('members').where({ user_id: COORDINATOR }).update({ locale: 'en' }));
    const res = await t.submitView(COORDINATOR, 'table_convene', conveneValues({ table_end: input.time('09:30') }));
    expect(res.json).toEqual({ response_action: 'errors', errors: { table_end: 'The end time must be after the start time.' } });
    await convene({ table_place: input.text(''), table_link: input.text('https://meet.example.org/isonew-tavolo') });
    // The channel notice is in the default language; the link is a link.
    await noticeShows('<https://meet.example.org/isonew-tavolo|videoconferenza>');
    const help = await t.command(COORDINATOR, '/tavolo', 'help');
    expect(visibleText(help.json)).toContain('`/tavolo agenda <n> <text>`');
  });

  it('records RSVPs from several organizations and shows attendance per organization, updated in place', async () => {
    const id = await convene();
    expect(await act(UEPE_A, 'table_rsvp:yes', { value: String(id) })).toContain(`partecipi al tavolo n. ${id}`);
    await act(CISL_A, 'table_rsvp:maybe', { value: String(id) });
    await act(LEGA_OBS, 'table_rsvp:no', { value: String(id) });
    await noticeShows(`✅ *UEPE* · confermato: <@${UEPE_A}>`, '❔ *CISL* · forse', '❌ *LEGACOOP* · non partecipa', '⏳ *PROV-GO* · nessuna risposta', '1 confermato · 1 forse · 1 assente · 1 senza risposta');
    expect(noticeCalls().filter((c) => c.method === 'chat.postMessage')).toHaveLength(1);
    // Changing one's mind replaces the answer.
    await act(CISL_A, 'table_rsvp:yes', { value: String(id) });
    await noticeShows(`✅ *CISL* · confermato: <@${CISL_A}>`);
    const rsvps = await knex()('rsvps').where({ meeting_id: id }).orderBy('user_id');
    expect(rsvps.map((r: { user_id: string; organization_id: number; response: string }) => [r.user_id, r.organization_id, r.response])).toEqual([
      [CISL_A, orgIds.CISL, 'yes'],
      [LEGA_OBS, orgIds.LEGACOOP, 'no'],
      [UEPE_A, orgIds.UEPE, 'yes'],
    ]);
    const shown = await t.command(UEPE_B, '/tavolo', String(id));
    expect(visibleText(shown.json)).toContain('✅ *UEPE* · confermato');
    const list = await t.command(UEPE_B, '/tavolo', 'prossime');
    expect(visibleText(list.json)).toContain(`*${id}. Tavolo interistituzionale ISO.NEW*`);
    expect(visibleText(list.json)).toContain('2 enti confermati su 4');
  });

  it('refuses answers from organizations not invited and from outsiders', async () => {
    const id = await convene({ table_orgs: input.multi([String(orgIds.UEPE)]) });
    expect(await act(CISL_A, 'table_rsvp:yes', { value: String(id) })).toContain('il tuo ente non è tra gli invitati');
    expect(await act(OUTSIDER, 'table_rsvp:yes', { value: String(id) })).toContain('Non fai ancora parte della rete');
    expect(await act(UEPE_A, 'table_rsvp:yes', { value: '999' })).toContain('Tavolo n. 999 non trovato');
    // Meeting 0 is a meeting number too: it does not exist (not an unknown command).
    expect(visibleText((await t.command(UEPE_A, '/tavolo', '0')).json)).toContain('Tavolo n. 0 non trovato');
    expect(visibleText((await t.command(UEPE_A, '/tavolo', '#0')).json)).toContain('Tavolo n. 0 non trovato');
    expect(await knex()('rsvps')).toHaveLength(0);
  });

  it('records a delegate from the same organization, re-checked on submit', async () => {
    const id = await convene();
    await t.action(UEPE_A, 'table_delegate_open', { value: String(id) });
    const open = await waitFor(() => t.slack.callsTo('views.open')[0]);
    const view = open.args.view as View;
    expect(view.callback_id).toBe('table_delegate');
    expect(view.blocks[1]!.element!.type).toBe('users_select');
    const wrong = await t.submitView(UEPE_A, 'table_delegate', { table_delegate_user: input.user(CISL_A) }, view.private_metadata);
    expect(wrong.json).toMatchObject({ response_action: 'errors', errors: { table_delegate_user: expect.stringContaining('non è un referente del tuo ente') } });
    // Modal errors are plain text in Slack: a <@U…> mention would show raw.
    expect(JSON.stringify(wrong.json)).not.toContain('<@');
    const ok = await t.submitView(UEPE_A, 'table_delegate', { table_delegate_user: input.user(UEPE_B) }, view.private_metadata);
    expect(ok.text).toBe('');
    expect(await knex()('rsvps').where({ meeting_id: id }).first()).toMatchObject({ user_id: UEPE_A, response: 'delegate', delegate_user_id: UEPE_B, organization_id: orgIds.UEPE });
    await noticeShows(`✅ *UEPE* · confermato: <@${UEPE_B}> (delegato/a da <@${UEPE_A}>)`);
  });

  it('reschedules: notice and calendar change, same UID with a higher SEQUENCE, answers reset, and every invitee gets the new calendar file by DM', async () => {
    const id = await convene();
    await act(UEPE_A, 'table_rsvp:yes', { value: String(id) });
    await act(CISL_A, 'table_rsvp:no', { value: String(id) });
    const first = await icsFor(UEPE_A, id);
    expect(first.parsed).toMatchObject({ uid: UID(id), sequence: 0, method: 'PUBLISH', start: `${SPRING}T08:00:00.000Z` });

    expect(await act(UEPE_A, 'table_edit_open', { value: String(id) })).toContain('solo i coordinatori');
    await t.action(COORDINATOR, 'table_edit_open', { value: String(id) });
    const open = await waitFor(() => t.slack.callsTo('views.open')[0]);
    const view = open.args.view as View;
    expect(view.callback_id).toBe('table_edit');
    expect(view.blocks.find((b) => b.block_id === 'table_date')!.element!.initial_date).toBe(SPRING);
    expect(view.blocks.find((b) => b.block_id === 'table_start')!.element!.initial_time).toBe('10:00');

    const forged = await t.submitView(UEPE_A, 'table_edit', conveneValues({ table_date: input.date(SPRING_SAT) }), view.private_metadata);
    expect(forged.json).toMatchObject({ response_action: 'errors', errors: { table_title: expect.stringContaining('solo i coordinatori') } });
    const res = await t.submitView(COORDINATOR, 'table_edit', conveneValues({ table_date: input.date(SPRING_SAT), table_start: input.time('09:30') }), view.private_metadata);
    expect(res.text).toBe('');
    expect(await knex()('meetings').where({ id }).first()).toMatchObject({ sequence: 1 });
    await noticeShows(`sabato ${day(SPRING_SAT)} marzo ${year(SPRING_SAT)}, 09:30–12:00`);
    // A new date or time: every answer is back to "to be confirmed", and every invitee is asked again.
    expect(await knex()('rsvps').where({ meeting_id: id })).toHaveLength(0);
    await noticeShows('*UEPE* · nessuna risposta', '*CISL* · nessuna risposta', '0 confermati');
    await t.settled();
    const changeDmsTo = (user: string) => fileDmsTo(user).filter((c) => commentOf(c).includes(`Il tavolo n. ${id} è cambiato`));
    for (const user of [UEPE_A, UEPE_B, CISL_A, LEGA_OBS]) {
      const dm = await waitFor(() => changeDmsTo(user)[0], 5000, `file DM to ${user}`);
      expect(commentOf(dm)).toContain(`Il tavolo n. ${id} è cambiato`);
      expect(commentOf(dm)).toContain('da confermare');
      const upload = t.slack.callsTo('upload').find((u) => (dm.args.files as Array<{ id: string }>).some((f) => f.id === u.args.fileId))!;
      expect(upload.args.filename).toBe(`tavolo-${id}.ics`);
      expect(parseIcs(String(upload.args.content))).toMatchObject({ uid: UID(id), sequence: 1, start: `${SPRING_SAT}T08:30:00.000Z` });
    }
    // Once per person: the coordinator who moved it is not told.
    expect(fileDmsTo(COORDINATOR)).toHaveLength(0);
    expect(changeDmsTo(UEPE_A)).toHaveLength(1);
    expect(await act(UEPE_A, 'table_rsvp:yes', { value: String(id) })).toContain('partecipi');
    // A change that keeps the date and time keeps the answers.
    const again = await t.submitView(COORDINATOR, 'table_edit', conveneValues({ table_date: input.date(SPRING_SAT), table_start: input.time('09:30'), table_place: input.text('Sala 2, Gorizia') }), view.private_metadata);
    expect(again.text).toBe('');
    expect(await knex()('rsvps').where({ meeting_id: id })).toHaveLength(1);
    await t.settled();
    const second2 = await waitFor(() => changeDmsTo(UEPE_A)[1], 5000, 'second change DM');
    expect(commentOf(second2)).toContain('Sala 2, Gorizia');
    expect(commentOf(second2)).not.toContain('da confermare');
    const second = await icsFor(UEPE_A, id);
    expect(second.parsed).toMatchObject({ uid: UID(id), sequence: 2, start: `${SPRING_SAT}T08:30:00.000Z` });
    // The upload went to the user's DM.
    expect(t.slack.callsTo('files.completeUploadExternal').at(-1)!.args.channel_id).toBe(dmChannel(UEPE_A));
  });

  it('cancels: notice marked, buttons gone, DMs sent, calendar file says CANCEL', async () => {
    const id = await convene();
    await act(UEPE_A, 'table_rsvp:maybe', { value: String(id) });
    expect(await act(CISL_A, 'table_cancel', { value: String(id) })).toContain('solo i coordinatori');
    expect(await knex()('meetings').where({ id }).first()).toMatchObject({ status: 'scheduled' });
    expect(await act(COORDINATOR, 'table_cancel', { value: String(id) })).toContain(`Tavolo n. ${id} annullato`);
    expect(await knex()('meetings').where({ id }).first()).toMatchObject({ status: 'cancelled', sequence: 1 });
    await noticeShows(`Tavolo n. ${id} · annullato`, 'ANNULLATA: Tavolo interistituzionale ISO.NEW', `~domenica ${day(SPRING)} marzo ${year(SPRING)}, 10:00–12:00~`);
    const last = noticeCalls().at(-1)!;
    expect(JSON.stringify(last.args.blocks)).not.toContain('Partecipo');
    expect(JSON.stringify(last.args.blocks)).not.toContain('table_agenda');
    // Every invitee is told, not only who answered, with the calendar file that removes it.
    await t.settled();
    for (const user of [UEPE_A, UEPE_B, CISL_A, LEGA_OBS]) {
      const dm = await waitFor(() => fileDmsTo(user)[0], 5000, `cancellation DM to ${user}`);
      expect(commentOf(dm)).toContain('è stato annullato');
    }
    expect(fileDmsTo(COORDINATOR)).toHaveLength(0);
    const ics = await icsFor(UEPE_A, id);
    expect(ics.parsed).toMatchObject({ method: 'PUBLISH', status: 'CANCELLED', uid: UID(id), sequence: 1 });
    expect(await act(UEPE_A, 'table_rsvp:yes', { value: String(id) })).toContain('è stato annullato');
    await act(COORDINATOR, 'table_cancel', { value: String(id) });
    expect((await listAudit(knex(), { action: 'meeting.cancel' })).length).toBe(1);
  });

  it('gives the right UTC instant across the DST change in the calendar file (parsed by ical.js)', async () => {
    const before = await convene({ table_date: input.date(SPRING_SAT) });
    const after = await convene({ table_date: input.date(SPRING) });
    expect((await icsFor(UEPE_A, before)).parsed).toMatchObject({ start: `${SPRING_SAT}T09:00:00.000Z`, tzid: 'Europe/Rome', timezones: ['Europe/Rome'] });
    const ics = await icsFor(UEPE_A, after);
    expect(t.slack.responses.some((r) => visibleText(r.body).includes('Ti ho inviato il file del calendario'))).toBe(true);
    expect(ics.parsed).toMatchObject({ start: `${SPRING}T08:00:00.000Z`, end: `${SPRING}T10:00:00.000Z` });
    expect(ics.text).toContain('BEGIN:VTIMEZONE');
    expect(ics.text).toContain(`DTSTART;TZID=Europe/Rome:${SPRING.replace(/-/g, '')}T100000`);
    // And when summer time ends: 10:00 is 08:00 UTC on the Saturday, 09:00 UTC on the Sunday.
    const autumnSat = await convene({ table_date: input.date(AUTUMN_SAT) });
    const autumn = await convene({ table_date: input.date(AUTUMN) });
    expect((await icsFor(UEPE_A, autumnSat)).parsed).toMatchObject({ start: `${AUTUMN_SAT}T08:00:00.000Z` });
    expect((await icsFor(UEPE_A, autumn)).parsed).toMatchObject({ start: `${AUTUMN}T09:00:00.000Z`, end: `${AUTUMN}T11:00:00.000Z` });
  });

  it('writes calendar files that pass strict RFC 5545/5546 checks (ical.js parses them back)', async () => {
    const link = 'https://meet.example.org/room,1;x?a=1,2&b=3;4';
    const id = await convene({ table_link: input.text(link), table_title: input.text('Tavolo; verifica, con «accenti» e un titolo lungo abbastanza da andare a capo oltre 75 ottetti') });
    const { text } = await icsFor(UEPE_A, id);
    // CRLF after every line, the last one included; no bare LF; no line longer than 75 octets.
    expect(text.endsWith('END:VCALENDAR\r\n')).toBe(true);
    expect(text.replace(/\r\n/g, '')).not.toMatch(/[\r\n]/);
    for (const line of text.split('\r\n')) expect(Buffer.byteLength(line, 'utf8')).toBeLessThanOrEqual(75);
    // METHOD:PUBLISH with the ORGANIZER RFC 5546 requires of it (no REQUEST/CANCEL without attendees).
    expect(text).toContain('\r\nMETHOD:PUBLISH\r\n');
    expect(text).not.toMatch(/METHOD:(REQUEST|CANCEL)/);
    const ICAL = (await import('ical.js')).default;
    const calendar = new ICAL.Component(ICAL.parse(text));
    const vevent = calendar.getFirstSubcomponent('vevent')!;
    expect(String(vevent.getFirstPropertyValue('organizer'))).toBe('mailto:tavolo@isonew.app');
    for (const required of ['uid', 'dtstamp', 'dtstart', 'summary', 'sequence']) expect(vevent.hasProperty(required)).toBe(true);
    // The link is a URI value, not text: its commas and semicolons are not escaped.
    expect(vevent.getFirstPropertyValue('url')).toBe(link);
    expect(vevent.getFirstPropertyValue('summary')).toBe('Tavolo; verifica, con «accenti» e un titolo lungo abbastanza da andare a capo oltre 75 ottetti');
    // Cancelled: the same UID, a higher SEQUENCE, STATUS:CANCELLED, still PUBLISH.
    await act(COORDINATOR, 'table_cancel', { value: String(id) });
    const cancelled = await icsFor(UEPE_A, id);
    expect(cancelled.parsed).toMatchObject({ method: 'PUBLISH', status: 'CANCELLED', uid: UID(id), sequence: 1 });
    expect(cancelled.text.endsWith('\r\n')).toBe(true);
  });

  it('refuses a meeting at a time the change of clocks skips or repeats, naming the reason', async () => {
    const submit = (date: string, start: string, end: string) =>
      t.submitView(COORDINATOR, 'table_convene', conveneValues({ table_date: input.date(date), table_start: input.time(start), table_end: input.time(end) }), JSON.stringify({ channelId: CHANNEL }));
    // Spring: 02:30 does not exist (02:00 → 03:00); the message says so rather than "the end is before the start".
    const gap = await submit(SPRING, '02:30', '04:00');
    expect(gap.json).toEqual({ response_action: 'errors', errors: { table_start: expect.stringContaining('Quel giorno le 02:30 non esistono') } });
    // Autumn: 02:30 happens twice (03:00 → 02:00): refused, for the start and for the end.
    const twice = await submit(AUTUMN, '02:30', '04:00');
    expect(twice.json).toEqual({ response_action: 'errors', errors: { table_start: expect.stringContaining('capitano due volte') } });
    const twiceEnd = await submit(AUTUMN, '01:00', '02:15');
    expect(twiceEnd.json).toEqual({ response_action: 'errors', errors: { table_end: expect.stringContaining('Quel giorno le 02:15 capitano due volte') } });
    expect(await knex()('meetings')).toHaveLength(0);
    // In English too; and the hours around the change are fine.
    t.slack.setUserLocale(COORDINATOR, 'en-US');
    await t.byHand((db) => db('members').where({ user_id: COORDINATOR }).update({ locale: 'en' }));
    const en = await submit(SPRING, '02:00', '03:30');
    expect(en.json).toEqual({ response_action: 'errors', errors: { table_start: expect.stringContaining('02:00 does not exist that day') } });
    expect((await submit(SPRING, '03:00', '04:00')).text).toBe('');
    expect((await submit(AUTUMN, '03:00', '04:00')).text).toBe('');
  });

  it('sends each reminder once per person across reruns: the day before to who has not answered, an hour before to who attends', async () => {
    const id = await convene();
    await act(UEPE_A, 'table_rsvp:yes', { value: String(id) });
    await t.submitView(UEPE_B, 'table_delegate', { table_delegate_user: input.user(UEPE_A) }, JSON.stringify({ meetingId: id }));
    const dms = () => t.slack.callsTo('chat.postMessage').filter((c) => String(c.args.channel).startsWith('D') && String(c.args.text).includes('⏰'));

    expect(await runJob(utc(SPRING_SAT, '07:59'))).toMatchObject({ dayBefore: 0, hourBefore: 0 });
    const first = await runJob(utc(SPRING_SAT, '08:30')); // 09:30 in Rome the day before
    expect(first).toMatchObject({ dayBefore: 3, hourBefore: 0 });
    expect(await runJob(utc(SPRING_SAT, '08:35'))).toMatchObject({ dayBefore: 0, hourBefore: 0 });
    expect(dms().map((c) => c.args.channel).sort()).toEqual([dmChannel(COORDINATOR), dmChannel(CISL_A), dmChannel(LEGA_OBS)].sort());
    expect(visibleText(dms()[0]!.args)).toContain('Domani');
    expect(JSON.stringify(dms()[0]!.args.blocks)).toContain('table_rsvp:yes');
    // Answering from the DM counts like answering on the notice.
    expect(await act(CISL_A, 'table_rsvp:no', { value: String(id), channelId: dmChannel(CISL_A) })).toContain('non partecipi');

    // A restart that missed the hour-before slot still sends it before the start, once.
    expect(await runJob(utc(SPRING, '07:40'))).toMatchObject({ dayBefore: 0, hourBefore: 1 });
    expect(await runJob(utc(SPRING, '07:45'))).toMatchObject({ hourBefore: 0 });
    // 20 minutes before the start, it does not say "in an hour".
    const hour = dms().filter((c) => String(c.args.text).includes('Tra 20 minuti'));
    expect(hour.map((c) => c.args.channel)).toEqual([dmChannel(UEPE_A)]);
    expect(dms().filter((c) => String(c.args.text).includes('Tra un’ora'))).toHaveLength(0);
    expect(await runJob(utc(SPRING, '08:00'))).toMatchObject({ dayBefore: 0, hourBefore: 0 });
    expect(dms()).toHaveLength(4);
  });

  it('retries a reminder whose DM failed, without sending the others twice', async () => {
    await convene({ table_orgs: input.multi([String(orgIds.UEPE)]) });
    const reminders = () => t.slack.callsTo('chat.postMessage').filter((c) => String(c.args.text).includes('Domani'));
    t.slack.failNext('conversations.open', { error: 'channel_not_found' });
    // Both UEPE members are asked for once; Slack refuses the first DM.
    expect(await runJob(utc(SPRING_SAT, '08:30'))).toMatchObject({ dayBefore: 2 });
    expect(reminders()).toHaveLength(1);
    expect(await runJob(utc(SPRING_SAT, '08:40'))).toMatchObject({ dayBefore: 0 });
    expect(reminders()).toHaveLength(1);
    // The outbox tries the refused one again later (still the day before), and nothing else.
    // (Once the clock is there, the outbox's own sweep may deliver it before the flush does.)
    clock.set(utc(SPRING_SAT, '10:31'));
    await t.app.platform.outbox.flush(utc(SPRING_SAT, '10:31'));
    expect(reminders()).toHaveLength(2);
    expect(await runJob(utc(SPRING_SAT, '10:40'))).toMatchObject({ dayBefore: 0 });
    expect(reminders().map((c) => c.args.channel).sort()).toEqual([dmChannel(UEPE_A), dmChannel(UEPE_B)].sort());
  });

  it('reminds again when the meeting is moved: the claim is per version of the meeting', async () => {
    const id = await convene();
    await act(UEPE_A, 'table_rsvp:yes', { value: String(id) });
    expect(await runJob(utc(SPRING_SAT, '08:30'))).toMatchObject({ dayBefore: 3 });
    expect(await runJob(utc(SPRING, '07:30'))).toMatchObject({ hourBefore: 1 });
    // Moved a week later (sequence 1): both reminders are due again for the new time, once.
    const moved = addDays(SPRING, 7);
    const res = await t.submitView(COORDINATOR, 'table_edit', conveneValues({ table_date: input.date(moved) }), JSON.stringify({ meetingId: id }));
    expect(res.text).toBe('');
    expect(await knex()('meetings').where({ id }).first()).toMatchObject({ sequence: 1 });
    // Moving it reset the answers: UEPE answers again.
    expect(await act(UEPE_A, 'table_rsvp:yes', { value: String(id) })).toContain('partecipi');
    expect(await runJob(utc(addDays(moved, -1), '08:30'))).toMatchObject({ dayBefore: 3 });
    expect(await runJob(utc(addDays(moved, -1), '08:40'))).toMatchObject({ dayBefore: 0 });
    expect(await runJob(utc(moved, '07:30'))).toMatchObject({ dayBefore: 0, hourBefore: 1 });
    expect(await runJob(utc(moved, '07:40'))).toMatchObject({ hourBefore: 0 });
    const reminded = t.slack.callsTo('chat.postMessage').filter((c) => String(c.args.text).includes('⏰'));
    expect(reminded.filter((c) => String(c.args.text).includes('Domani'))).toHaveLength(6);
    expect(reminded.filter((c) => String(c.args.text).includes('Tra 30 minuti')).map((c) => c.args.channel)).toEqual([dmChannel(UEPE_A), dmChannel(UEPE_A)]);
  });

  it('sends no "Domani" reminder on the day of the meeting, nor for a meeting convened after 09:00 the day before', async () => {
    const id = await convene();
    await act(UEPE_A, 'table_rsvp:yes', { value: String(id) });
    const dayBefores = () => t.slack.callsTo('chat.postMessage').filter((c) => String(c.args.text).includes('Domani'));
    // Convened on Saturday at 15:00 (Rome) for Sunday morning: only the hour-before reminder.
    await knex()('meetings').where({ id }).update({ updated_at: utc(SPRING_SAT, '14:00') });
    expect(await runJob(utc(SPRING_SAT, '14:05'))).toMatchObject({ dayBefore: 0 });
    expect(await runJob(utc(SPRING, '07:15'))).toMatchObject({ dayBefore: 0, hourBefore: 1 });
    // Convened long before, but the app was down all of Saturday: on Sunday it is too late for "tomorrow".
    await knex()('meetings').where({ id }).update({ updated_at: TEST_START });
    expect(await runJob(utc(SPRING, '07:30'))).toMatchObject({ dayBefore: 0, hourBefore: 0 });
    expect(dayBefores()).toHaveLength(0);
  });

  it('proposes agenda items (members), reorders and drops them (coordinators) from the notice', async () => {
    const id = await convene({ table_agenda: input.text('Apertura') });
    let res = await t.command(CISL_A, '/tavolo', `odg ${id} Aggiornamento borse lavoro`);
    expect(visibleText(res.json)).toContain(`Punto aggiunto all’ordine del giorno del tavolo n. ${id}`);
    res = await t.command(LEGA_OBS, '/tavolo', `odg ${id} Altro`);
    expect(visibleText(res.json)).toContain('gli osservatori possono consultare');
    res = await t.command(CISL_A, '/tavolo', `odg ${id} Chiamare il 333 1234567`);
    expect(visibleText(res.json)).toContain('numero di telefono');
    res = await t.command(CISL_A, '/tavolo', 'odg');
    expect(visibleText(res.json)).toContain('Uso: `/tavolo odg <n> <testo>`');
    await noticeShows('*2.* Aggiornamento borse lavoro');
    const items = await knex()('agenda_items').where({ meeting_id: id }).orderBy('position');
    expect(await act(CISL_A, `table_agenda:${items[1]!.id}`, { type: 'overflow', selectedOption: 'up' })).toContain('solo i coordinatori');
    await act(COORDINATOR, `table_agenda:${items[1]!.id}`, { type: 'overflow', selectedOption: 'up' });
    await noticeShows('*1.* Aggiornamento borse lavoro', '*2.* Apertura');
    await act(COORDINATOR, `table_agenda:${items[0]!.id}`, { type: 'overflow', selectedOption: 'drop' });
    await waitFor(() => !latestNotice().includes('Apertura'), 5000, 'item dropped');
    expect((await knex()('agenda_items').where({ meeting_id: id })).map((a: { text: string }) => a.text)).toEqual(['Aggiornamento borse lavoro']);
  });

  it('records minutes and action items, posts them in the meeting thread, and tracks the items', async () => {
    const id = await convene();
    await act(UEPE_A, 'table_rsvp:yes', { value: String(id) });
    await act(CISL_A, 'table_rsvp:yes', { value: String(id) });
    let res = await t.command(COORDINATOR, '/tavolo', `verbale ${id}`);
    expect(visibleText(res.json)).toContain('non è ancora iniziato');
    // The meeting takes place.
    await hold(id);
    res = await t.command(UEPE_A, '/tavolo', `verbale ${id}`);
    expect(visibleText(res.json)).toContain('solo i coordinatori');
    t.slack.reset();
    await t.command(COORDINATOR, '/tavolo', `verbale ${id}`);
    const open = await waitFor(() => t.slack.callsTo('views.open')[0]);
    const view = open.args.view as View;
    expect(view.callback_id).toBe('table_minutes');
    expect(view.blocks.find((b) => b.block_id === 'table_attendees')!.element!.initial_users).toEqual([UEPE_A, CISL_A]);

    const values = {
      table_attendees: { value: { type: 'multi_users_select', selected_users: [UEPE_A, CISL_A, COORDINATOR] } },
      table_summary: input.text('Si è fatto il punto sui tirocini.'),
      table_decisions: input.text('Avviare due nuove borse lavoro.'),
      table_action_text_0: input.text('Mappare i posti disponibili'),
      table_action_org_0: input.select(String(orgIds.UEPE)),
      table_action_owner_0: input.user(UEPE_B),
      table_action_due_0: input.date(DUE_FIRST),
      table_action_text_1: input.text('Preparare la convenzione'),
      table_action_org_1: input.select(String(orgIds.CISL)),
      table_action_owner_1: input.user(null),
      table_action_due_1: input.date(DUE_SECOND),
    };
    const bad = await t.submitView(COORDINATOR, 'table_minutes', { ...values, table_summary: input.text(''), table_action_due_1: input.date(null) }, view.private_metadata);
    expect(bad.json).toEqual({ response_action: 'errors', errors: { table_summary: 'Scrivi la sintesi della riunione.', table_action_due_1: 'Scegli la scadenza.' } });
    const forged = await t.submitView(UEPE_A, 'table_minutes', values, view.private_metadata);
    expect(forged.json).toMatchObject({ response_action: 'errors', errors: { table_summary: expect.stringContaining('solo i coordinatori') } });
    const ok = await t.submitView(COORDINATOR, 'table_minutes', values, view.private_metadata);
    expect(ok.text).toBe('');

    expect(await knex()('meetings').where({ id }).first()).toMatchObject({ status: 'held', summary: 'Si è fatto il punto sui tirocini.' });
    // The named owner of an action item is told by DM, once; two days before it is due, again, once.
    const assigned = await waitFor(() => dmsTo(UEPE_B).find((c) => visibleText(c.args).includes('Ti è stata assegnata l’azione')), 5000, 'assignment DM');
    expect(visibleText(assigned.args)).toContain('Mappare i posti disponibili');
    expect(JSON.stringify(assigned.args.blocks)).toContain('table_action_done');
    expect((await knex()('meeting_attendees').where({ meeting_id: id })).length).toBe(3);
    const notice = (await knex()('published_messages').where({ entity_type: 'meeting', entity_id: id }).first()) as { ts: string };
    const threadPosts = () => t.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === notice.ts);
    const minutes = await waitFor(() => threadPosts()[0]);
    expect(minutes.args.channel).toBe(CHANNEL);
    const text = visibleText(minutes.args);
    expect(text).toContain('Verbale: Tavolo interistituzionale ISO.NEW');
    expect(text).toContain('Avviare due nuove borse lavoro.');
    expect(text).toContain(`*UEPE* · <@${UEPE_B}> · scadenza ${italianDate(DUE_FIRST)}`);
    await noticeShows(`Tavolo n. ${id} · tenuto`, 'Il verbale è nel thread');
    await t.settled();
    // The job records that the minutes are posted, and posts nothing again.
    expect(await runJob(clock.now())).toMatchObject({ minutes: 1 });
    expect(await runJob(clock.now())).toMatchObject({ minutes: 0 });
    expect(threadPosts()).toHaveLength(1);
    expect((await knex()('meetings').where({ id }).first())!.minutes_posted_at).not.toBeNull();
    // Once recorded, the same command opens the correction of the minutes (tested below).
    const before = t.slack.callsTo('views.open').length;
    await t.command(COORDINATOR, '/tavolo', `verbale ${id}`);
    expect(((await waitFor(() => t.slack.callsTo('views.open')[before])).args.view as View).title).toMatchObject({ text: 'Correggi il verbale' });

    // Action items: an overdue one is flagged; the owner's organization marks one done.
    await knex()('action_items').where({ text: 'Preparare la convenzione' }).update({ due_date: dateIn(-20) });
    const twoDaysBefore = utc(addDays(DUE_FIRST, -2), '08:00');
    expect(await runJob(twoDaysBefore)).toMatchObject({ actionsDue: 1 });
    expect(await runJob(new Date(twoDaysBefore.getTime() + HOUR))).toMatchObject({ actionsDue: 0 });
    expect(dmsTo(UEPE_B).filter((c) => visibleText(c.args).includes('scade il'))).toHaveLength(1);
    clock.set(TEST_START);
    res = await t.command(UEPE_A, '/tavolo', 'azioni');
    let shown = visibleText(res.json);
    expect(shown).toContain('Azioni aperte');
    expect(shown).toContain('⚠️ *scaduta*');
    expect(shown).toContain('2 azioni · 1 scaduta');
    const mine = await t.command(UEPE_A, '/tavolo', 'azioni mie');
    expect(visibleText(mine.json)).toContain('Mappare i posti disponibili');
    expect(visibleText(mine.json)).not.toContain('Preparare la convenzione');
    const uepeItem = (await knex()('action_items').where({ owner_organization_id: orgIds.UEPE }).first())!;
    expect(JSON.stringify(mine.json)).toContain('table_action_done');
    expect(await act(CISL_A, 'table_action_done', { value: String(uepeItem.id) })).toContain('solo il responsabile');
    expect(await act(UEPE_A, 'table_action_done', { value: String(uepeItem.id) })).toContain(`Azione n. ${uepeItem.id} segnata come fatta`);
    expect(await knex()('action_items').where({ id: uepeItem.id }).first()).toMatchObject({ status: 'done', done_by: UEPE_A });
    // An observer named as the owner reads the item but cannot close it, and gets no button.
    await knex()('action_items').where({ text: 'Preparare la convenzione' }).update({ owner_user_id: LEGA_OBS });
    const cislItem = (await knex()('action_items').where({ text: 'Preparare la convenzione' }).first())!;
    expect(JSON.stringify((await t.command(LEGA_OBS, '/tavolo', 'azioni mie')).json)).not.toContain('table_action_done');
    expect(await act(LEGA_OBS, 'table_action_done', { value: String(cislItem.id) })).toContain('gli osservatori possono consultare');
    expect(await knex()('action_items').where({ id: cislItem.id }).first()).toMatchObject({ status: 'open' });
    shown = visibleText((await t.command(UEPE_A, '/tavolo', 'azioni tutte')).json);
    expect(shown).toContain('✅ fatta');

    // The next convocation offers the open item of the last meeting as an agenda item.
    t.slack.reset();
    await t.command(COORDINATOR, '/tavolo', 'convoca', { channelId: CHANNEL });
    const next = (await waitFor(() => t.slack.callsTo('views.open')[0])).args.view as View;
    const carry = next.blocks.find((b) => b.block_id === 'table_carry')!.element as { options: Array<{ value: string; text: { text: string } }> };
    expect(carry.options.map((o) => o.text.text)).toEqual(['Preparare la convenzione (CISL)']);
    const nextId = await convene({ table_agenda: input.text('Apertura'), table_carry: input.checkboxes([carry.options[0]!.value, String(uepeItem.id)]) });
    expect((await knex()('agenda_items').where({ meeting_id: nextId }).orderBy('position')).map((a: { text: string }) => a.text)).toEqual(['Apertura', 'Preparare la convenzione (CISL)']);
  });

  it('lists at most 40 action items and says how many more there are', async () => {
    const id = await convene();
    await knex()('meetings').where({ id }).update({ status: 'held' });
    const rows = Array.from({ length: 45 }, (_, i) => ({ meeting_id: id, text: `Azione ${i + 1}`, owner_organization_id: orgIds.UEPE!, due_date: dateIn(i + 1), status: i < 3 ? ('done' as const) : ('open' as const), created_by: COORDINATOR }));
    await knex()('action_items').insert(rows);
    let shown = visibleText((await t.command(UEPE_A, '/tavolo', 'azioni tutte')).json);
    expect(shown).toContain('45 azioni');
    expect(shown).toContain('…e altre 5');
    expect(shown.match(/\*#\d+\*/g)).toHaveLength(40);
    shown = visibleText((await t.command(UEPE_A, '/tavolo', 'azioni aperte')).json);
    expect(shown).toContain('42 azioni');
    expect(shown).toContain('…e altre 2');
    t.slack.setUserLocale(UEPE_A, 'en-US');
    await t.byHand((db) => db('members').where({ user_id: UEPE_A }).update({ locale: 'en' }));
    expect(visibleText((await t.command(UEPE_A, '/tavolo', 'azioni aperte')).json)).toContain('…and 2 more');
  });

  it('posts the minutes later when Slack fails, once', async () => {
    const id = await convene();
    await hold(id);
    await waitFor(async () => (await knex()('published_messages').where({ entity_id: id }).first())?.ts, 5000, 'notice ts');
    t.slack.failNext('chat.postMessage', { error: 'fatal_error' });
    const ok = await t.submitView(COORDINATOR, 'table_minutes', {
      table_attendees: { value: { type: 'multi_users_select', selected_users: [UEPE_A] } },
      table_summary: input.text('Sintesi breve.'),
    }, JSON.stringify({ meetingId: id }));
    expect(ok.text).toBe('');
    expect(await knex()('meetings').where({ id }).first()).toMatchObject({ status: 'held', minutes_posted_at: null });
    const minutesPosts = () => t.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts && String(c.args.text).includes('Verbale'));
    // The outbox tries again a moment later, after looking for a post the failed try might have made.
    await waitFor(() => minutesPosts().length === 2, 5000, 'the minutes posted after the failed try');
    expect(await runJob(clock.now())).toMatchObject({ minutes: 1 });
    expect(await runJob(new Date(clock.now().getTime() + 5 * 60_000))).toMatchObject({ minutes: 0 });
    expect(minutesPosts()).toHaveLength(2); // the failed try and the post
    expect((await knex()('meetings').where({ id }).first())!.minutes_posted_at).not.toBeNull();
  });

  it('records attendance per organization, checks the owner of an action item, and lets coordinators correct the minutes in place', async () => {
    const id = await convene();
    await hold(id);
    await waitFor(async () => (await knex()('published_messages').where({ entity_id: id }).first())?.ts, 5000, 'notice ts');
    const submit = (user: string, values: Record<string, Record<string, unknown>>) => t.submitView(user, 'table_minutes', values, JSON.stringify({ meetingId: id }));
    const base = {
      table_attendees: { value: { type: 'multi_users_select', selected_users: [UEPE_A] } },
      // AGCI has nobody on Slack: present all the same.
      table_attendee_orgs: input.multi([String(orgIds.AGCI)]),
      table_summary: input.text('Sintesi.'),
      table_decisions: input.text(''),
    };
    // The person responsible must represent the responsible organization; the owner stays optional.
    const wrongOwner = await submit(COORDINATOR, {
      ...base,
      table_summary: input.text('Sintesi.'),
      table_action_text_0: input.text('Mappare i posti'),
      table_action_org_0: input.select(String(orgIds.CISL)),
      table_action_owner_0: input.user(UEPE_B),
      table_action_due_0: input.date(DUE_FIRST),
    });
    expect(wrongOwner.json).toEqual({ response_action: 'errors', errors: { table_action_owner_0: expect.stringContaining('non è referente dell’ente responsabile') } });
    expect(await knex()('meetings').where({ id }).first()).toMatchObject({ status: 'scheduled' });
    const ok = await submit(COORDINATOR, {
      ...base,
      table_summary: input.text('Sintesi provvisoria.'),
      table_action_text_0: input.text('Mappare i posti'),
      table_action_org_0: input.select(String(orgIds.CISL)),
      table_action_owner_0: input.user(null),
      table_action_due_0: input.date(DUE_FIRST),
    });
    expect(ok.text).toBe('');
    expect((await knex()('meeting_organization_attendance').where({ meeting_id: id }).orderBy('organization_id')).map((r: { organization_id: number }) => r.organization_id)).toEqual(
      [orgIds.UEPE!, orgIds.AGCI!].sort((a, b) => a - b),
    );
    const notice = (await knex()('published_messages').where({ entity_type: 'meeting', entity_id: id }).first()) as { ts: string };
    const minutesPost = await waitFor(() => t.slack.callsTo('chat.postMessage').find((c) => c.args.thread_ts === notice.ts), 5000, 'minutes in the thread');
    expect(visibleText(minutesPost.args)).toContain('AGCI');
    await t.settled();

    // A partner cannot correct; a coordinator gets the form pre-filled, without the action items.
    expect(visibleText((await t.command(UEPE_A, '/tavolo', `verbale ${id}`)).json)).toContain('solo i coordinatori');
    const opened = t.slack.callsTo('views.open').length;
    await t.command(COORDINATOR, '/tavolo', `verbale ${id}`);
    const view = (await waitFor(() => t.slack.callsTo('views.open')[opened])).args.view as View;
    expect(view.blocks.find((b) => b.block_id === 'table_summary')!.element!.initial_value).toBe('Sintesi provvisoria.');
    expect(view.blocks.some((b) => b.block_id === 'table_action_text_0')).toBe(false);
    expect((await submit(UEPE_A, { ...base, table_summary: input.text('Altro.') })).json).toMatchObject({ errors: { table_summary: expect.stringContaining('solo i coordinatori') } });
    const corrected = await submit(COORDINATOR, { ...base, table_summary: input.text('Sintesi definitiva.'), table_decisions: input.text('Nuova convenzione.') });
    expect(corrected.text).toBe('');
    expect(await knex()('meetings').where({ id }).first()).toMatchObject({ summary: 'Sintesi definitiva.', decisions: 'Nuova convenzione.', status: 'held' });
    expect(await knex()('action_items').where({ meeting_id: id })).toHaveLength(1);
    // The minutes in the thread are updated in place, not posted again.
    const update = await waitFor(() => t.slack.callsTo('chat.update').find((c) => visibleText(c.args).includes('Sintesi definitiva.')), 5000, 'minutes updated');
    expect(visibleText(update.args)).toContain('Nuova convenzione.');
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === notice.ts)).toHaveLength(1);
    // The audit row says what changed and by whom, and keeps none of the text.
    const audit = await listAudit(knex(), { action: 'meeting.minutes.correct' });
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ actorUserId: COORDINATOR });
    expect(JSON.stringify(audit[0])).toContain('summary');
    expect(JSON.stringify(audit[0])).not.toContain('Sintesi');

    // Correcting or redacting one text: an action item (its author or a coordinator) and an agenda item.
    const action = (await knex()('action_items').where({ meeting_id: id }).first()) as { id: number };
    expect(visibleText((await t.command(UEPE_A, '/tavolo', `correggi azione ${action.id} Altro testo`)).json)).toContain('solo chi ha scritto il testo');
    expect(visibleText((await t.command(COORDINATOR, '/tavolo', `correggi azione ${action.id} Chiamare il 333 1234567`)).json)).toContain('numero di telefono');
    expect(visibleText((await t.command(COORDINATOR, '/tavolo', 'correggi azione')).json)).toContain('/tavolo correggi odg');
    const fixed = await t.command(COORDINATOR, '/tavolo', `correggi azione ${action.id} Mappare i posti [testo rimosso]`);
    expect(visibleText(fixed.json)).toContain('Testo corretto');
    expect(await knex()('action_items').where({ id: action.id }).first()).toMatchObject({ text: 'Mappare i posti [testo rimosso]' });
    await waitFor(() => t.slack.callsTo('chat.update').find((c) => visibleText(c.args).includes('Mappare i posti [testo rimosso]')), 5000, 'minutes updated with the corrected action');
    const agendaItem = (await knex()('agenda_items').where({ meeting_id: id }).orderBy('position').first()) as { id: number };
    expect(visibleText((await t.command(COORDINATOR, '/tavolo', `correggi odg ${agendaItem.id} Apertura (corretto)`)).json)).toContain('Testo corretto');
    await noticeShows('*1.* Apertura (corretto)');
    const redactions = await listAudit(knex(), { action: 'table.text.correct' });
    expect(redactions.map((r) => r.entity).sort()).toEqual(['action_item', 'agenda_item']);
    expect(JSON.stringify(redactions)).toContain('minutes_thread');
    expect(JSON.stringify(redactions)).not.toMatch(/Mappare|Apertura|rimosso|corretto/);
  });

  it('refuses coordinator-only commands to partners and everything to outsiders', async () => {
    let res = await t.command(UEPE_A, '/tavolo', 'convoca');
    expect(visibleText(res.json)).toContain('solo i coordinatori');
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
    const forged = await t.submitView(UEPE_A, 'table_convene', conveneValues());
    expect(forged.json).toMatchObject({ response_action: 'errors', errors: { table_title: expect.stringContaining('solo i coordinatori') } });
    res = await t.command(OUTSIDER, '/tavolo', 'prossime');
    expect(visibleText(res.json)).toContain('Non fai ancora parte della rete');
    res = await t.command(OUTSIDER, '/tavolo', 'aiuto');
    expect(visibleText(res.json)).toContain('Comandi di `/tavolo`');
    res = await t.command(UEPE_A, '/tavolo', 'boh');
    expect(visibleText(res.json)).toContain('Comando sconosciuto');
    res = await t.command(UEPE_A, '/tavolo', '');
    expect(visibleText(res.json)).toContain('Nessuna riunione in programma');
    expect(await knex()('meetings')).toHaveLength(0);
  });

  it('tells the user when Slack fails, and keeps what was saved', async () => {
    t.slack.failNext('views.open', { error: 'expired_trigger_id' });
    await t.command(COORDINATOR, '/tavolo', 'convoca');
    await waitFor(() => t.slack.responses.some((r) => visibleText(r.body).includes('Slack non ha risposto')), 5000, 'error reply');
    const id = await convene();
    // The App Homes refreshed by the convocation upload their charts first (the same Web API method).
    await t.settled();
    t.slack.failNext('files.getUploadURLExternal', { error: 'fatal_error' });
    expect(await act(UEPE_A, 'table_ics', { value: String(id) })).toContain('Slack non ha risposto');
    // A cancellation DM that Slack refuses is sent again by the outbox; the others are not repeated.
    expect(await act(UEPE_A, 'table_rsvp:yes', { value: String(id) })).toContain('partecipi');
    expect(await act(CISL_A, 'table_rsvp:no', { value: String(id) })).toContain('non partecipi');
    t.slack.failNext('conversations.open', { error: 'fatal_error' });
    expect(await act(COORDINATOR, 'table_cancel', { value: String(id) })).toContain('annullato');
    const cancelDms = () => t.slack.callsTo('files.completeUploadExternal').filter((c) => commentOf(c).includes('è stato annullato'));
    await t.app.platform.outbox.flush(new Date(clock.now().getTime() + 10 * 60_000));
    await waitFor(() => cancelDms().length === 4, 5000, 'every cancellation DM, the refused one after its retry');
    await t.app.platform.outbox.flush(new Date(clock.now().getTime() + 20 * 60_000));
    expect(cancelDms().map((c) => c.args.channel_id).sort()).toEqual([dmChannel(CISL_A), dmChannel(LEGA_OBS), dmChannel(UEPE_A), dmChannel(UEPE_B)].sort());
  });

  it('opens the convene modal pre-filled from a closed date poll (table_convene_from_poll)', async () => {
    const value = JSON.stringify({ pollId: 5, date: POLL_DATE, start: '15:00', end: '17:00' });
    expect(await act(UEPE_A, 'table_convene_from_poll', { value, channelId: 'CPOLL' })).toContain('solo i coordinatori');
    expect(t.slack.callsTo('views.open')).toHaveLength(0);
    await t.action(COORDINATOR, 'table_convene_from_poll', { value, channelId: 'CPOLL' });
    const view = (await waitFor(() => t.slack.callsTo('views.open')[0])).args.view as View;
    expect(view.callback_id).toBe('table_convene');
    const el = (id: string) => view.blocks.find((b) => b.block_id === id)!.element!;
    expect([el('table_date').initial_date, el('table_start').initial_time, el('table_end').initial_time, el('table_channel').initial_conversation]).toEqual([POLL_DATE, '15:00', '17:00', 'CPOLL']);
    for (const malformed of ['not json', JSON.stringify({ pollId: 5, date: '2027-13-45', start: '15:00', end: '17:00' }), JSON.stringify({ date: POLL_DATE, start: '18:00', end: '17:00' })]) {
      t.slack.reset();
      await t.action(COORDINATOR, 'table_convene_from_poll', { value: malformed });
      const plainView = (await waitFor(() => t.slack.callsTo('views.open')[0])).args.view as View;
      expect(plainView.blocks.find((b) => b.block_id === 'table_date')!.element!.initial_date).toBeUndefined();
    }
  });
});
