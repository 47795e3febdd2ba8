import { calendarDateIn, dayjs } from '../../src/platform/time';
import { listAudit } from '../../src/platform/audit/audit-store';
import { TestClock } from '../support/clock';
import { DATABASES } from '../support/databases';
import { COORDINATOR, startTestApp, visibleText, waitFor, type TestApp } from '../support/harness';
import { buildNetwork } from '../support/network';
import { input } from '../support/slack-requests';

/**
 * Issue 15, "Offers and referrals": editing an offer, confirming the irreversible, undoing a
 * mistake; issue 14, correcting or redacting offer texts and referral notes.
 */

const COOP = 'UCOOP0001'; // Legacoop: the offering organization
const COOP2 = 'UCOOP0002';
const UEPE = 'UUEPE0001'; // the probation office: refers candidates
const UEPE2 = 'UUEPE0002';
const CISL = 'UCISL0001'; // a third organization
const OBSERVER = 'UOBSERV01';
const TZ = 'Europe/Rome';

type Values = Record<string, Record<string, unknown>>;
type Element = { action_id?: string; value?: string; confirm?: { text?: { text?: string } }; initial_value?: string; initial_date?: string; initial_option?: { value: string }; initial_options?: Array<{ value: string }> };
type SlackBlock = { type: string; block_id?: string; elements?: Element[]; element?: Element; accessory?: Element };

const clock = new TestClock();

function day(offset: number): string {
  return dayjs.utc(calendarDateIn(clock.now(), TZ)).add(offset, 'day').format('YYYY-MM-DD');
}

function offerValues(orgId: number, overrides: Values = {}): Values {
  return {
    offer_title: input.text('Addetta alla cucina'),
    offer_sector: input.select('catering'),
    offer_positions: input.number('1'),
    offer_contract: input.select('internship'),
    offer_hours: input.number('30'),
    offer_location: input.text('Gorizia'),
    offer_start: input.date(day(20)),
    offer_deadline: input.date(day(10)),
    offer_requirements: input.text('Disponibilità su turni, HACCP gradito'),
    offer_eligibility: input.checkboxes(['outside_work', 'former_prisoners']),
    offer_organization: input.select(String(orgId)),
    ...overrides,
  };
}

function elements(blocks: unknown): Element[] {
  const out: Element[] = [];
  for (const b of (blocks ?? []) as SlackBlock[]) {
    for (const e of b.elements ?? []) out.push(e);
    if (b.accessory) out.push(b.accessory);
  }
  return out;
}

