import { createTableArea, type TableArea } from '../../../src/areas/table';
import { findMemberByUserId, type Actor } from '../../../src/areas/network';
import { listAudit } from '../../../src/platform/audit/audit-store';
import type { Database } from '../../../src/platform/database';
import { isAppError, type AppErrorCode } from '../../../src/platform/errors';
import type { Platform } from '../../../src/platform/runtime';
import { errorText } from '../../../src/platform/slack/error-views';
import { TEST_START, TestClock } from '../../support/clock';
import { DATABASES } from '../../support/databases';
import { startTestPlatform, type TestPlatform } from '../../support/platform';
import { buildNetwork } from '../../support/network';
import type { FakeSlack } from '../../support/fake-slack';
import { parseIcs } from '../../support/ics';

/**
 * The table's use cases on a real database (PGlite, and PostgreSQL when TEST_DATABASE_URL is set),
 * without Slack's HTTP endpoint: the platform is built as the app builds it, the outbox and the
 * publisher deliver to the fake Slack when a test flushes them.
 */
const COORDINATOR = 'UCOORD01';
const UEPE_A = 'UUEPE01';
const UEPE_B = 'UUEPE02';
const CISL_A = 'UCISL01';
const OBSERVER = 'ULEGA01';
const CHANNEL = 'CTAVOLO';
const HOUR = 3_600_000;

/** Sunday 24 May 2026, 10:00–12:00 in Rome, twelve days after the clock's start. */
const MEETING_DATE = '2026-05-24';

/** The sentence a user would read for what a call threw (in Italian). */
async function refusal(call: Promise<unknown>): Promise<{ code: AppErrorCode; text: string }> {
  try {
    await call;
  } catch (error) {
    if (!isAppError(error)) throw error;
    return { code: error.code, text: errorText(error, 'it') };
  }
  throw new Error('expected a refusal');
}

