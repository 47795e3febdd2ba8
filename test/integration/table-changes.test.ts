import { networkSuite } from '../support/network-suite';
import { listAudit } from '../../src/platform/audit/audit-store';
import { calendarDateIn, formatInstant } from '../../src/platform/time';
import { TEST_START, TestClock } from '../support/clock';
import { DATABASES } from '../support/databases';
import { TEST_TZ } from '../support/dates';
import { COORDINATOR, visibleText, waitFor, type TestApp } from '../support/harness';
import { parseIcs } from '../support/ics';
import { input } from '../support/slack-requests';
import { snapshotData } from '../support/snapshot';

/**
 * Issue 15, the table: a coordinator reminds whoever has not answered (at most once every 24
 * hours, decided in the database), and a moved meeting asks every invitee again with the RSVP
 * buttons. Issue 14, "Correct, redact": a corrected agenda text replaces every calendar file
 * already sent that showed it (the old file deleted from Slack, a corrected one sent in its place).
 */
const UEPE_A = 'UUEPE01';
const UEPE_B = 'UUEPE02';
const CISL_A = 'UCISL01';
const LEGA_OBS = 'ULEGA01';
/** A second coordinator of the Provincia, reading English. */
const COORD_EN = 'UCOORDEN1';
const CHANNEL = 'CTAVOLO';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
/** Text that must leave Slack and the database once corrected. */
const REMOVED = 'Trasferimento ZQXRIMOSSO';

const clock = new TestClock();
const MEETING_DATE = calendarDateIn(new Date(TEST_START.getTime() + 10 * DAY), TEST_TZ);
const MOVED_DATE = calendarDateIn(new Date(TEST_START.getTime() + 11 * DAY), TEST_TZ);
const UID = (id: number) => `isonew-tavolo-${id}@isonew.app`;
const rome = (instant: Date, locale: 'it' | 'en' = 'it') => formatInstant(instant, TEST_TZ, locale, 'dateTime');

type Element = { type: string; action_id?: string; value?: string };
type Call = { args: Record<string, unknown> };

/** The buttons of a posted message. */
function buttonsOf(call: Call): Element[] {
  const blocks = (call.args.blocks ?? []) as Array<{ type: string; elements?: Element[]; accessory?: Element }>;
  return blocks.flatMap((b) => [...(b.type === 'actions' ? (b.elements ?? []) : []), ...(b.accessory ? [b.accessory] : [])]).filter((e) => e.type === 'button');
}

