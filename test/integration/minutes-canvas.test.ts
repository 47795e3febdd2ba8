import { TEST_START, TestClock } from '../support/clock';
import { DATABASES } from '../support/databases';
import { COORDINATOR, startTestApp, visibleText, waitFor, type TestApp } from '../support/harness';
import { addDays } from '../support/dates';
import { buildNetwork } from '../support/network';
import { input } from '../support/slack-requests';
import { calendarDateIn } from '../../src/platform/time';

const UEPE_A = 'UUEPE01';
const CISL_A = 'UCISL01';
const CHANNEL = 'CTAVOLO';
const HOUR = 3_600_000;
const TZ = 'Europe/Rome';

/** Minutes written to the table channel's canvas (conversations.canvases.create, then canvases.edit). */
describe.each(DATABASES)('the minutes canvas (%s)', (kind) => {
  let t: TestApp;
  const clock = new TestClock();
  let orgIds: Record<string, number>;

  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
    // Posts go out when the test flushes the outbox (after the canvas is written).
    await t.app.platform.outbox.stop();
  }, 120_000);
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(async () => {
    clock.set(TEST_START);
    await t.reset();
    orgIds = (await buildNetwork((w) => t.byHand(w), [{ user: UEPE_A, org: 'UEPE' }, { user: CISL_A, org: 'CISL' }], { now: clock.now() })).orgs;
    t.slack.reset();
    t.slack.setClock(() => clock.now().getTime());
  }, 120_000);

  const knex = () => t.app.db.knex;
  const today = () => calendarDateIn(clock.now(), TZ);

  /** A meeting convened through the modal, then held (its times moved into the past). */
  async function heldMeeting(title: string): Promise<number> {
    const res = await t.submitView(
      COORDINATOR,
      'table_convene',
      {
        table_title: input.text(title),
        table_date: input.date(addDays(today(), 3)),
        table_start: input.time('10:00'),
        table_end: input.time('12:00'),
        table_place: input.text('Sala consiliare'),
        table_link: input.text(''),
        table_agenda: input.text('Apertura'),
        table_orgs: input.multi([String(orgIds.UEPE), String(orgIds.CISL)]),
        table_channel: input.channel(CHANNEL),
      },
      JSON.stringify({ channelId: CHANNEL }),
    );
    expect(res.status).toBe(200);
    const row = await knex()('meetings').orderBy('id', 'desc').first();
    await knex()('meetings').where({ id: row!.id }).update({ starts_at: new Date(clock.now().getTime() - 3 * HOUR), ends_at: new Date(clock.now().getTime() - HOUR) });
    return Number(row!.id);
  }

  async function record(id: number, summary: string): Promise<void> {
    const actor = await t.app.areas.network.resolveActor(COORDINATOR, null);
    const result = await t.app.areas.table.minutes.recordMinutes(actor, id, {
      attendees: [UEPE_A, CISL_A],
      summary,
      decisions: 'Avviare due borse lavoro <subito>.',
      actions: [{ text: 'Mappare i posti *disponibili*', organizationId: String(orgIds.UEPE), ownerUserId: UEPE_A, dueDate: addDays(today(), 30) }],
    });
    expect(result).toMatchObject({ ok: true });
  }

  it('writes each meeting’s minutes as a section of the channel canvas, and the thread message links to it', async () => {
    const first = await heldMeeting('Tavolo di maggio');
    await record(first, 'Punto sui tirocini.');
    const created = t.slack.callsTo('conversations.canvases.create');
    expect(created).toHaveLength(1);
    expect(created[0]!.args.channel_id).toBe(CHANNEL);
    let canvas = t.slack.workspace.channelCanvas(CHANNEL)!;
    expect(canvas.markdown).toContain('## Tavolo di maggio');
    expect(canvas.markdown).toContain('Punto sui tirocini.');
    expect(canvas.markdown).toContain('Avviare due borse lavoro \\<subito\\>.');
    expect(canvas.markdown).toContain(`- [ ] Mappare i posti \\*disponibili\\* · ![](@${UEPE_A}) (UEPE) · entro il`);
    expect(canvas.markdown).toContain('**Presenze per ente**');
    expect(canvas.markdown).toContain(`- CISL: ![](@${CISL_A})`);
    expect(canvas.markdown).toContain(`- UEPE: ![](@${UEPE_A})`);

    await t.app.platform.outbox.flush();
    const minutes = await waitFor(() => t.slack.callsTo('chat.postMessage').find((c) => c.args.thread_ts && visibleText(c.args).includes('Verbale')));
    expect(visibleText(minutes.args)).toContain(`canvas del canale`);
    expect(visibleText(minutes.args)).toContain(`/docs/T0TEST/${canvas.id}|`);

    // A second meeting: the same canvas, rewritten with one section per meeting (newest first).
    const second = await heldMeeting('Tavolo di giugno');
    await record(second, 'Punto sulle convenzioni.');
    expect(t.slack.callsTo('conversations.canvases.create')).toHaveLength(1);
    const edits = t.slack.callsTo('canvases.edit');
    expect(edits).toHaveLength(1);
    expect(edits[0]!.args.changes).toEqual([{ operation: 'replace', document_content: { type: 'markdown', markdown: expect.any(String) } }]);
    canvas = t.slack.workspace.channelCanvas(CHANNEL)!;
    expect(canvas.markdown.indexOf('## Tavolo di giugno')).toBeLessThan(canvas.markdown.indexOf('## Tavolo di maggio'));
    expect(t.slack.violations).toEqual([]);
  });

  it('falls back to the thread message when the workspace refuses canvases, logs the code and tells the coordinator once', async () => {
    t.slack.failNext('conversations.canvases.create', { error: 'team_tier_cannot_create_channel_canvases' }, 2);
    const first = await heldMeeting('Tavolo di maggio');
    await record(first, 'Punto sui tirocini.');
    const second = await heldMeeting('Tavolo di giugno');
    await record(second, 'Punto sulle convenzioni.');
    expect(t.slack.workspace.channelCanvas(CHANNEL)).toBeUndefined();
    const told = t.slack.callsTo('chat.postMessage').filter((c) => visibleText(c.args).includes('non permette all’app di scrivere i verbali nel canvas'));
    expect(told).toHaveLength(1);
    expect(visibleText(told[0]!.args)).toContain('team_tier_cannot_create_channel_canvases');
    expect(await knex()('app_settings').where({ key: 'table.canvas_refusal_told' }).first()).toBeDefined();
    // The minutes still go in the thread, in full, without a link.
    await t.app.platform.outbox.flush();
    const minutes = await waitFor(() => t.slack.callsTo('chat.postMessage').filter((c) => c.args.thread_ts && visibleText(c.args).includes('Verbale')));
    expect(minutes.length).toBeGreaterThan(0);
    expect(visibleText(minutes[0]!.args)).toContain('Punto sui tirocini.');
    expect(visibleText(minutes[0]!.args)).not.toContain('canvas del canale');
  });
});
