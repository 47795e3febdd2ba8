import { parse } from 'csv-parse/sync';
import { calendarDateIn, dayjs } from '../../src/platform/time';
import { listAudit } from '../../src/platform/audit/audit-store';
import { insertOffer } from '../../src/areas/offers/store/offers-store';
import type { OfferInput } from '../../src/areas/offers/domain/types';
import { TestClock } from '../support/clock';
import { DATABASES } from '../support/databases';
import { COORDINATOR, startTestApp, visibleText, waitFor, type TestApp } from '../support/harness';
import { buildNetwork } from '../support/network';
import { input } from '../support/slack-requests';

const COOP = 'UCOOP0001'; // Legacoop: the offering organization
const COOP2 = 'UCOOP0002';
const UEPE = 'UUEPE0001'; // the probation office: refers candidates
const CISL = 'UCISL0001'; // a third organization
const OBSERVER = 'UOBSERV01';
const OUTSIDER = 'UOUTSIDE1';
const TZ = 'Europe/Rome';

type Values = Record<string, Record<string, unknown>>;
type SlackBlock = { type: string; block_id?: string; elements?: Array<{ action_id?: string; value?: string }>; accessory?: { action_id?: string; options?: Array<{ value: string }> } };

/** The app's time: every date of these tests derives from it, never from today's. */
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

function actionIds(blocks: unknown): string[] {
  const out: string[] = [];
  for (const b of (blocks ?? []) as SlackBlock[]) {
    for (const e of b.elements ?? []) if (e.action_id) out.push(e.action_id);
    if (b.accessory?.action_id) out.push(b.accessory.action_id);
  }
  return out;
}

