import { calendarDateIn, dayjs } from '../../src/platform/time';
import { TestClock } from '../support/clock';
import { DATABASES } from '../support/databases';
import { startTestApp, visibleText, waitFor, type TestApp } from '../support/harness';
import { buildNetwork } from '../support/network';
import { input, TEAM_ID } from '../support/slack-requests';

/**
 * Issue 15, "Tell the people concerned": a DM to the offering organization when a candidate is
 * referred, to the referring organization when a referral changes status; once, in the reader's
 * language, through the outbox; each kind switchable off in the App Home, the choice stored.
 */

const COOP = 'UCOOP0001';
const COOP2 = 'UCOOP0002'; // reads English
const UEPE = 'UUEPE0001';
const UEPE2 = 'UUEPE0002'; // reads English
const OBSERVER = 'UOBSERV01';
const clock = new TestClock();

function day(offset: number): string {
  return dayjs.utc(calendarDateIn(clock.now(), 'Europe/Rome')).add(offset, 'day').format('YYYY-MM-DD');
}

describe.each(DATABASES)('referral notifications (%s)', (kind) => {
  let t: TestApp;
  const orgs: Record<string, number> = {};

  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
  }, 120_000);
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(async () => {
    await t.reset();
    t.slack.setClock(() => clock.now().getTime());
    const network = await buildNetwork(
      t.byHand,
      [
        { user: COOP, org: 'LEGACOOP' },
        { user: COOP2, org: 'LEGACOOP', locale: 'en' },
        { user: OBSERVER, org: 'LEGACOOP', role: 'observer' },
        { user: UEPE, org: 'UEPE' },
        { user: UEPE2, org: 'UEPE', locale: 'en' },
      ],
      { now: clock.now() },
    );
    Object.assign(orgs, network.orgs);
  });

  const knex = () => t.app.db.knex;
  const dmsTo = (user: string) => t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === `D${user}`).map((c) => visibleText(c.args as { text?: unknown; blocks?: unknown }));

  async function createOffer(): Promise<number> {
    const values = {
      offer_title: input.text('Addetta alla cucina'),
      offer_sector: input.select('catering'),
      offer_positions: input.number('1'),
      offer_contract: input.select('internship'),
      offer_hours: input.number(''),
      offer_location: input.text('Gorizia'),
      offer_start: input.date(null),
      offer_deadline: input.date(day(10)),
      offer_requirements: input.text(''),
      offer_eligibility: input.checkboxes(['former_prisoners']),
      offer_organization: input.select(String(orgs.LEGACOOP)),
    };
    expect((await t.submitView(COOP, 'offer_new', values, '{"channelId":"COFFERS"}')).text).toBe('');
    return Number((await knex()('offers').orderBy('id', 'desc').first())!.id);
  }

  async function refer(offerId: number, code: string): Promise<number> {
    const values = { referral_code: input.text(code), referral_organization: input.select(String(orgs.UEPE)), referral_note: input.text('') };
    expect((await t.submitView(UEPE, 'offer_referral_new', values, JSON.stringify({ offerId }))).text).toBe('');
    return Number((await knex()('referrals').where({ candidate_code: code }).first())!.id);
  }

  /** Ticks exactly `enabled` among the App Home's switches, as Slack sends a checkboxes change. */
  async function setSwitches(user: string, enabled: string[]) {
    const published = () => t.slack.callsTo('views.publish').filter((c) => c.args.user_id === user).length;
    const before = published();
    const option = (value: string) => ({ text: { type: 'plain_text', text: value }, value });
    const res = await t.postInteractive({
      type: 'block_actions',
      team: { id: TEAM_ID },
      user: { id: user, team_id: TEAM_ID },
      api_app_id: 'A0TEST',
      trigger_id: '1.trigger',
      container: { type: 'view', view_id: 'VHOME' },
      view: { id: 'VHOME', type: 'home' },
      actions: [{ type: 'checkboxes', action_id: 'home_notifications', block_id: 'home_notifications', selected_options: enabled.map(option), action_ts: '1.1' }],
    });
    expect(res.status).toBe(200);
    // The action is acknowledged first and handled after: its Home republished says it is done.
    await waitFor(() => published() > before, 10_000, 'the App Home republished');
    await t.settled();
  }

  /** A button, then its reply (sent once the change is committed), then the app's work after it. */
  async function press(user: string, actionId: string, value: string) {
    t.slack.responses.length = 0;
    await t.action(user, actionId, { value });
    await waitFor(() => t.slack.responses.at(-1), 10_000, 'the reply');
    await t.settled();
  }

  it('tells the offering organization of a referral, and the referring one of each change, once, in their language', async () => {
    const id = await createOffer();
    const ref = await refer(id, 'UEPE-2026-001');
    await t.settled();
    await t.settled();
    expect(dmsTo(COOP)).toEqual([expect.stringContaining(`Nuova segnalazione per l’offerta *#${id} Addetta alla cucina*: candidata \`UEPE-2026-001\`, segnalata da UEPE`)]);
    expect(dmsTo(COOP2)).toEqual([expect.stringContaining(`New referral to offer *#${id} Addetta alla cucina*`)]);
    // Not the referrer, not observers, not the referring organization.
    for (const user of [UEPE, UEPE2, OBSERVER]) expect(dmsTo(user)).toEqual([]);

    await press(COOP, `offer_referral_status:${ref}:interview`, 'interview');
    expect(dmsTo(UEPE)).toEqual([expect.stringContaining('La segnalazione `UEPE-2026-001` per l’offerta *#1 Addetta alla cucina* ora è *colloquio*')]);
    expect(dmsTo(UEPE2)).toEqual([expect.stringContaining('Referral `UEPE-2026-001` to offer *#1 Addetta alla cucina* is now *interview*')]);
    // The same request again is not a second change, and the outbox posts once across flushes.
    await press(COOP, `offer_referral_status:${ref}:interview`, 'interview');
    expect(dmsTo(UEPE)).toHaveLength(1);
    const rows = await knex()('outbox_posts').whereIn('kind', ['offers.referral_received', 'offers.referral_status']).select('kind', 'status');
    expect(rows).toHaveLength(4);
    expect(rows.every((r: { status: string }) => r.status === 'sent')).toBe(true);

    // The referring organization withdraws its candidate: the actor is not told what they did.
    await press(UEPE, `offer_referral_status:${ref}:withdrawn`, 'withdrawn');
    expect(dmsTo(UEPE)).toHaveLength(1);
    expect(dmsTo(UEPE2).at(-1)).toContain('is now *withdrawn*');
  });

  it('shows a switch per kind on the App Home; a kind turned off is not sent, and the choice is stored', async () => {
    await t.event('app_home_opened', COOP2, { extra: { tab: 'home' } });
    const home = await waitFor(() => t.slack.callsTo('views.publish').find((c) => c.args.user_id === COOP2));
    const view = home.args.view as { blocks: Array<{ block_id?: string; elements?: Array<{ options?: Array<{ value: string; text: { text: string } }>; initial_options?: Array<{ value: string }> }> }> };
    const switches = view.blocks.find((b) => b.block_id === 'home_notifications')!.elements![0]!;
    expect(switches.options!.map((o) => o.value)).toEqual(expect.arrayContaining(['offers.referral_received', 'offers.referral_status', 'offers.reminder']));
    expect(switches.options!.find((o) => o.value === 'offers.referral_received')!.text.text).toBe('New referrals to my organization’s offers');
    expect(switches.initial_options!.map((o) => o.value)).toEqual(switches.options!.map((o) => o.value));

    await setSwitches(COOP2, ['offers.referral_status', 'offers.reminder']);
    expect(await knex()('notification_settings').where({ user_id: COOP2 }).select('kind', 'enabled').orderBy('kind')).toEqual(
      expect.arrayContaining([{ kind: 'offers.referral_received', enabled: false }, { kind: 'offers.referral_status', enabled: true }]),
    );
    // The Home is republished with the switch off.
    const switchesOf = (c: { args: Record<string, unknown> }) => (c.args.view as typeof view).blocks.find((b) => b.block_id === 'home_notifications')!.elements![0]!;
    await waitFor(
      () => t.slack.callsTo('views.publish').some((c) => c.args.user_id === COOP2 && !switchesOf(c).initial_options!.some((o) => o.value === 'offers.referral_received')),
      5000,
      'the App Home with the switch off',
    );

    const id = await createOffer();
    await refer(id, 'UEPE-2026-002');
    await t.settled();
    expect(dmsTo(COOP)).toHaveLength(1);
    expect(dmsTo(COOP2)).toEqual([]);
    expect((await knex()('outbox_posts').where({ target: COOP2 }).first())).toMatchObject({ status: 'skipped', last_error: 'turned_off' });

    // Turned on again: the next one arrives.
    await setSwitches(COOP2, ['offers.referral_received', 'offers.referral_status', 'offers.reminder']);
    await refer(id, 'UEPE-2026-003');
    await t.settled();
    expect(dmsTo(COOP2)).toHaveLength(1);
    // Someone who is not a member has no switches to set.
    const outsider = await t.postInteractive({
      type: 'block_actions', team: { id: TEAM_ID }, user: { id: 'UOUTSIDE1', team_id: TEAM_ID }, api_app_id: 'A0TEST', trigger_id: '1.t',
      container: { type: 'view', view_id: 'VHOME' }, view: { id: 'VHOME', type: 'home' },
      actions: [{ type: 'checkboxes', action_id: 'home_notifications', block_id: 'home_notifications', selected_options: [], action_ts: '1.1' }],
    });
    expect(outsider.status).toBe(200);
    await t.settled();
    expect(await knex()('notification_settings').where({ user_id: 'UOUTSIDE1' })).toEqual([]);
  });
});