describe.each(DATABASES)('/tavolo: reminders, moved meetings and corrected calendar files (%s)', (kind) => {
  let t: TestApp;
  let orgIds: Record<string, number>;

  const suite = networkSuite(kind, clock, [
    { user: UEPE_A, org: 'UEPE' },
    { user: UEPE_B, org: 'UEPE' },
    { user: CISL_A, org: 'CISL' },
    { user: LEGA_OBS, org: 'LEGACOOP', role: 'observer' },
    { user: COORD_EN, org: 'PROV-GO', role: 'coordinator', locale: 'en' },
  ]);
  beforeEach(() => {
    t = suite.app;
    orgIds = suite.orgs;
    t.slack.reset();
    t.slack.setClock(() => clock.now().getTime());
  });

  const knex = () => t.app.db.knex;
  const dmChannel = (user: string) => `D${user.slice(0, 10)}`;
  const dmsTo = (user: string) => t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === dmChannel(user));
  const fileDmsTo = (user: string) => t.slack.callsTo('files.completeUploadExternal').filter((c) => c.args.channel_id === dmChannel(user));
  const commentOf = (call: Call) => String(call.args.initial_comment ?? '');
  /** The uploaded bytes of a file message (the fake records each upload as `upload` with its file id). */
  const uploadOf = (call: Call) => {
    const ids = (call.args.files as Array<{ id: string }>).map((f) => f.id);
    const upload = t.slack.callsTo('upload').find((u) => ids.includes(String(u.args.fileId)))!;
    return { fileId: String(upload.args.fileId), text: String(upload.args.content) };
  };
  const noticeCalls = () => t.slack.calls.filter((c) => (c.method === 'chat.postMessage' || c.method === 'chat.update') && c.args.channel === CHANNEL && !c.args.thread_ts);
  const latestNotice = () => {
    const calls = noticeCalls();
    return calls.length ? visibleText(calls[calls.length - 1]!.args) : '';
  };
  const noticeShows = (...parts: string[]) => waitFor(() => parts.every((p) => latestNotice().includes(p)), 5000, `notice showing ${parts.join(', ')}`);

  /** Clicks a button; resolves with the reply sent to its response_url. */
  async function act(user: string, actionId: string, options: Parameters<TestApp['action']>[2] = {}): Promise<string> {
    const before = t.slack.responses.length;
    const res = await t.action(user, actionId, options);
    expect(res.status).toBe(200);
    const reply = await waitFor(() => t.slack.responses[before], 5000, `reply to ${actionId}`);
    return visibleText(reply.body);
  }

  function meetingValues(overrides: Record<string, Record<string, unknown>> = {}) {
    return {
      table_title: input.text(''),
      table_date: input.date(MEETING_DATE),
      table_start: input.time('10:00'),
      table_end: input.time('12:00'),
      table_place: input.text('Sala consiliare, Gorizia'),
      table_link: input.text(''),
      table_agenda: input.text(`Apertura dei lavori\n${REMOVED}`),
      table_orgs: input.multi([String(orgIds['PROV-GO']), String(orgIds.UEPE), String(orgIds.CISL), String(orgIds.LEGACOOP)]),
      table_channel: input.channel(CHANNEL),
      ...overrides,
    };
  }

  async function convene(overrides: Record<string, Record<string, unknown>> = {}): Promise<number> {
    const res = await t.submitView(COORDINATOR, 'table_convene', meetingValues(overrides), JSON.stringify({ channelId: CHANNEL }));
    expect(res.text).toBe('');
    const row = await knex()('meetings').orderBy('id', 'desc').first();
    await waitFor(() => noticeCalls().length > 0, 5000, 'notice posted');
    await t.settled();
    return row!.id;
  }

  async function edit(id: number, overrides: Record<string, Record<string, unknown>>) {
    const res = await t.submitView(COORDINATOR, 'table_edit', meetingValues(overrides), JSON.stringify({ meetingId: id }));
    expect(res.text).toBe('');
    await t.settled();
  }

  it('reminds who has not answered at most once every 24 hours, says when it last sent, and the DM answers', async () => {
    const id = await convene();
    expect(await act(UEPE_A, 'table_rsvp:yes', { value: String(id) })).toContain('partecipi');
    const reminders = (user: string) => dmsTo(user).filter((c) => /Promemoria|Reminder:/.test(visibleText(c.args)));

    // Coordinators only; and the button asks for confirmation first.
    expect(await act(UEPE_A, 'table_remind', { value: String(id) })).toContain('solo i coordinatori');
    const remindButton = buttonsOf(noticeCalls().at(-1)! as Call).find((b) => b.action_id === 'table_remind') as Element & { confirm?: unknown };
    expect(remindButton).toMatchObject({ value: String(id), confirm: expect.anything() });

    const sent = await act(COORDINATOR, 'table_remind', { value: String(id) });
    // When it went is the row's decision (the clock runs while the test does).
    const sentAt = (await knex()('meetings').where({ id }).first())!.reminders_sent_at!;
    expect(Math.abs(sentAt.getTime() - clock.now().getTime())).toBeLessThan(5000);
    expect(sent).toBe(`Sollecito inviato a 3 persone degli enti che non hanno ancora risposto al tavolo n. ${id}. Il prossimo si potrà inviare dal ${rome(new Date(sentAt.getTime() + DAY))}.`);
    await t.settled();
    // The organizations nobody answered for: CISL, LEGACOOP, and the Provincia (not the coordinator who pressed).
    for (const user of [CISL_A, LEGA_OBS]) {
      const [dm] = reminders(user);
      expect(visibleText(dm!.args)).toContain(`⏰ Promemoria: *Tavolo interistituzionale ISO.NEW* (tavolo n. ${id})`);
      expect(buttonsOf(dm!).map((b) => b.action_id)).toEqual(expect.arrayContaining(['table_rsvp:yes', 'table_rsvp:no', 'table_rsvp:maybe', 'table_ics']));
    }
    expect(visibleText(reminders(COORD_EN)[0]!.args)).toContain(`⏰ Reminder: *Tavolo interistituzionale ISO.NEW* (meeting no. ${id})`);
    for (const user of [UEPE_A, UEPE_B, COORDINATOR]) expect(reminders(user)).toHaveLength(0);
    await noticeShows(`🔔 Ultimo sollecito a chi non ha risposto: ${rome(sentAt)}`);

    // Within 24 hours nothing is sent, and the coordinator is told when it last went and when it can again.
    clock.set(new Date(sentAt.getTime() + 5 * HOUR));
    const tooSoon = `Non ho inviato nulla: il sollecito del tavolo n. ${id} è già partito il ${rome(sentAt)}. Il prossimo si potrà inviare dal ${rome(new Date(sentAt.getTime() + DAY))}.`;
    expect(await act(COORDINATOR, 'table_remind', { value: String(id) })).toBe(tooSoon);
    expect(visibleText((await t.command(COORDINATOR, '/tavolo', `sollecita ${id}`)).json)).toBe(tooSoon);
    expect(visibleText((await t.command(COORD_EN, '/tavolo', `remind ${id}`)).json)).toContain(`Nothing sent: the reminder for meeting no. ${id} already went out on ${rome(sentAt, 'en')}`);
    await t.settled();
    expect(reminders(CISL_A)).toHaveLength(1);

    // The reminder's own buttons answer.
    const yes = buttonsOf(reminders(CISL_A)[0]!).find((b) => b.action_id === 'table_rsvp:no')!;
    expect(await act(CISL_A, 'table_rsvp:no', { value: yes.value, channelId: dmChannel(CISL_A) })).toContain('non partecipi');
    expect(await knex()('rsvps').where({ meeting_id: id, user_id: CISL_A }).first()).toMatchObject({ response: 'no' });

    // After 24 hours, a double click sends once: the row decides which press wins.
    clock.set(new Date(sentAt.getTime() + DAY + 60_000));
    const before = t.slack.responses.length;
    await Promise.all([t.action(COORDINATOR, 'table_remind', { value: String(id) }), t.action(COORDINATOR, 'table_remind', { value: String(id) })]);
    await waitFor(() => t.slack.responses.length >= before + 2, 5000, 'both replies');
    const replies = t.slack.responses.slice(before).map((r) => visibleText(r.body));
    expect(replies.filter((r) => r.startsWith('Sollecito inviato a 2 persone'))).toHaveLength(1);
    expect(replies.filter((r) => r.startsWith('Non ho inviato nulla'))).toHaveLength(1);
    await t.settled();
    expect(reminders(CISL_A)).toHaveLength(1);
    expect(reminders(LEGA_OBS)).toHaveLength(2);
    expect((await listAudit(knex(), { action: 'meeting.remind' })).map((a) => a.after)).toEqual([{ recipients: 3 }, { recipients: 2 }]);

    // When every organization has answered there is nobody to remind, and nothing is recorded.
    await act(LEGA_OBS, 'table_rsvp:maybe', { value: String(id) });
    await act(COORD_EN, 'table_rsvp:yes', { value: String(id) });
    clock.set(new Date(sentAt.getTime() + 3 * DAY));
    expect(await act(COORDINATOR, 'table_remind', { value: String(id) })).toBe(`Tutti gli enti invitati al tavolo n. ${id} hanno già risposto: nessun sollecito da inviare.`);
    const lastSent = (await knex()('meetings').where({ id }).first())!.reminders_sent_at!;
    expect(lastSent.getTime() - sentAt.getTime()).toBeGreaterThanOrEqual(DAY + 60_000);
    expect(lastSent.getTime() - sentAt.getTime()).toBeLessThan(DAY + 2 * 60_000);

    // A cancelled meeting is not reminded of.
    await act(COORDINATOR, 'table_cancel', { value: String(id) });
    expect(await act(COORDINATOR, 'table_remind', { value: String(id) })).toContain('è stato annullato');
  });

  it('asks every invitee again after a move, with the RSVP buttons, and those buttons answer', async () => {
    const id = await convene();
    await act(UEPE_A, 'table_rsvp:yes', { value: String(id) });
    const askedAgain = (user: string) => dmsTo(user).filter((c) => visibleText(c.args).includes(`Il tavolo n. ${id} è stato spostato`) || visibleText(c.args).includes(`Meeting no. ${id} has been moved`));

    await edit(id, { table_date: input.date(MOVED_DATE) });
    expect(await knex()('rsvps').where({ meeting_id: id })).toHaveLength(0);
    for (const user of [UEPE_A, UEPE_B, CISL_A, LEGA_OBS, COORD_EN]) {
      const dms = askedAgain(user);
      expect(dms).toHaveLength(1);
      expect(buttonsOf(dms[0]!).map((b) => [b.action_id, b.value])).toEqual([
        ['table_rsvp:yes', String(id)],
        ['table_rsvp:no', String(id)],
        ['table_rsvp:maybe', String(id)],
        ['table_delegate_open', String(id)],
        ['table_ics', String(id)],
      ]);
      // The calendar file still comes too, saying the answers were reset.
      expect(fileDmsTo(user).filter((c) => commentOf(c).includes('da confermare') || commentOf(c).includes('to be confirmed'))).toHaveLength(1);
    }
    expect(visibleText(askedAgain(UEPE_A)[0]!.args)).toContain('Le risposte sono tornate «da confermare»: partecipi?');
    expect(visibleText(askedAgain(COORD_EN)[0]!.args)).toContain('will you attend?');
    expect(dmsTo(COORDINATOR).filter((c) => visibleText(c.args).includes('spostato'))).toHaveLength(0);

    // The buttons of that DM answer for the new date.
    const dm = askedAgain(CISL_A)[0]!;
    const maybe = buttonsOf(dm).find((b) => b.action_id === 'table_rsvp:maybe')!;
    expect(await act(CISL_A, 'table_rsvp:maybe', { value: maybe.value, channelId: dmChannel(CISL_A) })).toContain('forse partecipi');
    expect(await act(UEPE_B, 'table_rsvp:yes', { value: String(id), channelId: dmChannel(UEPE_B) })).toContain('partecipi');
    await noticeShows('✅ *UEPE* · confermato', '❔ *CISL* · forse');

    // A change that keeps the date and time keeps the answers and asks nobody again.
    await edit(id, { table_date: input.date(MOVED_DATE), table_place: input.text('Sala 2, Gorizia') });
    expect(await knex()('rsvps').where({ meeting_id: id })).toHaveLength(2);
    expect(askedAgain(CISL_A)).toHaveLength(1);
  });

  it('replaces every calendar file already sent when an agenda text is corrected: old files deleted, a corrected one to each person', async () => {
    const id = await convene();
    // A calendar file sent by the button, then the change notices (files) of a move.
    expect(await act(UEPE_A, 'table_ics', { value: String(id) })).toContain('Ti ho inviato il file del calendario');
    await edit(id, { table_date: input.date(MOVED_DATE) });
    const holders = [UEPE_A, UEPE_B, CISL_A, LEGA_OBS, COORD_EN];
    const oldFiles = holders.flatMap((user) => fileDmsTo(user).map(uploadOf));
    expect(oldFiles).toHaveLength(6);
    for (const file of oldFiles) expect(parseIcs(file.text).description).toContain(REMOVED);

    // Slack fails the first deletion: the outbox tries again.
    t.slack.failNext('files.delete', { error: 'internal_error' });
    const item = (await knex()('agenda_items').where({ meeting_id: id, text: REMOVED }).first()) as { id: number };
    expect(visibleText((await t.command(UEPE_A, '/tavolo', `correggi odg ${item.id} Punto corretto`)).json)).toContain('solo chi ha scritto il testo');
    expect(visibleText((await t.command(COORDINATOR, '/tavolo', `correggi odg ${item.id} Punto da discutere [testo rimosso]`)).json)).toContain('Testo corretto');
    await t.settled();
    await t.app.platform.outbox.flush(new Date(clock.now().getTime() + 10 * 60_000));
    await t.settled();

    const deleted = new Set(t.slack.callsTo('files.delete').map((c) => String(c.args.file)));
    expect([...deleted].sort()).toEqual(oldFiles.map((f) => f.fileId).sort());
    for (const user of holders) {
      const corrected = fileDmsTo(user).filter((c) => commentOf(c).includes(`Un testo del tavolo n. ${id} è stato corretto`) || commentOf(c).includes(`A text of meeting no. ${id} was corrected`));
      expect(corrected).toHaveLength(1);
      const { text, fileId } = uploadOf(corrected[0]!);
      expect(deleted.has(fileId)).toBe(false);
      // Same event, a higher SEQUENCE (moved once, corrected once), published; the removed text is gone.
      expect(parseIcs(text)).toMatchObject({ uid: UID(id), sequence: 2, method: 'PUBLISH', status: 'CONFIRMED' });
      expect(parseIcs(text).description).toContain('Punto da discutere [testo rimosso]');
      expect(text).not.toContain('ZQXRIMOSSO');
    }
    expect(fileDmsTo(COORDINATOR)).toHaveLength(0);
    await noticeShows('Punto da discutere [testo rimosso]');
    expect(latestNotice()).not.toContain('ZQXRIMOSSO');

    // The audit says where, never the text; nothing in the database holds the removed text.
    const [audit] = await listAudit(knex(), { action: 'table.text.correct' });
    expect(audit).toMatchObject({ actorUserId: COORDINATOR, after: { meetingId: id, shownIn: expect.arrayContaining(['calendar_file', 'calendar_files_sent']) } });
    expect(JSON.stringify(await snapshotData(knex()))).not.toContain('ZQXRIMOSSO');

    // A second correction replaces the corrected files in turn (they are recorded like the first ones).
    const corrections = t.slack.callsTo('files.delete').length;
    expect(visibleText((await t.command(COORDINATOR, '/tavolo', `correggi odg ${item.id} Punto da discutere`)).json)).toContain('Testo corretto');
    await t.settled();
    expect(t.slack.callsTo('files.delete').length - corrections).toBe(holders.length);
    const latest = fileDmsTo(UEPE_A).at(-1)!;
    expect(parseIcs(uploadOf(latest).text)).toMatchObject({ uid: UID(id), sequence: 3 });
    // The button sends the corrected file from now on.
    expect(await act(CISL_A, 'table_ics', { value: String(id) })).toContain('Ti ho inviato');
    expect(parseIcs(uploadOf(fileDmsTo(CISL_A).at(-1)!).text)).toMatchObject({ sequence: 3, description: expect.stringContaining('2. Punto da discutere') });
  });

  it('replaces the calendar files already sent when the title or place changes; a move alone deletes none', async () => {
    const id = await convene({ table_place: input.text('Via ZQXSBAGLIATA 3, Gorizia') });
    expect(await act(UEPE_A, 'table_ics', { value: String(id) })).toContain('Ti ho inviato');
    expect(await act(COORDINATOR, 'table_ics', { value: String(id) })).toContain('Ti ho inviato');
    const sent = [UEPE_A, COORDINATOR].map((user) => uploadOf(fileDmsTo(user)[0]!));
    for (const file of sent) expect(file.text).toContain('ZQXSBAGLIATA');

    // A move keeps the place: the files already sent stay, the change notices bring the new time.
    await edit(id, { table_place: input.text('Via ZQXSBAGLIATA 3, Gorizia'), table_date: input.date(MOVED_DATE) });
    expect(t.slack.callsTo('files.delete')).toHaveLength(0);
    expect(fileDmsTo(COORDINATOR)).toHaveLength(1);

    // The place is corrected: every file that showed the old one is deleted from Slack.
    const filesBefore = new Map([UEPE_A, UEPE_B, COORDINATOR].map((user) => [user, fileDmsTo(user).length]));
    await edit(id, { table_place: input.text('Sala consiliare, Gorizia'), table_date: input.date(MOVED_DATE) });
    const deleted = new Set(t.slack.callsTo('files.delete').map((c) => String(c.args.file)));
    const holders = [UEPE_A, UEPE_B, CISL_A, LEGA_OBS, COORD_EN];
    const oldFiles = [...sent, ...holders.flatMap((user) => fileDmsTo(user).map(uploadOf).filter((f) => f.text.includes('ZQXSBAGLIATA')))];
    expect([...deleted].sort()).toEqual([...new Set(oldFiles.map((f) => f.fileId))].sort());
    // Who is told of the change gets one file, with the notice; the coordinator who changed it, the corrected one.
    expect(fileDmsTo(UEPE_A).length - filesBefore.get(UEPE_A)!).toBe(1);
    expect(fileDmsTo(UEPE_B).length - filesBefore.get(UEPE_B)!).toBe(1);
    const corrected = fileDmsTo(COORDINATOR).slice(filesBefore.get(COORDINATOR)!);
    expect(corrected).toHaveLength(1);
    expect(commentOf(corrected[0]!)).toContain(`Un testo del tavolo n. ${id} è stato corretto`);
    for (const user of [...holders, COORDINATOR]) {
      const latest = uploadOf(fileDmsTo(user).at(-1)!);
      expect(deleted.has(latest.fileId)).toBe(false);
      expect(parseIcs(latest.text)).toMatchObject({ uid: UID(id), location: 'Sala consiliare, Gorizia' });
    }
    const [, audit] = await listAudit(knex(), { action: 'meeting.reschedule' });
    expect(audit?.after).toMatchObject({ calendarFilesReplaced: deleted.size });
    expect(JSON.stringify(audit)).not.toContain('ZQXSBAGLIATA');
  });

  it('replaces a corrected calendar file that was on its way when the text was corrected again', async () => {
    const id = await convene();
    expect(await act(UEPE_A, 'table_ics', { value: String(id) })).toContain('Ti ho inviato');
    const item = (await knex()('agenda_items').where({ meeting_id: id, text: REMOVED }).first()) as { id: number };
    const icsUploads = () => t.slack.callsTo('files.getUploadURLExternal').filter((c) => String(c.args.filename).endsWith('.ics')).length;
    const uploadsBefore = icsUploads();
    // Slack holds the corrected file's upload for a moment: a second correction lands meanwhile.
    t.slack.failNext('files.completeUploadExternal', { delayMs: 1500 });
    expect(visibleText((await t.command(COORDINATOR, '/tavolo', `correggi odg ${item.id} Punto ZQXSECONDO`)).json)).toContain('Testo corretto');
    await waitFor(() => icsUploads() > uploadsBefore, 5000, 'the corrected file on its way');
    expect(visibleText((await t.command(COORDINATOR, '/tavolo', `correggi odg ${item.id} Punto finale`)).json)).toContain('Testo corretto');
    // The first corrected file was still being delivered: it is to be deleted once Slack has it.
    const [onItsWay] = (await knex()('outbox_posts').where({ kind: 'table.calendar', target: UEPE_A }).whereLike('dedupe_key', 'table-calendar-corrected%').orderBy('id')) as Array<{ status: string; remove_requested_at: Date | null }>;
    expect(onItsWay).toMatchObject({ status: 'pending', remove_requested_at: expect.any(Date) });
    await t.settled();

    // Every file that showed a removed text is gone from Slack; the last one shows the final text.
    const deleted = new Set(t.slack.callsTo('files.delete').map((c) => String(c.args.file)));
    const files = fileDmsTo(UEPE_A).map(uploadOf);
    expect(files).toHaveLength(3);
    for (const file of files.slice(0, 2)) expect(deleted.has(file.fileId)).toBe(true);
    expect(files[1]!.text).toContain('ZQXSECONDO');
    expect(deleted.has(files[2]!.fileId)).toBe(false);
    expect(parseIcs(files[2]!.text)).toMatchObject({ uid: UID(id), sequence: 2, description: expect.stringContaining('2. Punto finale') });
    expect(await knex()('outbox_posts').where({ status: 'pending' })).toHaveLength(0);
  });

  it('corrects an action item carried onto the next agenda: its notice and calendar files follow', async () => {
    const first = await convene({ table_agenda: input.text('Apertura dei lavori') });
    // The first meeting takes place, with an action item; the next one carries it onto its agenda.
    await knex()('meetings').where({ id: first }).update({ starts_at: new Date(clock.now().getTime() - 3 * HOUR), ends_at: new Date(clock.now().getTime() - HOUR) });
    const minutes = await t.submitView(
      COORDINATOR,
      'table_minutes',
      {
        table_attendees: { value: { type: 'multi_users_select', selected_users: [UEPE_A] } },
        table_attendee_orgs: input.multi([]),
        table_summary: input.text('Sintesi.'),
        table_decisions: input.text(''),
        table_action_text_0: input.text(`Verificare ${REMOVED}`),
        table_action_org_0: input.select(String(orgIds.UEPE)),
        table_action_owner_0: input.user(null),
        table_action_due_0: input.date(MOVED_DATE),
      },
      JSON.stringify({ meetingId: first }),
    );
    expect(minutes.text).toBe('');
    const action = (await knex()('action_items').where({ meeting_id: first }).first()) as { id: number };
    const res = await t.submitView(COORDINATOR, 'table_convene', { ...meetingValues({ table_agenda: input.text('') }), table_carry: input.checkboxes([String(action.id)]) }, JSON.stringify({ channelId: CHANNEL }));
    expect(res.text).toBe('');
    const next = ((await knex()('meetings').orderBy('id', 'desc').first()) as { id: number }).id;
    expect(await act(UEPE_B, 'table_ics', { value: String(next) })).toContain('Ti ho inviato');
    const oldFile = uploadOf(fileDmsTo(UEPE_B).at(-1)!);
    expect(parseIcs(oldFile.text).description).toContain(`Verificare ${REMOVED} (UEPE)`);

    expect(visibleText((await t.command(COORDINATOR, '/tavolo', `correggi azione ${action.id} Verificare il trasferimento`)).json)).toContain('Testo corretto');
    await t.settled();
    expect(await knex()('agenda_items').where({ meeting_id: next }).select('text')).toEqual([{ text: 'Verificare il trasferimento (UEPE)' }]);
    expect(t.slack.callsTo('files.delete').map((c) => c.args.file)).toEqual([oldFile.fileId]);
    const corrected = fileDmsTo(UEPE_B).at(-1)!;
    expect(commentOf(corrected)).toContain(`Un testo del tavolo n. ${next} è stato corretto`);
    expect(parseIcs(uploadOf(corrected).text)).toMatchObject({ sequence: 1, description: expect.stringContaining('Verificare il trasferimento (UEPE)') });
    expect(JSON.stringify(await snapshotData(knex()))).not.toContain('ZQXRIMOSSO');
  });
});