describe.each(DATABASES)('offers: edit, confirm, undo, redact (%s)', (kind) => {
  let t: TestApp;
  const orgs: Record<string, number> = {};

  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
  });
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
        { user: UEPE, org: 'UEPE' },
        { user: UEPE2, org: 'UEPE', locale: 'en' },
        { user: CISL, org: 'CISL' },
        { user: OBSERVER, org: 'LEGACOOP', role: 'observer' },
      ],
      { now: clock.now() },
    );
    Object.assign(orgs, network.orgs);
  });

  const knex = () => t.app.db.knex;
  const lastResponse = () => waitFor(() => t.slack.responses.at(-1)?.body, 5000, 'a response_url reply');
  async function act(user: string, actionId: string, options: Parameters<TestApp['action']>[2] = {}) {
    t.slack.responses.length = 0;
    const res = await t.action(user, actionId, options);
    expect(res.status).toBe(200);
    return visibleText((await lastResponse()) as { blocks?: unknown; text?: unknown });
  }

  async function createOffer(user = COOP, overrides: Values = {}): Promise<number> {
    const res = await t.submitView(user, 'offer_new', offerValues(orgs.LEGACOOP!, overrides), JSON.stringify({ channelId: 'COFFERS' }));
    expect(res.text).toBe('');
    const row = await knex()('offers').orderBy('id', 'desc').first();
    return Number(row.id);
  }

  async function refer(offerId: number, code: string, user = UEPE, note = ''): Promise<number> {
    const res = await t.submitView(
      user,
      'offer_referral_new',
      { referral_code: input.text(code), referral_organization: input.select(String(orgs.UEPE)), referral_note: input.text(note) },
      JSON.stringify({ offerId, channelId: 'COFFERS' }),
    );
    expect(res.text).toBe('');
    return Number((await knex()('referrals').where({ offer_id: offerId, candidate_code: code }).first()).id);
  }

  /** The announcement as it is now in the channel (the last version the app posted or updated). */
  async function announcementOf(offerId: number): Promise<{ text: string; blocks: unknown }> {
    await t.settled();
    const row = await knex()('published_messages').where({ entity_type: 'offer', entity_id: offerId }).first();
    const same = (c: { args: Record<string, unknown> }) => c.args.channel === row.channel_id;
    const updated = t.slack.callsTo('chat.update').filter((c) => same(c) && c.args.ts === row.ts).at(-1);
    const posted = t.slack.callsTo('chat.postMessage').find((c) => same(c) && String(c.args.text).startsWith(`Offerta #${offerId}:`));
    const message = (updated ?? posted)?.args as { text?: unknown; blocks?: unknown } | undefined;
    return { text: visibleText(message), blocks: message?.blocks };
  }

  it('edits every field from the announcement and with /offerta modifica N; the announcement changes in place; the audit keeps before and after', async () => {
    const id = await createOffer();
    const first = await announcementOf(id);
    expect(first.text).toContain('Addetta alla cucina');
    expect(elements(first.blocks).map((e) => e.action_id)).toContain(`offer_edit_open:${id}`);

    // From the announcement: the modal opens prefilled.
    await t.action(COOP2, `offer_edit_open:${id}`, { value: String(id), channelId: 'COFFERS' });
    const open = await waitFor(() => t.slack.callsTo('views.open')[0]);
    const view = open.args.view as { callback_id: string; private_metadata: string; title: { text: string }; blocks: SlackBlock[] };
    expect(view.callback_id).toBe('offer_edit');
    expect(view.title.text).toBe('Edit offer');
    const field = (blockId: string) => view.blocks.find((b) => b.block_id === blockId)!.element!;
    expect(field('offer_title').initial_value).toBe('Addetta alla cucina');
    expect(field('offer_positions').initial_value).toBe('1');
    expect(field('offer_deadline').initial_date).toBe(day(10));
    expect(field('offer_sector').initial_option?.value).toBe('catering');
    expect(field('offer_eligibility').initial_options?.map((o) => o.value)).toEqual(['outside_work', 'former_prisoners']);
    expect(JSON.parse(view.private_metadata)).toEqual({ offerId: id, channelId: 'COFFERS' });

    // With the command: the same modal.
    t.slack.reset();
    await t.command(COOP, '/offerta', `modifica ${id}`, { channelId: 'COFFERS' });
    expect(((await waitFor(() => t.slack.callsTo('views.open')[0])).args.view as { callback_id: string }).callback_id).toBe('offer_edit');
    expect(visibleText((await t.command(COOP, '/offerta', 'edit')).json)).toContain('/offerta modifica <numero>');

    // Deadline extended, two positions, a new title.
    const saved = await t.submitView(
      COOP2,
      'offer_edit',
      offerValues(orgs.LEGACOOP!, { offer_title: input.text('Aiuto cuoca'), offer_positions: input.number('2'), offer_deadline: input.date(day(15)), offer_start: input.date(day(30)) }),
      JSON.stringify({ offerId: id, channelId: 'COFFERS' }),
    );
    expect(saved.text).toBe('');
    const row = await knex()('offers').where({ id }).first();
    expect(row).toMatchObject({ title: 'Aiuto cuoca', positions: 2, deadline: day(15) });
    const now = await announcementOf(id);
    expect(now.text).toContain('Aiuto cuoca');
    // In place: the announcement is updated, never posted a second time.
    expect(t.slack.callsTo('chat.postMessage').filter((c) => c.args.channel === 'COFFERS')).toHaveLength(0);
    expect(t.slack.callsTo('chat.update').length).toBeGreaterThan(0);
    const confirmation = t.slack.callsTo('chat.postEphemeral').find((c) => c.args.user === COOP2);
    expect(String(confirmation?.args.text)).toContain('Offer *#1 Aiuto cuoca* edited');

    const [audit] = await listAudit(knex(), { action: 'offer.edit' });
    expect(audit).toMatchObject({ actorUserId: COOP2, entityId: String(id) });
    expect(audit!.before).toMatchObject({ title: 'Addetta alla cucina', positions: 1, deadline: day(10) });
    expect(audit!.after).toMatchObject({ title: 'Aiuto cuoca', positions: 2, deadline: day(15) });

    // Submitting the same values again changes nothing and writes no audit row.
    const again = await t.submitView(
      COOP2,
      'offer_edit',
      offerValues(orgs.LEGACOOP!, { offer_title: input.text('Aiuto cuoca'), offer_positions: input.number('2'), offer_deadline: input.date(day(15)), offer_start: input.date(day(30)) }),
      JSON.stringify({ offerId: id, channelId: 'COFFERS' }),
    );
    expect(again.text).toBe('');
    expect(await listAudit(knex(), { action: 'offer.edit' })).toHaveLength(1);
  });

  it('refuses an edit by anyone outside the offering organization, bad values on their fields, and a past deadline; keeps a date that has passed since', async () => {
    const id = await createOffer();
    expect(visibleText((await t.command(CISL, '/offerta', `modifica ${id}`)).json)).toContain('solo l’ente che offre e i coordinatori');
    expect(visibleText((await t.command(OBSERVER, '/offerta', `modifica ${id}`)).json)).not.toBe('');
    expect(visibleText((await t.command(COOP, '/offerta', 'modifica 999')).json)).toContain('Offerta non trovata');
    const forged = await t.submitView(CISL, 'offer_edit', offerValues(orgs.LEGACOOP!, { offer_title: input.text('Presa') }), JSON.stringify({ offerId: id }));
    expect(JSON.stringify(forged.json)).toContain('solo l’ente che offre e i coordinatori');
    const bad = await t.submitView(COOP, 'offer_edit', offerValues(orgs.LEGACOOP!, { offer_positions: input.number('0'), offer_deadline: input.date(day(-1)), offer_start: input.date(null) }), JSON.stringify({ offerId: id }));
    expect(bad.json?.response_action).toBe('errors');
    expect(Object.keys(bad.json?.errors as object).sort()).toEqual(['offer_deadline', 'offer_positions']);
    expect((await knex()('offers').where({ id }).first()).title).toBe('Addetta alla cucina');

    // Weeks later the deadline has passed: an edit of the title alone keeps it (a coordinator may edit too).
    await t.byHand((db) => db('offers').where({ id }).update({ deadline: day(-3), start_date: day(-1) }));
    const late = await t.submitView(
      COORDINATOR,
      'offer_edit',
      offerValues(orgs.LEGACOOP!, { offer_title: input.text('Cuoca'), offer_deadline: input.date(day(-3)), offer_start: input.date(day(-1)) }),
      JSON.stringify({ offerId: id }),
    );
    expect(late.text).toBe('');
    expect((await knex()('offers').where({ id }).first()).title).toBe('Cuoca');
  });
});