describe.each(DATABASES)('/offerta, placement offers and referrals (%s)', (kind) => {
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
        { user: COOP2, org: 'LEGACOOP' },
        { user: UEPE, org: 'UEPE' },
        { user: CISL, org: 'CISL' },
        { user: OBSERVER, org: 'LEGACOOP', role: 'observer' },
      ],
      { now: clock.now() },
    );
    Object.assign(orgs, network.orgs);
  });

  const deadlinesJob = () => t.app.areas.offers.jobs.find((j) => j.name === 'offer-deadlines')!;
  const dms = () => t.slack.callsTo('chat.postMessage').filter((c) => String(c.args.channel).startsWith('D'));
  const pendingPosts = async () => (await knex()('outbox_posts').where({ status: 'pending' }).select('id')).length;

  const knex = () => t.app.db.knex;
  const lastResponse = () => waitFor(() => t.slack.responses.at(-1)?.body, 5000, 'a response_url reply');
  async function act(user: string, actionId: string, options: Parameters<TestApp['action']>[2] = {}) {
    t.slack.responses.length = 0;
    const res = await t.action(user, actionId, options);
    expect(res.status).toBe(200);
    return visibleText((await lastResponse()) as { blocks?: unknown; text?: unknown });
  }

  async function createOffer(user = COOP, overrides: Values = {}, channelId = 'COFFERS'): Promise<number> {
    const res = await t.submitView(user, 'offer_new', offerValues(orgs.LEGACOOP!, overrides), JSON.stringify({ channelId }));
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    const row = await knex()('offers').orderBy('id', 'desc').first();
    return Number(row.id);
  }

  const announcement = (offerId: number) =>
    waitFor(() => t.slack.callsTo('chat.postMessage').find((c) => String(c.args.text).startsWith(`Offerta #${offerId}:`)), 5000, 'the announcement');

  // By hand, as a data import would: the app must list them as soon as it hears of the change.
  async function seedOffers(count: number, overrides: Partial<OfferInput> = {}): Promise<void> {
    await t.byHand(async (db) => {
      for (let i = 1; i <= count; i++) {
        await insertOffer(db, {
          organizationId: orgs.LEGACOOP!,
          title: `Offerta di prova ${i}`,
          sector: i % 2 ? 'catering' : 'logistics',
          positions: 1,
          contractType: 'internship',
          weeklyHours: null,
          location: 'Gorizia',
          startDate: null,
          deadline: day(30),
          requirements: '',
          eligibility: ['former_prisoners'],
          createdBy: COOP,
          now: new Date(clock.now().getTime() - (count - i) * 60_000),
          ...overrides,
        });
      }
    });
  }

  it('opens the modal with every field, the organization preset to the caller’s; coordinators may choose any', async () => {
    await t.command(COOP, '/offerta', '', { channelId: 'CWORK' });
    const open = await waitFor(() => t.slack.callsTo('views.open')[0]);
    const view = open.args.view as { callback_id: string; private_metadata: string; blocks: Array<{ block_id?: string; element?: { options?: unknown[]; initial_option?: { value: string } } }> };
    expect(view.callback_id).toBe('offer_new');
    expect(view.blocks.map((b) => b.block_id).filter(Boolean)).toEqual([
      'offer_title', 'offer_sector', 'offer_positions', 'offer_contract', 'offer_hours', 'offer_location',
      'offer_start', 'offer_deadline', 'offer_requirements', 'offer_eligibility', 'offer_organization',
    ]);
    const org = view.blocks.find((b) => b.block_id === 'offer_organization')!;
    expect(org.element?.options).toHaveLength(1);
    expect(org.element?.initial_option?.value).toBe(String(orgs.LEGACOOP));
    expect(JSON.parse(view.private_metadata)).toEqual({ channelId: 'CWORK' });

    // From a DM with no offers channel set there is nowhere to announce: said before the form opens.
    expect(visibleText((await t.command(COOP, '/offerta', 'nuova', { channelId: 'D0DM' })).json)).toContain('questa conversazione non è un canale');
    const noChannel = await t.submitView(COOP, 'offer_new', offerValues(orgs.LEGACOOP!), '{"channelId":"D0DM"}');
    expect((noChannel.json?.errors as Record<string, string>).offer_title).toContain('questa conversazione non è un canale');

    t.slack.reset();
    await t.command(COORDINATOR, '/offerta', 'nuova');
    const coord = (await waitFor(() => t.slack.callsTo('views.open')[0])).args.view as typeof view;
    expect(coord.blocks.find((b) => b.block_id === 'offer_organization')!.element?.options).toHaveLength(9);
  });

  it('shows invalid input on the right fields and stores nothing', async () => {
    const res = await t.submitView(COOP, 'offer_new', offerValues(orgs.LEGACOOP!, {
      offer_title: input.text('   '),
      offer_sector: input.select(null),
      offer_positions: input.number('0'),
      offer_contract: input.select('contratto-finto'),
      offer_hours: input.number('60'),
      offer_location: input.text('Gorizia, chiamare 333 123 4567'),
      offer_start: input.date(day(5)),
      offer_deadline: input.date(day(10)),
      offer_requirements: input.text('Scrivere a maria.rossi@example.org'),
      offer_eligibility: input.checkboxes([]),
      offer_organization: input.select(String(orgs.CISL)),
    }), '{"channelId":"COFFERS"}');
    expect(res.json?.response_action).toBe('errors');
    const errors = res.json?.errors as Record<string, string>;
    expect(Object.keys(errors).sort()).toEqual([
      'offer_contract', 'offer_eligibility', 'offer_hours', 'offer_location', 'offer_positions', 'offer_requirements', 'offer_sector', 'offer_start', 'offer_title',
    ]);
    expect(errors.offer_title).toBe('Scrivi la mansione.');
    expect(errors.offer_positions).toBe('Un numero intero da 1 a 50.');
    expect(errors.offer_location).toContain('numero di telefono');
    expect(errors.offer_requirements).toContain('indirizzo e-mail');
    expect(errors.offer_start).toContain('prima che si chiudano le candidature');
    expect(errors.offer_eligibility).toContain('almeno un gruppo');

    const past = await t.submitView(COOP, 'offer_new', offerValues(orgs.LEGACOOP!, { offer_deadline: input.date(day(-1)), offer_start: input.date(null) }));
    expect(past.json).toEqual({ response_action: 'errors', errors: { offer_deadline: 'La scadenza è già passata: scegli oggi o una data futura.' } });
    const far = await t.submitView(COOP, 'offer_new', offerValues(orgs.LEGACOOP!, { offer_deadline: input.date(day(400)), offer_start: input.date(null) }));
    expect((far.json?.errors as Record<string, string>).offer_deadline).toContain('più di un anno');
    const tooLong = await t.submitView(COOP, 'offer_new', offerValues(orgs.LEGACOOP!, { offer_title: input.text('x'.repeat(121)) }));
    expect((tooLong.json?.errors as Record<string, string>).offer_title).toBe('Al massimo 120 caratteri (ora 121).');
    // Another organization than the caller's: refused on the organization field.
    const other = await t.submitView(COOP, 'offer_new', offerValues(orgs.CISL!));
    expect(other.json).toEqual({ response_action: 'errors', errors: { offer_organization: expect.stringContaining('solo per il tuo ente (LEGACOOP)') } });
    expect(await knex()('offers').count('* as n').first()).toMatchObject({ n: 0 });
  });

  it('tells the author by DM, once, when Slack refuses the offers channel; the announcement stays pending', async () => {
    t.slack.failNext('chat.postMessage', { error: 'not_in_channel' });
    const id = await createOffer(COOP, {}, 'CNOAPP');
    const isNotice = (c: { args: Record<string, unknown> }) => String(c.args.channel).startsWith('D') && String(c.args.text).includes('Non riesco');
    const dm = await waitFor(() => t.slack.callsTo('chat.postMessage').find(isNotice), 5000, 'the DM to the author');
    expect(dm.args.channel).toBe(`D${COOP}`);
    expect(String(dm.args.text)).toContain('Non riesco a pubblicare in <#CNOAPP>: invita l’app nel canale (`/invite @ISO.NEW`) oppure scegli un altro canale.');
    expect(await knex()('published_messages').where({ entity_type: 'offer', entity_id: id }).first()).toMatchObject({
      requested_by: COOP,
      published_version: 0,
      last_error: 'not_in_channel',
    });
    expect(t.slack.callsTo('chat.postMessage').filter(isNotice)).toHaveLength(1);
  });

  it('stores a valid offer, announces it with buttons, and updates the announcement in place', async () => {
    const id = await createOffer(COOP, {}, 'COFFERS');
    const row = await knex()('offers').where({ id }).first();
    expect(row).toMatchObject({ title: 'Addetta alla cucina', sector: 'catering', positions: 1, status: 'open', organization_id: orgs.LEGACOOP, weekly_hours: 30, deadline: day(10) });
    const posted = await announcement(id);
    expect(posted.args.channel).toBe('COFFERS');
    const text = visibleText(posted.args);
    expect(text).toContain(`Offerta #${id}: Addetta alla cucina`);
    expect(text).toContain('Legacoop FVG');
    expect(text).toContain('Ristorazione');
    expect(text).toContain('Tirocinio');
    expect(text).toContain(`Scadenza candidature*\n${day(10).split('-').reverse().join('/')}`);
    expect(text).not.toContain('scade tra');
    expect(text).toContain('Nessuna segnalazione');
    expect(actionIds(posted.args.blocks)).toEqual([`offer_refer:${id}`, `offer_status_menu:${id}`, `offer_edit_open:${id}`, `offer_details:${id}`]);
    const confirm = await waitFor(() => t.slack.callsTo('chat.postEphemeral')[0]);
    expect(String(confirm.args.text)).toContain(`Offerta *#${id} Addetta alla cucina* registrata: sarà annunciata in <#COFFERS>`);
    expect(await knex()('published_messages').where({ entity_type: 'offer', entity_id: id }).first()).toMatchObject({ requested_by: COOP });
    expect((await listAudit(knex(), { action: 'offer.create', entityId: id })).length).toBe(1);

    // A status change by the offering organization updates the same message.
    expect(await act(COOP2, `offer_status_menu:${id}`, { value: String(id) })).toContain('Nuovo stato');
    expect(await act(COOP2, 'offer_set_status:matching', { value: String(id) })).toContain(`Offerta *#${id}* ora è *in selezione*`);
    const update = await waitFor(() => t.slack.callsTo('chat.update').find((c) => visibleText(c.args).includes('in selezione')), 5000, 'the update');
    expect(update.args).toMatchObject({ channel: 'COFFERS', ts: posted.args.ts ?? expect.any(String) });
    expect(t.slack.callsTo('chat.postMessage').filter((c) => String(c.args.text).startsWith(`Offerta #${id}:`))).toHaveLength(1);
    expect(await act(COOP2, 'offer_set_status:withdrawn', { value: String(id) })).toContain('*ritirata*');
    const withdrawn = await waitFor(() => t.slack.callsTo('chat.update').find((c) => visibleText(c.args).includes('ritirata')));
    // A closed offer can no longer take referrals; its status menu offers to reopen it, and it can still be edited.
    expect(actionIds(withdrawn.args.blocks)).toEqual([`offer_status_menu:${id}`, `offer_edit_open:${id}`, `offer_details:${id}`]);
  });

  it('announces in the configured offers channel (set by a coordinator only)', async () => {
    expect(visibleText((await t.command(CISL, '/offerta', 'canale <#CANNOUNCE|offerte>')).json)).toContain('solo i coordinatori');
    expect(visibleText((await t.command(COORDINATOR, '/offerta', 'canale')).json)).toContain('Nessun canale delle offerte');
    expect(visibleText((await t.command(COORDINATOR, '/offerta', 'canale offerte')).json)).toContain('Uso: `/offerta canale #canale`');
    expect(visibleText((await t.command(COORDINATOR, '/offerta', 'canale <#CANNOUNCE|offerte>')).json)).toContain('annunciate in <#CANNOUNCE>');
    expect(visibleText((await t.command(CISL, '/offerta', 'channel')).json)).toContain('<#CANNOUNCE>');
    const id = await createOffer(COOP, {}, 'CELSEWHERE');
    expect((await announcement(id)).args.channel).toBe('CANNOUNCE');
    expect((await listAudit(knex(), { action: 'setting.update' })).length).toBe(1);
  });

  it('refuses each action to those without permission', async () => {
    const id = await createOffer();
    // Status: a third organization, an observer of the offering organization, an outsider.
    expect(await act(CISL, `offer_status_menu:${id}`, { value: String(id) })).toContain('solo l’ente che offre e i coordinatori');
    expect(await act(CISL, 'offer_set_status:filled', { value: String(id) })).toContain('solo l’ente che offre e i coordinatori');
    expect(await act(OBSERVER, 'offer_set_status:filled', { value: String(id) })).toContain('gli osservatori possono consultare');
    expect(await act(OUTSIDER, `offer_details:${id}`, { value: String(id) })).toContain('Non fai ancora parte');
    expect(await act(OBSERVER, `offer_refer:${id}`, { value: String(id) })).toContain('gli osservatori');
    // Creating: observers and outsiders, even with a forged submission.
    const forged = await t.submitView(OBSERVER, 'offer_new', offerValues(orgs.LEGACOOP!));
    expect((forged.json?.errors as Record<string, string>).offer_title).toContain('gli osservatori');
    expect(visibleText((await t.command(OUTSIDER, '/offerta', 'lista')).json)).toContain('Non fai ancora parte');
    expect(visibleText((await t.command(CISL, '/offerta', 'esporta')).json)).toContain('solo i coordinatori');
    // A coordinator may act for any organization; a status that does not follow is refused.
    expect(await act(COORDINATOR, 'offer_set_status:filled', { value: String(id) })).toContain('ora è *coperta*');
    expect(await act(COORDINATOR, 'offer_set_status:open', { value: String(id) })).toContain('Da «coperta» non si può passare a «aperta»');
    expect(await act(COOP, 'offer_set_status:bogus', { value: String(id) })).toContain('non è più valido');
    expect(await act(COOP, 'offer_details:1', { value: '999' })).toContain('Offerta non trovata');
    expect((await knex()('offers').where({ id }).first()).status).toBe('filled');
    expect((await listAudit(knex(), { action: 'offer.status' })).length).toBe(1);
  });

  async function refer(user: string, offerId: number, code: string, extra: Values = {}) {
    return t.submitView(user, 'offer_referral_new', {
      referral_code: input.text(code),
      referral_organization: input.select(String(user === COORDINATOR ? orgs.UEPE : user === UEPE ? orgs.UEPE : user === CISL ? orgs.CISL : orgs.LEGACOOP)),
      referral_note: input.text('Disponibile da subito, part-time'),
      ...extra,
    }, JSON.stringify({ offerId, channelId: 'COFFERS' }));
  }

  it('refers candidates by pseudonymous code only, refusing names and personal data', async () => {
    const id = await createOffer();
    await announcement(id);
    await t.action(UEPE, `offer_refer:${id}`, { value: String(id), channelId: 'COFFERS' });
    const open = await waitFor(() => t.slack.callsTo('views.open')[0]);
    const view = open.args.view as { callback_id: string; private_metadata: string; blocks: Array<{ block_id?: string }> };
    expect(view.callback_id).toBe('offer_referral_new');
    expect(view.blocks.map((b) => b.block_id).filter(Boolean)).toEqual(['referral_code', 'referral_organization', 'referral_note']);
    expect(JSON.parse(view.private_metadata)).toEqual({ offerId: id, channelId: 'COFFERS' });

    const cases: Array<[string, Values, string, string]> = [
      ['Maria Rossi', {}, 'referral_code', 'da 3 a 20 caratteri'],
      ['ROSSI', {}, 'referral_code', 'Sembra un nome'],
      ['MARIA-B1', {}, 'referral_code', 'Sembra un nome'],
      ['RSSMRA80A41H501U', {}, 'referral_code', 'codice fiscale'],
      ['UEPE-2026-014', { referral_note: input.text('chiamare il 0481 123456') }, 'referral_note', 'numero di telefono'],
      ['UEPE-2026-014', { referral_note: input.text('x'.repeat(501)) }, 'referral_note', 'Al massimo 500'],
      ['UEPE-2026-014', { referral_organization: input.select(String(orgs.CISL)) }, 'referral_organization', 'solo per il tuo ente (UEPE)'],
    ];
    for (const [code, extra, block, message] of cases) {
      const res = await refer(UEPE, id, code, extra);
      expect(res.json?.response_action).toBe('errors');
      expect((res.json?.errors as Record<string, string>)[block]).toContain(message);
    }
    expect(await knex()('referrals').count('* as n').first()).toMatchObject({ n: 0 });

    const ok = await refer(UEPE, id, 'uepe-2026-014');
    expect(ok.text).toBe('');
    const stored = await knex()('referrals').first();
    expect(stored).toMatchObject({ offer_id: id, candidate_code: 'UEPE-2026-014', referring_organization_id: orgs.UEPE, status: 'proposed' });
    const dup = await refer(UEPE, id, 'UEPE-2026-014');
    expect(dup.json).toEqual({ response_action: 'errors', errors: { referral_code: 'Questo codice è già stato segnalato per questa offerta.' } });
    expect(await refer(COORDINATOR, id, 'LEGACOOP-12')).toMatchObject({ text: '' });

    // The public announcement shows counts, never the code.
    const updated = await waitFor(() => t.slack.callsTo('chat.update').map((c) => visibleText(c.args)).find((x) => x.includes('2 segnalazioni')), 5000, 'counts');
    expect(updated).toContain('2 segnalazioni · 2 proposte');
    expect(updated).not.toContain('UEPE-2026-014');
    const audit = await listAudit(knex(), { action: 'referral.create' });
    expect(audit).toHaveLength(2);
    expect(JSON.stringify(audit)).not.toContain('UEPE-2026-014');
  });

  it('shows referrals only to coordinators, the offering and the referring organization (each read audited)', async () => {
    const id = await createOffer();
    await refer(UEPE, id, 'UEPE-2026-014');
    await refer(COORDINATOR, id, 'UEPE-2026-015');
    await knex()('referrals').where({ candidate_code: 'UEPE-2026-015' }).update({ referring_organization_id: orgs.ENAIP });

    const third = visibleText((await t.command(CISL, '/offerta', String(id))).json);
    expect(third).toContain('2 segnalazioni');
    expect(third).not.toContain('UEPE-2026-01');
    expect(third).toContain('solo quelle del tuo ente');
    const referring = visibleText((await t.command(UEPE, '/offerta', `#${id}`)).json);
    expect(referring).toContain('UEPE-2026-014');
    expect(referring).not.toContain('UEPE-2026-015');
    const offering = await t.command(COOP, '/offerta', String(id));
    expect(visibleText(offering.json)).toContain('UEPE-2026-014');
    expect(visibleText(offering.json)).toContain('UEPE-2026-015');
    expect(visibleText(offering.json)).toContain('Disponibile da subito');
    expect(actionIds(offering.json?.blocks)).toEqual(expect.arrayContaining([expect.stringMatching(/^offer_referral_status:\d+:\w+$/)]));
    const coordinator = await act(COORDINATOR, `offer_details:${id}`, { value: String(id) });
    expect(coordinator).toContain('UEPE-2026-015');

    const reads = await listAudit(knex(), { action: 'referral.list', entityId: id });
    expect(reads.map((r) => r.actorUserId)).toEqual([CISL, UEPE, COOP, COORDINATOR]);
    expect(reads[0]!.after).toEqual({ scope: 'own', referralIds: [] });

    // A third organization cannot act on a referral either: it is "not found" to them.
    const ref = (await knex()('referrals').where({ candidate_code: 'UEPE-2026-014' }).first())!;
    expect(await act(CISL, `offer_referral_status:${ref.id}`, { type: 'static_select', selectedOption: 'withdrawn' })).toContain('Segnalazione non trovata, o non visibile');
    expect((await knex()('referrals').where({ id: ref.id }).first())?.status).toBe('proposed');
  });

  it('follows a referral to hiring and marks the offer filled when every position is taken', async () => {
    const id = await createOffer(COOP, { offer_positions: input.number('2') });
    await announcement(id);
    await refer(UEPE, id, 'UEPE-2026-001');
    await refer(UEPE, id, 'UEPE-2026-002');
    await refer(UEPE, id, 'UEPE-2026-003');
    const [a, b, c] = (await knex()('referrals').orderBy('id')) as Array<{ id: number }>;
    // The referring organization may withdraw, not hire.
    expect(await act(UEPE, `offer_referral_status:${a!.id}`, { type: 'static_select', selectedOption: 'hired' })).toContain('non puoi cambiare questa segnalazione');
    expect(await act(UEPE, `offer_referral_status:${c!.id}`, { type: 'static_select', selectedOption: 'withdrawn' })).toContain('ora è *ritirata*');
    expect(await act(COOP, `offer_referral_status:${a!.id}`, { type: 'static_select', selectedOption: 'interview' })).toContain('ora è *colloquio*');
    expect(await act(COOP, `offer_referral_status:${a!.id}`, { type: 'static_select', selectedOption: 'hired' })).toContain('ora è *assunta*');
    expect((await knex()('offers').where({ id }).first()).status).toBe('open');
    const last = await act(COOP, `offer_referral_status:${b!.id}`, { type: 'static_select', selectedOption: 'hired' });
    expect(last).toContain(`l’offerta *#${id}* è ora *coperta*`);
    const offer = await knex()('offers').where({ id }).first();
    expect(offer.status).toBe('filled');
    expect(offer.filled_at).toBeInstanceOf(Date);
    const ra = (await knex()('referrals').where({ id: a!.id }).first())!;
    expect(ra.interview_at).toBeInstanceOf(Date);
    expect(ra.closed_at).toBeInstanceOf(Date);
    expect(await act(COOP, `offer_referral_status:${c!.id}`, { type: 'static_select', selectedOption: 'hired' })).toContain('Da «ritirata» non si può passare a «assunta»');
    await waitFor(() => t.slack.callsTo('chat.update').find((u) => visibleText(u.args).includes('coperta') && visibleText(u.args).includes('2 assunte')), 5000, 'filled announcement');
    expect(await refer(UEPE, id, 'UEPE-2026-004')).toMatchObject({ json: { response_action: 'errors', errors: { referral_code: expect.stringContaining('non accetta più segnalazioni') } } });
    expect((await listAudit(knex(), { action: 'referral.status' })).length).toBe(4);
  });

  it('lists offers newest first, paginated past 50 offers, with filters', async () => {
    await seedOffers(55);
    await t.byHand((db) => insertOffer(db, {
      organizationId: orgs.CISL!, title: 'Magazziniera', sector: 'logistics', positions: 2, contractType: 'fixed_term', weeklyHours: 20,
      location: 'Monfalcone', startDate: null, deadline: day(3), requirements: '', eligibility: ['former_prisoners'], createdBy: CISL, now: clock.now(),
    }));
    const first = await t.command(COOP, '/offerta', 'lista tutte');
    const blocks = first.json?.blocks as SlackBlock[];
    expect(blocks.length).toBeLessThanOrEqual(50);
    const text = visibleText(first.json);
    expect(text).toContain('tutte · 56 in tutto · pagina 1 di 3');
    expect(text.indexOf('#56 Magazziniera')).toBeLessThan(text.indexOf('#55 Offerta di prova 55'));
    expect(text).toContain('scade tra 3 giorni');
    expect(text).toContain('aperta');
    expect(actionIds(blocks)).toContain('offer_list_page:next');
    const nextValue = blocks.flatMap((b) => b.elements ?? []).find((e) => e.action_id === 'offer_list_page:next')!.value!;
    const second = await act(COOP, 'offer_list_page:next', { value: nextValue });
    expect(second).toContain('pagina 2 di 3');
    expect(second).toContain('#36 Offerta di prova 36');
    const third = visibleText((await t.command(COOP, '/offerta', 'list all page 3')).json);
    expect(third).toContain('#1 Offerta di prova 1');
    expect((third.match(/Offerta di prova/g) ?? []).length).toBe(16);

    const logistics = visibleText((await t.command(COOP, '/offerta', 'lista tutte logistica')).json);
    expect(logistics).toContain('28 in tutto');
    const mine = visibleText((await t.command(CISL, '/offerta', 'lista mie')).json);
    expect(mine).toContain('1 in tutto');
    await t.byHand((db) => db('offers').where('id', '<=', 50).update({ status: 'expired' }));
    expect(visibleText((await t.command(COOP, '/offerta', 'lista')).json)).toContain('aperte · 6 in tutto · pagina 1 di 1');
    const unknownWord = visibleText((await t.command(COOP, '/offerta', 'lista pizza')).json);
    expect(unknownWord).toContain('Parola non riconosciuta: «pizza»');
    // An unknown word lists the sectors, each of which the list accepts.
    expect(unknownWord).toContain('Settori: agricoltura, pulizie, ristorazione, manifattura, logistica, commercio, sartoria, cura, amministrazione, altro.');
    expect(visibleText((await t.command(COOP, '/offerta', 'lista tutte cura')).json)).toContain('Cura della persona');
    // A page past the last says how many pages there are.
    expect(visibleText((await t.command(COORDINATOR, '/offerta', 'lista tutte pagina 9')).json)).toContain('La pagina 9 non c’è: l’elenco ha 3 pagine.');
    t.slack.setUserLocale(CISL, 'en-US');
    await t.byHand((db) => db('members').where({ user_id: CISL }).update({ locale_checked_at: null }));
    expect(visibleText((await t.command(CISL, '/offerta', 'list open')).json)).toContain('open · 6 in all · page 1 of 1');
  });

  it('expires offers past deadline and reminds the owner organization 3 days before, once each, however often the job runs', async () => {
    const job = deadlinesJob();
    const soon = await createOffer(COOP, { offer_deadline: input.date(day(3)), offer_start: input.date(null) });
    const later = await createOffer(COOP, { offer_deadline: input.date(day(8)), offer_start: input.date(null) });
    await announcement(soon);
    await announcement(later);
    await knex()('offers').where({ id: later }).update({ deadline: day(-1) });

    const first = await job.run(clock.now());
    expect(first).toEqual({ expired: 1, reminded: 2 });
    const second = await job.run(clock.now());
    expect(second).toEqual({ expired: 0, reminded: 0 });
    await Promise.all([job.run(clock.now()), job.run(clock.now())]);

    expect((await knex()('offers').where({ id: later }).first()).status).toBe('expired');
    expect((await knex()('offers').where({ id: soon }).first()).status).toBe('open');
    await waitFor(async () => dms().length === 2 && (await pendingPosts()) === 0, 5000, 'the reminders');
    await t.app.platform.outbox.flush();
    expect(dms().map((d) => d.args.channel).sort()).toEqual(['DUCOOP0001', 'DUCOOP0002']);
    expect(String(dms()[0]!.args.text)).toContain(`Promemoria: l’offerta *#${soon} Addetta alla cucina* scade il`);
    expect(String(dms()[0]!.args.text)).toContain('scade tra 3 giorni');
    await waitFor(() => t.slack.callsTo('chat.update').find((c) => visibleText(c.args).includes(`Offerta #${later}`) && visibleText(c.args).includes('scaduta')), 5000, 'expired announcement');
    expect((await listAudit(knex(), { action: 'offer.expire' })).length).toBe(1);
  });

  it('retries a reminder that Slack failed to deliver, without repeating the delivered ones', async () => {
    await createOffer(COOP, { offer_deadline: input.date(day(2)), offer_start: input.date(null) });
    t.slack.failNext('conversations.open', { status: 500 });
    expect(await deadlinesJob().run(clock.now())).toEqual({ expired: 0, reminded: 2 });
    // The outbox tries again a moment later, for the failed one only.
    await waitFor(async () => dms().length === 2 && (await pendingPosts()) === 0, 10_000, 'both reminders, one retried');
    expect(t.slack.callsTo('conversations.open')).toHaveLength(3);
    expect(await deadlinesJob().run(new Date(clock.now().getTime() + 2 * 60_000))).toEqual({ expired: 0, reminded: 0 });
    await t.app.platform.outbox.flush();
    expect(dms()).toHaveLength(2);
    expect(new Set(dms().map((d) => d.args.channel)).size).toBe(2);
  });

  it('does not send a reminder twice when Slack delivered it but the answer was lost', async () => {
    await announcement(await createOffer(COOP, { offer_deadline: input.date(day(2)), offer_start: input.date(null) }));
    // The first DM lands, but the app sees a 500: the post stays pending and is retried later.
    t.slack.failNext('chat.postMessage', { landsThen: { status: 500 } });
    expect(await deadlinesJob().run(clock.now())).toEqual({ expired: 0, reminded: 2 });
    const delivered = () => t.slack.posted.filter((m) => m.channel.startsWith('D'));
    // The retry reads the DM first, finds the reminder by its key, and sends nothing new.
    await waitFor(async () => t.slack.callsTo('conversations.history').length > 0 && (await pendingPosts()) === 0, 10_000, 'the retried reminder');
    expect(await deadlinesJob().run(new Date(clock.now().getTime() + 2 * 60_000))).toEqual({ expired: 0, reminded: 0 });
    await t.app.platform.outbox.flush();
    expect(delivered()).toHaveLength(2);
    expect(new Set(delivered().map((m) => m.channel)).size).toBe(2);
    expect(t.slack.callsTo('conversations.history')).toHaveLength(1);
    expect(t.slack.callsTo('conversations.history')[0]!.args).toMatchObject({ channel: delivered()[0]!.channel, include_all_metadata: 'true' });
  });

  it('exports a CSV (coordinators) to the DM, UTF-8 with BOM, that a CSV parser reads back', async () => {
    const id = await createOffer(COOP, { offer_title: input.text('Sarta; "rifinitura", orlo') });
    await refer(UEPE, id, 'UEPE-2026-014');
    await refer(COORDINATOR, id, 'UEPE-2026-015');
    const ref = (await knex()('referrals').where({ candidate_code: 'UEPE-2026-015' }).first())!;
    await act(COOP, `offer_referral_status:${ref.id}`, { type: 'static_select', selectedOption: 'not_selected' });
    await seedOffers(2);
    t.slack.responses.length = 0;
    const res = await t.command(COORDINATOR, '/offerta', 'esporta');
    expect(visibleText(res.json)).toContain('Preparo il CSV');
    const upload = await waitFor(() => t.slack.callsTo('upload')[0], 5000, 'the upload');
    const complete = await waitFor(() => t.slack.callsTo('files.completeUploadExternal')[0]);
    expect(complete.args.channel_id).toBe(`D${COORDINATOR}`);
    expect(String(upload.args.filename)).toMatch(/^offerte-isonew-\d{4}-\d{2}-\d{2}\.csv$/);
    const content = String(upload.args.content);
    expect(content.charCodeAt(0)).toBe(0xfeff);
    expect(content).not.toContain('UEPE-2026-014');
    const records = parse(content, { bom: true, delimiter: ';', columns: true }) as Array<Record<string, string>>;
    expect(records).toHaveLength(3);
    const row = records.find((r) => r.Numero === String(id))!;
    expect(row).toMatchObject({
      Ente: 'Legacoop FVG',
      Mansione: 'Sarta; "rifinitura", orlo',
      Settore: 'Ristorazione',
      Contratto: 'Tirocinio',
      Posti: '1',
      Stato: 'aperta',
      Segnalazioni: '2',
      Proposte: '1',
      'Non selezionate': '1',
      'Assunte o iscritte': '0',
      Scadenza: day(10),
    });
    expect(visibleText((await lastResponse()) as { blocks?: unknown })).toContain('CSV inviato nei messaggi diretti (3 offerte)');
    expect((await listAudit(knex(), { action: 'offer.export' })).length).toBe(1);
  });

  it('anonymizes codes and notes of referrals closed past the retention period, keeping outcomes', async () => {
    const job = t.app.areas.offers.jobs.find((j) => j.name === 'referral-retention')!;
    const id = await createOffer();
    await refer(UEPE, id, 'UEPE-2020-001');
    await refer(UEPE, id, 'UEPE-2020-002');
    await refer(UEPE, id, 'UEPE-2020-003');
    const old = dayjs(clock.now()).subtract(25, 'month').toDate();
    const recent = dayjs(clock.now()).subtract(23, 'month').toDate();
    await knex()('referrals').where({ candidate_code: 'UEPE-2020-001' }).update({ status: 'hired', closed_at: old });
    await knex()('referrals').where({ candidate_code: 'UEPE-2020-002' }).update({ status: 'not_selected', closed_at: recent });
    // A referral left open on an offer withdrawn long ago is erased too.
    const closedOffer = await createOffer();
    await refer(UEPE, closedOffer, 'UEPE-2020-009');
    await knex()('offers').where({ id: closedOffer }).update({ status: 'withdrawn', closed_at: old });

    expect(await job.run(clock.now())).toEqual({ anonymized: 2 });
    expect(await job.run(clock.now())).toEqual({ anonymized: 0 });
    expect(await knex()('referrals').where({ offer_id: closedOffer }).first()).toMatchObject({ candidate_code: null, status: 'proposed' });
    const rows = await knex()('referrals').orderBy('id');
    expect(rows[0]).toMatchObject({ candidate_code: null, note: null, status: 'hired' });
    expect(rows[0]!.anonymized_at).toBeInstanceOf(Date);
    expect(rows[1]).toMatchObject({ candidate_code: 'UEPE-2020-002', status: 'not_selected', anonymized_at: null });
    expect(rows[2]).toMatchObject({ candidate_code: 'UEPE-2020-003', status: 'proposed', anonymized_at: null });
    const details = visibleText((await t.command(COOP, '/offerta', String(id))).json);
    expect(details).toContain('(anonimizzata)');
    expect(details).toContain('3 segnalazioni');
    expect((await listAudit(knex(), { action: 'referral.anonymize' })).length).toBe(1);
  });

  it('keeps the offer when Slack fails: the announcement is retried, a failed upload or modal is reported', async () => {
    await t.app.platform.publisher.flush(); // nothing of an earlier test may take the fault
    t.slack.failNext('chat.postMessage', { status: 429, retryAfter: 1 });
    const id = await createOffer();
    expect(await knex()('offers').where({ id }).first()).toBeDefined();
    const posted = await waitFor(() => t.slack.callsTo('chat.postMessage').filter((c) => String(c.args.text).startsWith(`Offerta #${id}:`))[1], 8000, 'the retried announcement');
    expect(posted.args.channel).toBe('COFFERS');
    await waitFor(async () => (await knex()('published_messages').where({ entity_type: 'offer', entity_id: id }).first()).ts, 5000, 'the stored ts');

    t.slack.failNext('files.getUploadURLExternal', { error: 'not_allowed_token_type' });
    t.slack.responses.length = 0;
    expect(visibleText((await t.command(COORDINATOR, '/offerta', 'export')).json)).toContain('Preparo il CSV');
    expect(visibleText((await lastResponse()) as { blocks?: unknown; text?: unknown })).toContain('Slack non ha risposto');

    t.slack.failNext('views.open', { error: 'expired_trigger_id' });
    t.slack.responses.length = 0;
    await t.command(COOP, '/offerta');
    expect(visibleText((await lastResponse()) as { blocks?: unknown; text?: unknown })).toContain('Slack non ha risposto');
  });

  it('answers help in Italian and English, and unknown words clearly', async () => {
    expect(visibleText((await t.command(CISL, '/offerta', 'aiuto')).json)).toContain('`/offerta lista [aperte|tutte|mie] [settore] [pagina N]`');
    t.slack.setUserLocale(OUTSIDER, 'en-GB');
    const help = visibleText((await t.command(OUTSIDER, '/offerta', 'help')).json);
    expect(help).toContain('`/offerta list [open|all|mine] [sector] [page N]`');
    expect(help).toContain('anonymised 24 months after closing');
    expect(visibleText((await t.command(CISL, '/offerta', 'boh')).json)).toContain('Comando sconosciuto: `/offerta boh`');
    expect(visibleText((await t.command(CISL, '/offerta', '999')).json)).toContain('Offerta non trovata');
  });
});
