import { offersReporting } from '../../src/areas/offers';
import { listAudit } from '../../src/platform/audit/audit-store';
import { calendarDateIn, dayjs } from '../../src/platform/time';
import { TestClock } from '../support/clock';
import { DATABASES } from '../support/databases';
import { COORDINATOR, visibleText, waitFor, type TestApp } from '../support/harness';
import { networkSuite } from '../support/network-suite';
import { input } from '../support/slack-requests';

/**
 * Training offers (issue 16): the training body publishes a course (kind 'course': seats, dates,
 * requirements), announced, listed, edited, closed and reopened like a job offer; candidates are
 * referred to it like a job, and an enrolment takes a seat.
 */
const ENAIP = 'UENAIP001'; // the training body: publishes courses
const ENAIP_EN = 'UENAIP002'; // the same organization, reading in English
const UEPE = 'UUEPE0001'; // refers candidates
const COOP = 'UCOOP0001'; // publishes a job offer
const CISL = 'UCISL0001';
const TZ = 'Europe/Rome';

type Values = Record<string, Record<string, unknown>>;
type SlackBlock = { type: string; block_id?: string; elements?: Array<{ action_id?: string; value?: string }>; accessory?: { action_id?: string } };

const clock = new TestClock();
function day(offset: number): string {
  return dayjs.utc(calendarDateIn(clock.now(), TZ)).add(offset, 'day').format('YYYY-MM-DD');
}
const italian = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

function errorsOf(res: { json: Record<string, unknown> | undefined }): Record<string, string | undefined> {
  return (res.json?.errors ?? {}) as Record<string, string | undefined>;
}

