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
    const row = await knex()('referrals').where({ offer_id: offerId, candidate_code: code }).first();
    return Number(row!.id);
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

  it('asks Slack to confirm before withdrawing an offer and before closing a referral', async () => {
    const id = await createOffer();
    await refer(id, 'UEPE-2026-001');
    t.slack.responses.length = 0;
    await t.action(COOP, `offer_status_menu:${id}`, { value: String(id) });
    const menu = (await lastResponse()) as { blocks?: unknown };
    const byId = (blocks: unknown, actionId: string) => elements(blocks).find((e) => e.action_id === actionId);
    expect(byId(menu.blocks, 'offer_set_status:withdrawn')?.confirm?.text?.text).toContain(`L’offerta #${id} sarà ritirata`);
    expect(byId(menu.blocks, 'offer_set_status:matching')?.confirm).toBeUndefined();

    const details = (await t.command(COOP, '/offerta', String(id))).json as { blocks?: unknown };
    const ref = (await knex()('referrals').first())!.id as number;
    for (const status of ['hired', 'not_selected']) {
      expect(byId(details.blocks, `offer_referral_status:${ref}:${status}`)?.confirm?.text?.text).toContain('UEPE-2026-001');
    }
    expect(byId(details.blocks, `offer_referral_status:${ref}:interview`)?.confirm).toBeUndefined();
    // The referring organization may only withdraw its candidate: asked too.
    const referring = (await t.command(UEPE, '/offerta', String(id))).json as { blocks?: unknown };
    expect(byId(referring.blocks, `offer_referral_status:${ref}:withdrawn`)?.confirm?.text?.text).toContain('definitiva');
    expect(byId(referring.blocks, `offer_referral_status:${ref}:hired`)).toBeUndefined();
  });

  it('corrects a hire that fell through: "filled" is recomputed from the hires that remain', async () => {
    const id = await createOffer(COOP, { offer_positions: input.number('2') });
    const a = await refer(id, 'UEPE-2026-001');
    const b = await refer(id, 'UEPE-2026-002');
    await act(COOP, `offer_referral_status:${a}:hired`, { value: 'hired' });
    expect(await act(COOP, `offer_referral_status:${b}:hired`, { value: 'hired' })).toContain('Tutti i posti sono coperti');
    expect((await knex()('offers').where({ id }).first())!.status).toBe('filled');

    // Only the parties may correct it, and only to "not selected" or "withdrawn".
    expect(await act(CISL, `offer_referral_status:${b}:not_selected`, { value: 'not_selected' })).toContain('Segnalazione non trovata');
    expect(await act(COOP, `offer_referral_status:${b}:interview`, { value: 'interview' })).toContain('Da «assunta» non si può passare a «colloquio»');
    expect(await act(UEPE, `offer_referral_status:${b}:not_selected`, { value: 'not_selected' })).toContain('non puoi cambiare questa segnalazione');

    const corrected = await act(COOP, `offer_referral_status:${b}:not_selected`, { value: 'not_selected' });
    expect(corrected).toContain('ora è *non selezionata*');
    expect(corrected).toContain('l’offerta *#1* è di nuovo *aperta*');
    expect((await knex()('offers').where({ id }).first())).toMatchObject({ status: 'open', filled_at: null });
    const audit = await listAudit(knex(), { entity: 'offer', entityId: id, action: 'offer.status' });
    expect(audit.at(-1)!.after).toMatchObject({ status: 'open', reason: 'hire_corrected' });
    expect((await announcementOf(id)).text).toContain('Stato: *aperta*');

    // The remaining hire no longer fills two positions; one position does.
    await t.submitView(COOP, 'offer_edit', offerValues(orgs.LEGACOOP!, { offer_positions: input.number('1') }), JSON.stringify({ offerId: id }));
    expect((await knex()('offers').where({ id }).first())!.status).toBe('filled');
  });

  it('reopens a withdrawn, filled or expired offer with a reason, for the offering organization and coordinators only', async () => {
    const id = await createOffer();
    expect(await act(COOP, 'offer_set_status:withdrawn', { value: String(id) })).toContain('ora è *ritirata*');
    // The status menu of a closed offer offers to reopen it.
    t.slack.responses.length = 0;
    await t.action(COOP, `offer_status_menu:${id}`, { value: String(id) });
    expect(elements(((await lastResponse()) as { blocks?: unknown }).blocks).map((e) => e.action_id)).toEqual([`offer_reopen_open:${id}`]);

    expect(await act(CISL, `offer_reopen_open:${id}`, { value: String(id) })).toContain('solo l’ente che offre e i coordinatori');
    await t.action(COOP, `offer_reopen_open:${id}`, { value: String(id), channelId: 'COFFERS' });
    const modal = (await waitFor(() => t.slack.callsTo('views.open')[0])).args.view as { callback_id: string };
    expect(modal.callback_id).toBe('offer_reopen');

    const meta = JSON.stringify({ offerId: id, channelId: 'COFFERS' });
    const empty = await t.submitView(COOP, 'offer_reopen', { offer_reopen_reason: input.text(' '), offer_reopen_deadline: input.date(day(10)) }, meta);
    expect(empty.json).toEqual({ response_action: 'errors', errors: { offer_reopen_reason: 'Scrivi il motivo della riapertura.' } });
    const forged = await t.submitView(CISL, 'offer_reopen', { offer_reopen_reason: input.text('per errore'), offer_reopen_deadline: input.date(day(10)) }, meta);
    expect(JSON.stringify(forged.json)).toContain('solo l’ente che offre e i coordinatori');
    const ok = await t.submitView(COOP, 'offer_reopen', { offer_reopen_reason: input.text('Ritirata per errore'), offer_reopen_deadline: input.date(day(10)) }, meta);
    expect(ok.text).toBe('');
    expect((await knex()('offers').where({ id }).first())!.status).toBe('open');
    const [reopened] = await listAudit(knex(), { action: 'offer.reopen' });
    expect(reopened).toMatchObject({ actorUserId: COOP, before: expect.objectContaining({ status: 'withdrawn' }), after: expect.objectContaining({ status: 'open', reason: 'Ritirata per errore' }) });
    expect((await announcementOf(id)).text).toContain('Stato: *aperta*');
    // An open offer is not reopened.
    expect(await act(COOP, `offer_reopen_open:${id}`, { value: String(id) })).toContain('è già aperta');

    // Expired: the old deadline has passed, so a new one is required.
    await t.byHand((db) => db('offers').where({ id }).update({ status: 'expired', deadline: day(-2), start_date: null }));
    const past = await t.submitView(COORDINATOR, 'offer_reopen', { offer_reopen_reason: input.text('Proroga'), offer_reopen_deadline: input.date(day(-2)) }, meta);
    expect((past.json?.errors as Record<string, string>).offer_reopen_deadline).toContain('già passata');
    const later = await t.submitView(COORDINATOR, 'offer_reopen', { offer_reopen_reason: input.text('Proroga'), offer_reopen_deadline: input.date(day(7)) }, meta);
    expect(later.text).toBe('');
    expect(await knex()('offers').where({ id }).first()).toMatchObject({ status: 'open', deadline: day(7) });
  });

  it('corrects or redacts offer texts and referral notes: stored text and announcement updated, the audit keeps no removed text', async () => {
    const SECRET = 'Turni con Sig.ra Bianchi la referente';
    const id = await createOffer(COOP, { offer_requirements: input.text('Turni serali') });
    // An edit writes the text into the audit's before/after…
    await t.submitView(COOP, 'offer_edit', offerValues(orgs.LEGACOOP!, { offer_requirements: input.text('Turni serali, HACCP') }), JSON.stringify({ offerId: id }));
    await t.byHand((db) => db('offers').where({ id }).update({ requirements: SECRET }));
    const ref = await refer(id, 'UEPE-2026-001', UEPE, 'Nota da correggere');

    // Only the author and coordinators.
    expect(visibleText((await t.command(COOP2, '/offerta', `correggi ${id}`)).json)).toContain('Only whoever wrote it and coordinators');
    await t.command(COOP, '/offerta', `correggi ${id}`, { channelId: 'COFFERS' });
    expect(((await waitFor(() => t.slack.callsTo('views.open')[0])).args.view as { callback_id: string }).callback_id).toBe('offer_redact');
    const meta = JSON.stringify({ offerId: id, channelId: 'COFFERS' });
    const values = (requirements: string) => ({ offer_title: input.text('Addetta alla cucina'), offer_location: input.text('Gorizia'), offer_requirements: input.text(requirements) });
    const forged = await t.submitView(COOP2, 'offer_redact', values(''), meta);
    expect(JSON.stringify(forged.json)).toContain('Only whoever wrote it');
    const personal = await t.submitView(COORDINATOR, 'offer_redact', values('Chiamare 333 123 4567'), meta);
    expect((personal.json?.errors as Record<string, string>).offer_requirements).toContain('numero di telefono');

    expect((await t.submitView(COORDINATOR, 'offer_redact', values('Turni serali'), meta)).text).toBe('');
    expect((await knex()('offers').where({ id }).first())!.requirements).toBe('Turni serali');
    const shown = await announcementOf(id);
    expect(shown.text).toContain('Turni serali');
    expect(shown.text).not.toContain('Bianchi');

    // The referral note, from the details (author: UEPE).
    const details = (await t.command(UEPE, '/offerta', String(id))).json as { blocks?: unknown };
    expect(elements(details.blocks).map((e) => e.action_id)).toContain(`referral_note_redact_open:${ref}`);
    expect(await act(CISL, `referral_note_redact_open:${ref}`, { value: String(ref) })).toContain('Segnalazione non trovata');
    const noteMeta = JSON.stringify({ referralId: ref });
    expect((await t.submitView(UEPE, 'referral_note_redact', { referral_note: input.text('') }, noteMeta)).text).toBe('');
    expect((await knex()('referrals').where({ id: ref }).first())!.note).toBeNull();

    const audit = JSON.stringify(await knex()('audit_log').select('before', 'after'));
    for (const removed of ['Bianchi', 'Turni serali, HACCP', 'Nota da correggere']) expect(audit).not.toContain(removed);
    const [offerRedaction] = await listAudit(knex(), { action: 'offer.redact' });
    expect(offerRedaction).toMatchObject({ actorUserId: COORDINATOR, entityId: String(id), after: { fields: ['requirements'], where: expect.arrayContaining(['announcement']) } });
    expect(offerRedaction!.before).toBeNull();
    const [noteRedaction] = await listAudit(knex(), { action: 'referral.redact' });
    expect(noteRedaction).toMatchObject({ actorUserId: UEPE, entityId: String(ref), after: { fields: ['note'] } });
  });
});