describe.each(DATABASES)('the table use cases (%s)', (kind) => {
  let database: Database;
  let tp: TestPlatform;
  let slack: FakeSlack;
  let platform: Platform;
  let table: TableArea;
  let orgs: Record<string, number>;
  const clock = new TestClock();
  const knex = () => database.knex;

  beforeAll(async () => {
    tp = await startTestPlatform(kind, { clock, config: { adminUserIds: [COORDINATOR] } });
    ({ db: database, slack, platform } = tp);
    table = createTableArea(platform);
  });

  afterAll(async () => {
    await tp.stop();
  });

  beforeEach(async () => {
    clock.set(TEST_START);
    const tables = await knex().raw<{ rows: Array<{ tablename: string }> }>(
      `select tablename from pg_tables where schemaname = current_schema() and tablename not like 'knex_migrations%'`,
    );
    await knex().raw(`truncate ${tables.rows.map((r) => `"${r.tablename}"`).join(', ')} restart identity cascade`);
    ({ orgs } = await buildNetwork((work) => work(knex()), [
      { user: COORDINATOR, org: 'PROV-GO', role: 'coordinator' },
      { user: UEPE_A, org: 'UEPE' },
      { user: UEPE_B, org: 'UEPE' },
      { user: CISL_A, org: 'CISL' },
      { user: OBSERVER, org: 'LEGACOOP', role: 'observer' },
    ]));
    slack.reset();
    slack.setClock(() => clock.now().getTime());
  });

  async function actor(userId: string): Promise<Actor> {
    const member = (await findMemberByUserId(knex(), userId)) ?? null;
    return { userId, teamId: null, member, role: member?.role ?? null, isConfiguredAdmin: userId === COORDINATOR, locale: 'it' };
  }

  const meetingInput = (overrides: Record<string, unknown> = {}) => ({
    title: 'Tavolo di maggio',
    date: MEETING_DATE,
    start: '10:00',
    end: '12:00',
    place: 'Gorizia',
    agenda: 'Apertura\nTirocini',
    organizationIds: [String(orgs.UEPE), String(orgs.CISL), String(orgs.LEGACOOP)],
    channelId: CHANNEL,
    ...overrides,
  });

  async function convene(overrides: Record<string, unknown> = {}): Promise<number> {
    const result = await table.meetings.convene(await actor(COORDINATOR), meetingInput(overrides), []);
    if (!result.ok) throw new Error(`convene: ${JSON.stringify(Object.keys(result.errors))}`);
    return result.meeting.id;
  }

  const outboxKeys = async () => (await knex()('outbox_posts').orderBy('id')).map((p) => p.dedupe_key);
  const dms = (text: string) => slack.callsTo('chat.postMessage').filter((c) => String(c.args.channel).startsWith('D') && String(c.args.text).includes(text));

  describe('meetings', () => {
    it('convenes: the meeting, its invitations and agenda, the notice asked of the publisher, the confirmation DM and the audit row', async () => {
      const id = await convene();
      expect(await knex()('meetings').where({ id }).first()).toMatchObject({ title: 'Tavolo di maggio', status: 'scheduled', sequence: 0, channel_id: CHANNEL });
      expect((await knex()('agenda_items').where({ meeting_id: id }).orderBy('position')).map((a) => a.text)).toEqual(['Apertura', 'Tirocini']);
      expect(await knex()('published_messages').where({ entity_type: 'meeting', entity_id: id })).toHaveLength(1);
      // The coordinator's confirmation, and an invitation to every member of the invited organizations.
      expect(await outboxKeys()).toEqual([`table-convened:meeting:${id}`, ...[OBSERVER, UEPE_A, UEPE_B, CISL_A].map((u) => `table-invitation:meeting:${id}:v0:${u}`)]);
      expect((await listAudit(knex(), { entity: 'meeting', entityId: id })).map((a) => a.action)).toEqual(['meeting.convene']);
      await platform.publisher.flush();
      await platform.outbox.flush();
      expect(slack.callsTo('chat.postMessage').find((c) => c.args.channel === CHANNEL)?.args.text).toContain('Convocazione: Tavolo di maggio');
      expect(dms(`Tavolo n. ${id} convocato`)).toHaveLength(1);
      expect(dms(`Sei invitato/a al tavolo n. ${id}`)).toHaveLength(4);
      // Each kind of DM a member can turn off is in the platform's registry (the App Home lists them).
      expect(platform.notifications.list().map((k) => k.name)).toEqual(expect.arrayContaining(['table.invitation', 'table.change', 'table.reminder', 'table.action_assigned', 'table.action_due']));
      expect(platform.notifications.list().find((k) => k.name === 'table.change')!.label('en')).toContain('moved');
    });

    it('refuses partners, and gives field errors for input in the past', async () => {
      expect(await refusal(table.meetings.convene(await actor(UEPE_A), meetingInput(), []))).toMatchObject({ code: 'forbidden', text: expect.stringContaining('solo i coordinatori') });
      const past = await table.meetings.convene(await actor(COORDINATOR), meetingInput({ date: '2026-05-01' }), []);
      expect(past.ok).toBe(false);
      if (!past.ok) expect(past.errors.date!('it')).toBe('La data e l’ora di inizio sono già passate: scegli un momento futuro.');
      expect(await knex()('meetings')).toHaveLength(0);
    });

    it('reschedules: a new version, the answers reset, and one change notice per invitee with the calendar file', async () => {
      const id = await convene();
      await table.rsvps.rsvp(await actor(UEPE_A), id, 'yes');
      await table.rsvps.setDelegate(await actor(CISL_A), id, CISL_A);
      const result = await table.meetings.reschedule(await actor(COORDINATOR), id, meetingInput({ start: '15:00', end: '17:00' }));
      expect(result).toMatchObject({ ok: true, meeting: { sequence: 1 } });
      expect((await outboxKeys()).filter((k) => k.startsWith('table-change-notice')).sort()).toEqual([CISL_A, OBSERVER, UEPE_A, UEPE_B].map((u) => `table-change-notice:meeting:${id}:v1:${u}`));
      expect(await knex()('rsvps').where({ meeting_id: id })).toHaveLength(0);
      await platform.outbox.flush();
      const files = slack.callsTo('files.completeUploadExternal').filter((c) => String(c.args.initial_comment).includes(`Il tavolo n. ${id} è cambiato`));
      expect(files).toHaveLength(4);
    });

    it('cancels once: a cancelled meeting cannot be cancelled or moved again', async () => {
      const id = await convene();
      await table.meetings.cancel(await actor(COORDINATOR), id);
      expect(await knex()('meetings').where({ id }).first()).toMatchObject({ status: 'cancelled', sequence: 1 });
      expect(await refusal(table.meetings.cancel(await actor(COORDINATOR), id))).toEqual({ code: 'conflict', text: `Il tavolo n. ${id} è stato annullato.` });
      expect(await refusal(table.meetings.editModel(await actor(COORDINATOR), id))).toMatchObject({ code: 'conflict' });
      const file = await table.meetings.calendarFile(await actor(UEPE_A), id);
      expect(file).toMatchObject({ filename: `tavolo-${id}.ics`, title: `Tavolo n. ${id}`, cancelled: true });
      expect(parseIcs(file.content)).toMatchObject({ method: 'PUBLISH', status: 'CANCELLED', sequence: 1 });
    });

    it('says which meeting is not found', async () => {
      expect(await refusal(table.meetings.details(await actor(UEPE_A), 999))).toEqual({ code: 'not_found', text: 'Tavolo n. 999 non trovato.' });
    });
  });

  describe('answers and delegates', () => {
    it('records an answer for the member’s organization and replaces it when they change their mind', async () => {
      const id = await convene();
      await table.rsvps.rsvp(await actor(UEPE_A), id, 'maybe');
      await table.rsvps.rsvp(await actor(UEPE_A), id, 'yes');
      expect(await knex()('rsvps').where({ meeting_id: id })).toEqual([expect.objectContaining({ user_id: UEPE_A, organization_id: orgs.UEPE, response: 'yes' })]);
    });

    it('refuses an organization not invited, a delegate from another organization, and a meeting that is over', async () => {
      const id = await convene({ organizationIds: [String(orgs.UEPE)] });
      expect(await refusal(table.rsvps.rsvp(await actor(CISL_A), id, 'yes'))).toMatchObject({ code: 'forbidden', text: expect.stringContaining('non è tra gli invitati') });
      expect(await refusal(table.rsvps.setDelegate(await actor(UEPE_A), id, CISL_A))).toMatchObject({ code: 'invalid_input', text: expect.stringContaining('non è un referente del tuo ente') });
      clock.set(new Date(`${MEETING_DATE}T12:00:00Z`));
      expect(await refusal(table.rsvps.rsvp(await actor(UEPE_A), id, 'yes'))).toEqual({ code: 'conflict', text: 'La riunione è già terminata.' });
      expect(await knex()('rsvps')).toHaveLength(0);
    });
  });

  describe('agenda', () => {
    it('lets members propose items and coordinators reorder them', async () => {
      const id = await convene();
      await table.agenda.proposeAgendaItem(await actor(CISL_A), id, '  Borse   lavoro ');
      const items = await knex()('agenda_items').where({ meeting_id: id }).orderBy('position');
      expect(items.map((a) => a.text)).toEqual(['Apertura', 'Tirocini', 'Borse lavoro']);
      await table.agenda.moveAgendaItem(await actor(COORDINATOR), items[2]!.id, 'up');
      expect((await knex()('agenda_items').where({ meeting_id: id }).orderBy('position')).map((a) => a.text)).toEqual(['Apertura', 'Borse lavoro', 'Tirocini']);
    });

    it('refuses observers, personal data, and a meeting that has started', async () => {
      const id = await convene();
      expect(await refusal(table.agenda.proposeAgendaItem(await actor(OBSERVER), id, 'Altro'))).toMatchObject({ code: 'forbidden' });
      expect(await refusal(table.agenda.proposeAgendaItem(await actor(CISL_A), id, 'Scrivere a mario.rossi@example.org'))).toMatchObject({ code: 'invalid_input', text: expect.stringContaining('indirizzo e-mail') });
      clock.set(new Date(`${MEETING_DATE}T08:30:00Z`));
      expect(await refusal(table.agenda.proposeAgendaItem(await actor(CISL_A), id, 'Tardi'))).toMatchObject({ code: 'conflict' });
    });
  });

  describe('minutes and action items', () => {
    const minutes = (organizationId: number) => ({
      attendees: [UEPE_A, CISL_A],
      summary: 'Punto sui tirocini.',
      decisions: '',
      actions: [{ text: 'Mappare i posti', organizationId: String(organizationId), ownerUserId: UEPE_B, dueDate: '2026-06-30' }],
    });

    it('refuses minutes before the meeting starts', async () => {
      const id = await convene();
      expect(await refusal(table.minutes.recordMinutes(await actor(COORDINATOR), id, minutes(orgs.UEPE!)))).toEqual({ code: 'conflict', text: `Il tavolo n. ${id} non è ancora iniziato: il verbale si scrive dopo la riunione.` });
    });

    it('records the minutes once, posts them in the notice’s thread, and lets the owner close the action item', async () => {
      const id = await convene();
      await platform.publisher.flush();
      clock.set(new Date(`${MEETING_DATE}T11:00:00Z`));
      const result = await table.minutes.recordMinutes(await actor(COORDINATOR), id, minutes(orgs.UEPE!));
      expect(result).toMatchObject({ ok: true, meeting: { status: 'held' } });
      expect(await outboxKeys()).toContain(`table-minutes:meeting:${id}`);
      await platform.outbox.flush();
      const notice = await knex()('published_messages').where({ entity_type: 'meeting', entity_id: id }).first();
      const posted = slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts === notice?.ts);
      expect(posted.map((c) => c.args.text)).toEqual(['Verbale: Tavolo di maggio']);
      // The job records that they were posted.
      expect(await table.reminders.run(clock.now())).toMatchObject({ minutes: 1 });
      expect((await knex()('meetings').where({ id }).first())?.minutes_posted_at).toEqual(expect.any(Date));
      // Recorded minutes are corrected, not recorded again: the action items stay as they were.
      expect(await table.minutes.recordMinutes(await actor(COORDINATOR), id, minutes(orgs.UEPE!))).toMatchObject({ ok: true, meeting: { status: 'held' } });
      expect(await knex()('action_items').where({ meeting_id: id })).toHaveLength(1);
      expect((await listAudit(knex(), { entity: 'meeting', entityId: id })).map((a) => a.action)).toContain('meeting.minutes.correct');

      const list = await table.minutes.actionItems(await actor(UEPE_A), 'mine');
      expect(list).toMatchObject({ total: 1, items: [{ text: 'Mappare i posti' }], completableIds: [list.items[0]!.id] });
      expect((await table.minutes.actionItems(await actor(CISL_A), 'open')).completableIds).toEqual([]);
      expect(await refusal(table.minutes.completeAction(await actor(CISL_A), list.items[0]!.id))).toMatchObject({ code: 'forbidden' });
      expect(await table.minutes.completeAction(await actor(UEPE_A), list.items[0]!.id)).toMatchObject({ status: 'done' });
    });
  });

  describe('reminders', () => {
    it('asks for each reminder once per person and version, and delivers it while it is due', async () => {
      const id = await convene();
      await table.rsvps.rsvp(await actor(UEPE_A), id, 'yes');
      const dayBefore = new Date(`${MEETING_DATE}T07:00:00Z`).getTime() - 24 * HOUR; // 09:00 Saturday in Rome
      expect(await table.reminders.run(new Date(dayBefore - 60_000))).toMatchObject({ dayBefore: 0, hourBefore: 0 });
      // CISL and LEGACOOP have not answered: their members are reminded.
      expect(await table.reminders.run(new Date(dayBefore))).toMatchObject({ dayBefore: 2, hourBefore: 0 });
      expect(await table.reminders.run(new Date(dayBefore + 5 * 60_000))).toMatchObject({ dayBefore: 0 });
      await platform.outbox.flush(new Date(dayBefore + 5 * 60_000));
      expect(dms('Domani').map((c) => c.args.channel).sort()).toEqual(['DUCISL01', 'DULEGA01']);

      // Moved before the hour-before reminder goes out: the old version's is not sent, the new one's is.
      const hourBefore = new Date(`${MEETING_DATE}T07:30:00Z`);
      expect(await table.reminders.run(hourBefore)).toMatchObject({ hourBefore: 1 });
      clock.set(hourBefore);
      await table.meetings.reschedule(await actor(COORDINATOR), id, meetingInput({ start: '10:15', end: '12:00' }));
      // Moving it reset the answers: nobody attends until they answer again.
      expect(await table.reminders.run(new Date(hourBefore.getTime() + 5 * 60_000))).toMatchObject({ hourBefore: 0 });
      await table.rsvps.rsvp(await actor(UEPE_A), id, 'yes');
      expect(await table.reminders.run(new Date(hourBefore.getTime() + 5 * 60_000))).toMatchObject({ hourBefore: 1 });
      await platform.outbox.flush(new Date(hourBefore.getTime() + 5 * 60_000));
      // 40 minutes before the new start: not "in an hour".
      expect(dms('Tra un’ora')).toHaveLength(0);
      expect(dms('Tra 40 minuti')).toHaveLength(1);
      expect(await outboxKeys()).toEqual(expect.arrayContaining([`table-reminder-hour_before:meeting:${id}:v0:${UEPE_A}`, `table-reminder-hour_before:meeting:${id}:v1:${UEPE_A}`]));
    });
  });
});