describe.each(DATABASES)('/offerta corso, training offers (%s)', (kind) => {
  let t: TestApp;
  let orgs: Record<string, number> = {};
  const knex = () => t.app.db.knex;
  const suite = networkSuite(kind, clock, [
    { user: ENAIP, org: 'ENAIP' },
    { user: ENAIP_EN, org: 'ENAIP', locale: 'en' },
    { user: UEPE, org: 'UEPE' },
    { user: COOP, org: 'LEGACOOP' },
    { user: CISL, org: 'CISL' },
  ]);
  beforeEach(() => {
    ({ app: t, orgs } = suite);
  });

  const courseValues = (overrides: Values = {}): Values => ({
    offer_title: input.text('Corso HACCP e aiuto cucina'),
    offer_sector: input.select('catering'),
    offer_positions: input.number('2'),
    offer_start: input.date(day(20)),
    offer_end: input.date(day(50)),
    offer_deadline: input.date(day(10)),
    offer_hours: input.number('20'),
    offer_location: input.text('Gorizia'),
    offer_requirements: input.text('Licenza media, italiano A2'),
    offer_eligibility: input.checkboxes(['outside_work', 'former_prisoners']),
    offer_organization: input.select(String(orgs.ENAIP)),
    ...overrides,
  });
  const courseMeta = JSON.stringify({ channelId: 'COFFERS', kind: 'course' });

  async function createCourse(user = ENAIP, overrides: Values = {}): Promise<number> {
    const res = await t.submitView(user, 'offer_new', courseValues(overrides), courseMeta);
    expect(res.status).toBe(200);
    expect(res.text).toBe('');
    return Number((await knex()('offers').orderBy('id', 'desc').first()).id);
  }

  async function refer(offerId: number, code: string) {
    return t.submitView(UEPE, 'offer_referral_new', { referral_code: input.text(code), referral_organization: input.select(String(orgs.UEPE)) }, JSON.stringify({ offerId, channelId: 'COFFERS' }));
  }

  async function act(user: string, actionId: string, options: Parameters<TestApp['action']>[2] = {}): Promise<string> {
    t.slack.responses.length = 0;
    const res = await t.action(user, actionId, options);
    expect(res.status).toBe(200);
    return visibleText((await waitFor(() => t.slack.responses.at(-1)?.body, 5000, 'a reply')) as { blocks?: unknown });
  }

  it('opens the course form (seats and dates, no contract) from `/offerta corso`; a job form stays as it was', async () => {
    await t.command(ENAIP, '/offerta', 'corso', { channelId: 'CWORK' });
    const view = (await waitFor(() => t.slack.callsTo('views.open')[0])).args.view as { title: { text: string }; private_metadata: string; blocks: Array<{ block_id?: string; label?: { text: string } }> };
    expect(view.title.text).toBe('Nuovo corso');
    const ids = view.blocks.map((b) => b.block_id).filter(Boolean);
    expect(ids).toEqual(expect.arrayContaining(['offer_title', 'offer_positions', 'offer_start', 'offer_end', 'offer_deadline', 'offer_requirements', 'offer_organization']));
    expect(ids).not.toContain('offer_contract');
    expect(view.blocks.find((b) => b.block_id === 'offer_positions')?.label?.text).toBe('Posti nel corso');
    expect(JSON.parse(view.private_metadata)).toEqual({ channelId: 'CWORK', kind: 'course' });

    // The English twin, for an English reader; `nuova corso` opens the same form.
    t.slack.reset();
    await t.command(ENAIP_EN, '/offerta', 'course', { channelId: 'CWORK' });
    const en = (await waitFor(() => t.slack.callsTo('views.open')[0])).args.view as typeof view;
    expect(en.title.text).toBe('New course');
    expect(en.blocks.find((b) => b.block_id === 'offer_end')?.label?.text).toBe('Course end');
    t.slack.reset();
    await t.command(ENAIP, '/offerta', 'nuova corso', { channelId: 'CWORK' });
    expect(((await waitFor(() => t.slack.callsTo('views.open')[0])).args.view as typeof view).title.text).toBe('Nuovo corso');
  });

  it('refuses bad dates, seats and personal data on the fields, in the reader’s language, and stores nothing', async () => {
    const bad = await t.submitView(
      ENAIP,
      'offer_new',
      courseValues({
        offer_positions: input.number('0'),
        offer_start: input.date(day(30)),
        offer_end: input.date(day(25)),
        offer_requirements: input.text('Per info scrivere a mario.rossi@example.org'),
        offer_title: input.text(' '),
      }),
      courseMeta,
    );
    expect(bad.json?.response_action).toBe('errors');
    expect(errorsOf(bad)).toEqual({
      offer_positions: 'I posti del corso sono un numero intero da 1 a 50.',
      offer_end: 'Il corso non può finire prima di iniziare: scegli una fine dalla data di inizio in poi.',
      offer_requirements: expect.stringContaining('indirizzo e-mail'),
      offer_title: 'Scrivi il nome del corso.',
    });
    const past = await t.submitView(ENAIP, 'offer_new', courseValues({ offer_start: input.date(day(-3)), offer_end: input.date(day(-1)), offer_deadline: input.date(day(-5)) }), courseMeta);
    expect(errorsOf(past)).toMatchObject({
      offer_start: 'La data di inizio del corso è già passata: scegli oggi o una data futura.',
      offer_end: 'La data di fine del corso è già passata.',
      offer_deadline: expect.stringContaining('già passata'),
    });
    const missing = await t.submitView(ENAIP, 'offer_new', courseValues({ offer_start: input.date(null), offer_end: input.date(null) }), courseMeta);
    expect(errorsOf(missing)).toEqual({ offer_start: 'Indica quando inizia il corso.', offer_end: 'Indica quando finisce il corso.' });
    const early = await t.submitView(ENAIP, 'offer_new', courseValues({ offer_start: input.date(day(5)) }), courseMeta);
    expect(errorsOf(early).offer_start).toContain('prima che si chiudano le iscrizioni');
    const long = await t.submitView(ENAIP, 'offer_new', courseValues({ offer_end: input.date(day(20 + 800)) }), courseMeta);
    expect(errorsOf(long).offer_end).toContain('più di due anni');
    const english = await t.submitView(ENAIP_EN, 'offer_new', courseValues({ offer_positions: input.number('0'), offer_end: input.date(day(15)) }), courseMeta);
    expect(errorsOf(english)).toEqual({
      offer_positions: "The course's seats are a whole number from 1 to 50.",
      offer_end: 'The course cannot end before it starts: choose an end on or after the start date.',
    });
    // Another organization than the caller's, as for a job offer.
    const other = await t.submitView(ENAIP, 'offer_new', courseValues({ offer_organization: input.select(String(orgs.CISL)) }), courseMeta);
    expect(errorsOf(other).offer_organization).toContain('solo per il tuo ente (ENAIP)');
    expect(Number((await knex()('offers').count({ n: '*' }).first())?.n)).toBe(0);
  });

  it('publishes a course, announces it as one, and lists it marked as a course, with a filter for courses or jobs', async () => {
    const id = await createCourse();
    const row = await knex()('offers').where({ id }).first();
    expect(row).toMatchObject({ kind: 'course', contract_type: null, positions: 2, start_date: day(20), end_date: day(50), deadline: day(10), organization_id: orgs.ENAIP });
    expect((await listAudit(knex(), { action: 'offer.create' }))[0]?.after).toMatchObject({ kind: 'course', positions: 2 });
    const confirmation = await waitFor(() => t.slack.callsTo('chat.postEphemeral').find((c) => String(c.args.text).includes('Corso')));
    expect(String(confirmation.args.text)).toContain(`Corso *#${id} Corso HACCP e aiuto cucina* registrato`);
    const posted = await waitFor(() => t.slack.callsTo('chat.postMessage').find((c) => String(c.args.text).startsWith(`Corso #${id}:`)), 5000, 'the announcement');
    const card = visibleText(posted.args);
    expect(card).toContain('*Posti*\n2 · 2 posti liberi');
    expect(card).toContain(`*Date*\ndal ${italian(day(20))} al ${italian(day(50))}`);
    expect(card).toContain('*Scadenza iscrizioni*');
    expect(card).toContain('*Requisiti di accesso*\nLicenza media, italiano A2');
    expect(card).not.toContain('*Contratto*');

    // A job offer too, from a cooperative.
    await t.submitView(COOP, 'offer_new', {
      offer_title: input.text('Addetta alla cucina'), offer_sector: input.select('catering'), offer_positions: input.number('1'), offer_contract: input.select('internship'),
      offer_location: input.text('Gorizia'), offer_deadline: input.date(day(10)), offer_eligibility: input.checkboxes(['former_prisoners']), offer_organization: input.select(String(orgs.LEGACOOP)),
    }, JSON.stringify({ channelId: 'COFFERS' }));

    const all = visibleText((await t.command(CISL, '/offerta', 'lista')).json);
    expect(all).toContain('2 in tutto');
    expect(all).toContain(`:mortar_board: Corso · Ristorazione · Gorizia · dal ${italian(day(20))} al ${italian(day(50))} · 2 posti`);
    expect(all).toContain('Tirocinio · Gorizia · 1 posto');
    const courses = await t.command(CISL, '/offerta', 'lista corsi');
    expect(visibleText(courses.json)).toContain('aperte · corsi · 1 in tutto');
    expect(visibleText(courses.json)).not.toContain('Addetta alla cucina');
    const jobs = visibleText((await t.command(CISL, '/offerta', 'list jobs')).json);
    expect(jobs).toContain('Addetta alla cucina');
    expect(jobs).not.toContain('Corso HACCP');
    const english = visibleText((await t.command(ENAIP_EN, '/offerta', 'list courses')).json);
    expect(english).toContain(':mortar_board: Course · Catering · Gorizia');
    expect(english).toContain('· 2 seats');
    expect(visibleText((await t.command(CISL, '/offerta', 'aiuto')).json)).toContain('`/offerta corso`');
  });

  it('refers candidates to a course like a job; enrolments take the seats, a full course says so and refuses more', async () => {
    const id = await createCourse();
    for (const code of ['UEPE-2026-101', 'UEPE-2026-102', 'UEPE-2026-103']) expect((await refer(id, code)).json).toBeUndefined();
    // The training body is told by DM, as for a job offer.
    await waitFor(() => t.slack.callsTo('chat.postMessage').find((c) => c.args.channel === `D${ENAIP}` && visibleText(c.args).includes('UEPE-2026-101')), 5000, 'the referral DM');
    const [a, b, c] = (await knex()('referrals').orderBy('id')) as Array<{ id: number }>;
    const details = await t.command(ENAIP, '/offerta', String(id));
    const buttons = (details.json?.blocks as SlackBlock[]).flatMap((blk) => blk.elements ?? []);
    expect(buttons.find((e) => e.action_id === `offer_referral_status:${a!.id}:hired`)).toBeTruthy();
    expect(JSON.stringify(details.json)).toContain('"text":"iscritta"');

    expect(await act(ENAIP, `offer_referral_status:${a!.id}:hired`, { value: 'hired' })).toContain('ora è *iscritta*');
    expect((await knex()('offers').where({ id }).first()).status).toBe('open');
    await waitFor(() => t.slack.callsTo('chat.update').find((u) => visibleText(u.args).includes('1 posto libero') && visibleText(u.args).includes('1 iscritta')), 5000, 'one seat left');
    const full = await act(ENAIP, `offer_referral_status:${b!.id}:hired`, { value: 'hired' });
    expect(full).toContain(`il corso *#${id}* è ora *al completo*`);
    expect((await knex()('offers').where({ id }).first()).status).toBe('filled');
    await waitFor(() => t.slack.callsTo('chat.update').find((u) => visibleText(u.args).includes('nessuno libero') && visibleText(u.args).includes('*al completo*')), 5000, 'the full course');
    // The referring organization hears of the enrolment in its words.
    await waitFor(() => t.slack.callsTo('chat.postMessage').find((m) => m.args.channel === `D${UEPE}` && visibleText(m.args).includes('ora è *iscritta*')), 5000, 'the status DM');

    // A third enrolment is refused (no more than the seats), and so is a new referral.
    expect(await act(ENAIP, `offer_referral_status:${c!.id}:hired`, { value: 'hired' })).toContain(`Il corso #${id} è al completo (2 posti)`);
    expect((await knex()('referrals').where({ id: c!.id }).first())?.status).toBe('proposed');
    expect(errorsOf(await refer(id, 'UEPE-2026-104')).referral_code).toContain(`L’offerta #${id} è al completo: non accetta più segnalazioni.`);

    // An enrolment that falls through frees a seat: the course opens again.
    expect(await act(ENAIP, `offer_referral_status:${b!.id}:not_selected`, { value: 'not_selected' })).toContain(`il corso *#${id}* è di nuovo *aperto*`);
    expect((await knex()('offers').where({ id }).first()).status).toBe('open');
  });

  it('an enrolment is not a hiring: the figures of hirings (trend, funnel, per organization, the coordinators’ year) leave it out; the digest and the App Home count it as an enrolment', async () => {
    const id = await createCourse();
    expect((await refer(id, 'UEPE-2026-111')).json).toBeUndefined();
    const [referral] = (await knex()('referrals').orderBy('id')) as Array<{ id: number }>;
    expect(await act(ENAIP, `offer_referral_status:${referral!.id}:hired`, { value: 'hired' })).toContain('ora è *iscritta*');
    const period = { start: dayjs(clock.now()).subtract(1, 'day').toDate(), end: dayjs(clock.now()).add(1, 'day').toDate() };
    const figures = async () => {
      const [trend] = await offersReporting.trend(knex(), [period]);
      const indicators = await offersReporting.indicators(knex(), { ...period, dates: { from: calendarDateIn(period.start, 'Europe/Rome'), to: calendarDateIn(period.end, 'Europe/Rome') } }, { now: clock.now(), tz: 'Europe/Rome' });
      const uepe = indicators.referrals.byOrganization.find((o) => o.organization === 'UEPE');
      return { trend: trend!.hires, funnel: indicators.funnel.hires, referrals: indicators.funnel.referrals, byOrganization: uepe?.hired, toHiring: indicators.referrals.avgDaysToHiring };
    };
    expect(await figures()).toEqual({ trend: 0, funnel: 0, referrals: 1, byOrganization: 0, toHiring: null });
    // The digest and the coordinators' App Home count it as an enrolment, in both languages.
    const digestLine = async (user: string) => visibleText((await t.command(user, '/riepilogo', 'anteprima')).json);
    const { referrals } = await offersReporting.digest(knex(), period, { now: clock.now(), tz: TZ });
    expect(referrals.byStatus).toEqual({ enrolled: 1 });
    expect(await digestLine(COORDINATOR)).toContain('1 iscritta a un corso');
    expect(await digestLine(COORDINATOR)).not.toContain('1 assunta');
    expect(await digestLine(ENAIP_EN)).toContain('1 enrolled on a course');
    const published = t.slack.callsTo('views.publish').length;
    await t.event('app_home_opened', COORDINATOR, { extra: { tab: 'home' } });
    const home = await waitFor(() => t.slack.callsTo('views.publish').slice(published).find((c) => c.args.user_id === COORDINATOR), 5000, 'the coordinator’s App Home');
    expect(JSON.stringify(home.args.view)).toContain('0 assunte · 1 iscritta a un corso');
    // The same referral on a job offer is a hiring, counted everywhere (so the figures above could count it).
    await knex()('offers').where({ id }).update({ kind: 'job', contract_type: 'internship', end_date: null });
    expect(await figures()).toMatchObject({ trend: 1, funnel: 1, byOrganization: 1 });
    expect((await offersReporting.digest(knex(), period, { now: clock.now(), tz: TZ })).referrals.byStatus).toEqual({ hired: 1 });
    expect(await digestLine(COORDINATOR)).toContain('1 assunta');
  });

  it('edits, withdraws and reopens a course like a job offer; its kind stays; the edit form is the course form', async () => {
    const id = await createCourse();
    await t.action(ENAIP, `offer_edit_open:${id}`, { value: String(id), channelId: 'COFFERS' });
    const form = (await waitFor(() => t.slack.callsTo('views.open')[0])).args.view as { title: { text: string }; blocks: Array<{ block_id?: string; element?: { initial_date?: string } }> };
    expect(form.title.text).toBe('Modifica corso');
    expect(form.blocks.find((b) => b.block_id === 'offer_end')?.element?.initial_date).toBe(day(50));

    // Someone outside the training body may not edit it.
    expect(JSON.stringify((await t.submitView(CISL, 'offer_edit', courseValues(), JSON.stringify({ offerId: id }))).json)).toContain('solo l’ente che offre');
    const bad = await t.submitView(ENAIP, 'offer_edit', courseValues({ offer_end: input.date(day(19)) }), JSON.stringify({ offerId: id, channelId: 'COFFERS' }));
    expect(errorsOf(bad).offer_end).toContain('non può finire prima di iniziare');
    const edited = await t.submitView(ENAIP, 'offer_edit', courseValues({ offer_positions: input.number('12'), offer_end: input.date(day(60)) }), JSON.stringify({ offerId: id, channelId: 'COFFERS' }));
    expect(edited.json).toBeUndefined();
    expect(await knex()('offers').where({ id }).first()).toMatchObject({ kind: 'course', positions: 12, end_date: day(60), contract_type: null });
    const audit = (await listAudit(knex(), { action: 'offer.edit' }))[0];
    expect(audit?.before).toMatchObject({ kind: 'course', positions: 2, endDate: day(50) });
    expect(audit?.after).toMatchObject({ kind: 'course', positions: 12, endDate: day(60) });

    expect(await act(ENAIP, `offer_set_status:withdrawn`, { value: String(id) })).toContain(`Offerta *#${id}* ora è *ritirata*`);
    const reopened = await t.submitView(ENAIP, 'offer_reopen', { offer_reopen_reason: input.text('Ritirato per errore'), offer_reopen_deadline: input.date(day(12)) }, JSON.stringify({ offerId: id }));
    expect(reopened.json).toBeUndefined();
    expect(await knex()('offers').where({ id }).first()).toMatchObject({ status: 'open', deadline: day(12), kind: 'course' });
  });
});
