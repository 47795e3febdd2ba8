import { parse } from 'csv-parse/sync';
import { calendarDateIn, dayjs } from '../../src/platform/time';
import { listAudit } from '../../src/platform/audit/audit-store';
import type { ReferralStatus } from '../../src/areas/offers/domain/types';
import { TEST_START, TestClock } from '../support/clock';
import { DATABASES } from '../support/databases';
import { COORDINATOR, startTestApp, visibleText, waitFor, type TestApp } from '../support/harness';
import { buildNetwork } from '../support/network';
import { blockActionPayload } from '../support/slack-requests';

// The offers and polls areas in the digest, the App Home and the indicators.
const COOP = 'UCOOP0001'; // Legacoop: offers the jobs
const UEPE = 'UUEPE0001'; // the probation office: refers candidates
const CISL = 'UCISL0001'; // a third organization: no referral of its own
const CHANNEL = 'CREPORT1';
const TZ = 'Europe/Rome';
const CODES = ['UEPE-2026-001', 'UEPE-2026-002', 'UEPE-2026-003', 'UEPE-2026-004', 'UEPE-2026-005'];

describe.each(DATABASES)('offers and polls in /riepilogo and the App Home (%s)', (kind) => {
  let t: TestApp;
  const clock = new TestClock();
  let orgs: Record<string, number> = {};
  let pollId = 0;
  let pollOptions: number[] = [];

  /** The calendar date `offset` days from the app's today. */
  const day = (offset: number): string => dayjs.utc(calendarDateIn(clock.now(), TZ)).add(offset, 'day').format('YYYY-MM-DD');

  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
  });
  afterAll(async () => {
    await t.stop();
  });

  const knex = () => t.app.db.knex;
  const actor = (userId: string) => t.app.areas.network.resolveActor(userId, null);

  /**
   * Two Legacoop offers: one filled by a hire from UEPE, one expiring in 3 days with UEPE's
   * referrals proposed, at interview, not selected and withdrawn; an open poll UEPE answered.
   */
  beforeEach(async () => {
    await t.reset();
    clock.set(TEST_START);
    ({ orgs } = await buildNetwork(t.byHand, [
      { user: COOP, org: 'LEGACOOP' },
      { user: UEPE, org: 'UEPE' },
      { user: CISL, org: 'CISL' },
    ]));
    const now = clock.now();
    const { offers, referrals } = t.app.areas.offers;
    const coop = await actor(COOP);
    const uepe = await actor(UEPE);
    const create = async (title: string, sector: string, contractType: string, positions: number, deadline: string) => {
      const raw = { title, sector, contractType, positions: String(positions), location: 'Gorizia', deadline, requirements: 'Turni', eligibility: ['former_prisoners'], organizationId: orgs.LEGACOOP };
      const result = await offers.create(coop, raw, CHANNEL);
      if (!result.ok) throw new Error(JSON.stringify(result.errors));
      return result.offer.id;
    };
    const cook = await create('Aiuto cuoca', 'catering', 'internship', 1, day(30));
    const store = await create('Magazziniera', 'logistics', 'fixed_term', 2, day(3));
    const refer = async (offerId: number, code: string, status?: ReferralStatus, by = coop) => {
      const res = await referrals.refer(uepe, offerId, { code, organizationId: String(orgs.UEPE), note: '' });
      if (!res.ok) throw new Error(JSON.stringify(res.errors));
      if (!status) return;
      const row = await knex()('referrals').where({ candidate_code: code }).first();
      await referrals.changeStatus(by, row!.id, status);
    };
    await refer(cook, CODES[0]!, 'hired');
    await refer(store, CODES[1]!);
    await refer(store, CODES[2]!, 'interview');
    await refer(store, CODES[3]!, 'not_selected');
    await refer(store, CODES[4]!, 'withdrawn', uepe);

    const poll = await t.app.areas.polls.create(await actor(COORDINATOR), { kind: 'choice', question: 'Quale tema al tavolo?', options: 'Tirocini\nFormazione', scope: 'person', settings: [], organizationIds: [], channelId: CHANNEL });
    if (!poll.ok) throw new Error(JSON.stringify(poll.errors));
    pollId = poll.poll.id;
    pollOptions = ((await knex()('poll_options').where({ poll_id: pollId }).orderBy('position')) as Array<{ id: number }>).map((o) => Number(o.id));
    await t.app.areas.polls.vote(uepe, { optionId: pollOptions[0]! });
    // The Homes refreshed by those changes are published in the background: let them land first.
    await t.app.platform.homeTabs.idle();
    t.slack.reset();
  });

  const published = (user: string) => t.slack.callsTo('views.publish').filter((c) => c.args.user_id === user);
  async function home(user: string): Promise<string> {
    const before = published(user).length;
    await t.event('app_home_opened', user, { extra: { tab: 'home' } });
    const call = await waitFor(() => published(user)[before], 15_000, `${user}'s Home`);
    return visibleText(call.args.view as { blocks?: unknown });
  }

  it('/riepilogo anteprima shows the week’s offers, referral counts and open polls, never a candidate code', async () => {
    const res = await t.command(UEPE, '/riepilogo', 'anteprima', { channelId: CHANNEL });
    const text = visibleText(res.json);
    expect(text).toContain('*Nuove offerte di inserimento* (2)');
    expect(text).toContain('• *Aiuto cuoca* · LEGACOOP · 1 posto · Ristorazione');
    expect(text).toContain('*Offerte coperte* (1)');
    expect(text).toMatch(/• \*Aiuto cuoca\* · LEGACOOP · 1 posto · Ristorazione · inserimenti da: UEPE/);
    expect(text).toContain('*Offerte in scadenza nei prossimi 7 giorni* (1)');
    expect(text).toContain(`• *Magazziniera* · LEGACOOP · 2 posti · Logistica e magazzino · scade il ${dayjs(day(3)).format('DD/MM/YYYY')}`);
    expect(text).toContain('*Segnalazioni* (solo numeri)\n5 nuove questa settimana · 1 proposta · 1 a colloquio · 1 assunta · 1 non selezionata · 1 ritirata');
    expect(text).toMatch(/\*Sondaggi aperti\* \(1\)\n• Quale tema al tavolo\? · ha risposto 1 ente su \d+/);
    expect(text).toContain('*La settimana in numeri*: 2 nuove offerte · 1 offerta coperta · 5 segnalazioni · 1 assunzione · 1 sondaggio aperto');
    const everything = JSON.stringify(res.json);
    for (const code of CODES) expect(everything).not.toContain(code);
    expect(everything).not.toContain('UEPE-2026');
  });

  it('shows the offering organization’s partner its open offers and waiting referrals with their codes, audited', async () => {
    const text = await home(COOP);
    expect(text).toContain('*Offerte aperte del tuo ente* (1)');
    expect(text).toContain('• *Magazziniera* · LEGACOOP · 2 posti');
    expect(text).toContain('*Segnalazioni in attesa di risposta* (2)');
    expect(text).toContain('• *Magazziniera* (LEGACOOP) · segnalata da UEPE · proposta dal');
    expect(text).toContain('codice `UEPE-2026-002`');
    expect(text).toContain('codice `UEPE-2026-003`');
    for (const code of [CODES[0]!, CODES[3]!, CODES[4]!]) expect(text).not.toContain(code);
    expect(text).toContain('*Sondaggi in cui puoi votare* (1)');
    expect(text).toContain(`• Quale tema al tavolo? · vota in <#${CHANNEL}>`);
    expect(text).not.toContain('Indicatori della rete');
    const reads = await listAudit(knex(), { action: 'referral.list', entity: 'home' });
    expect(reads.at(-1)).toMatchObject({ actorUserId: COOP, entityId: COOP });
  });

  it('shows the referring organization its waiting referrals, and a third organization no code at all', async () => {
    const uepe = await home(UEPE);
    expect(uepe).toContain('*Segnalazioni in attesa di risposta* (2)');
    expect(uepe).toContain('codice `UEPE-2026-002`');
    // UEPE already answered the poll.
    expect(uepe).toContain('*Sondaggi in cui puoi votare*: nessuno.');

    const cisl = await home(CISL);
    expect(cisl).toContain('*Offerte aperte del tuo ente*: nessuna.');
    expect(cisl).not.toContain('Segnalazioni in attesa');
    expect(cisl).not.toContain('UEPE-2026');
    expect(cisl).toContain('*Sondaggi in cui puoi votare* (1)');
  });

  it('refreshes the voter’s Home after a vote, off the ack path', async () => {
    const res = await t.postInteractive(blockActionPayload({ userId: CISL, actionId: `poll_vote:${pollOptions[1]}`, channelId: CHANNEL, responseUrl: t.slack.responseUrl('vote') }));
    expect(res.status).toBe(200);
    const call = await waitFor(() => published(CISL)[0], 15_000, 'the voter’s Home');
    expect(visibleText(call.args.view as { blocks?: unknown })).toContain('*Sondaggi in cui puoi votare*: nessuno.');
  });

  it('keeps the vote when Slack refuses the Home refresh (the refresh never throws)', async () => {
    t.slack.failNext('views.publish', { error: 'internal_error' });
    const res = await t.postInteractive(blockActionPayload({ userId: CISL, actionId: `poll_vote:${pollOptions[0]}`, channelId: CHANNEL, responseUrl: t.slack.responseUrl('vote2') }));
    expect(res.status).toBe(200);
    await waitFor(() => t.slack.callsTo('views.publish').length, 15_000, 'the refused refresh');
    expect(await knex()('poll_votes').where({ poll_id: pollId, voter_user_id: CISL }).count('* as n').first()).toMatchObject({ n: 1 });
    // The next opening of the Home rebuilds it.
    expect(await home(CISL)).toContain('*Sondaggi in cui puoi votare*: nessuno.');
  });

  it('refreshes the Homes of both organizations when a referral moves on', async () => {
    const row = await knex()('referrals').where({ candidate_code: CODES[1] }).first();
    await t.app.areas.offers.referrals.changeStatus(await actor(COOP), row!.id, 'interview');
    await waitFor(() => published(COOP).length && published(UEPE).length, 15_000, 'both Homes');
    expect(published(CISL)).toHaveLength(0);
  });

  it('shows coordinators network-wide figures: open offers, referrals by status, hires this year, poll participation', async () => {
    const text = await home(COORDINATOR);
    expect(text).toContain('Indicatori della rete');
    expect(text).toContain('Offerte aperte\n1');
    expect(text).toContain('Segnalazioni in corso\n2');
    expect(text).toContain('Segnalazioni per stato\n1 proposta · 1 a colloquio · 1 assunta · 0 iscritte ai corsi · 1 non selezionata · 1 ritirata');
    expect(text).toContain('Assunzioni quest’anno\n1');
    expect(text).toMatch(/Partecipazione ai sondaggi aperti\n1 ente su \d+ invitati/);
    expect(text).toContain('Sondaggi aperti\n1');
    // Coordinators see every waiting referral, with its code.
    expect(text).toContain('codice `UEPE-2026-003`');
  });

  it('exports offers by sector and contract, referrals and hires per organization, averages and poll participation', async () => {
    const res = await t.command(COORDINATOR, '/riepilogo', 'indicatori 2026-01-01 2099-12-31');
    const text = visibleText(res.json);
    expect(text).toContain('• Logistica e magazzino · Tempo determinato: 1 offerta, 2 posti');
    expect(text).toContain('• UEPE: 5 segnalazioni, 1 assunzione');
    expect(text).toContain('• LEGACOOP: 0 segnalazioni, 0 assunzioni · sulle sue offerte 5 segnalazioni, 1 assunzione');
    const upload = await waitFor(() => t.slack.callsTo('upload')[0]);
    const rows = parse(String(upload.args.content), { bom: true, delimiter: ';', columns: true }) as Array<Record<string, string>>;
    const value = (section: string, indicator: string, dimension: string) =>
      rows.find((r) => r.sezione === section && r.indicatore === indicator && r.dimensione === dimension)?.valore;
    expect(value('offerte', 'offerte', 'Ristorazione / Tirocinio')).toBe('1');
    expect(value('offerte', 'posti', 'Logistica e magazzino / Tempo determinato')).toBe('2');
    expect(value('segnalazioni', 'segnalazioni', 'UEPE')).toBe('5');
    expect(value('segnalazioni', 'assunzioni', 'UEPE')).toBe('1');
    expect(value('segnalazioni', 'segnalazioni ricevute sulle proprie offerte', 'LEGACOOP')).toBe('5');
    expect(value('segnalazioni', 'assunzioni sulle proprie offerte', 'LEGACOOP')).toBe('1');
    // Everything happened within the same minute: both averages are about zero days.
    expect(Number(value('segnalazioni', 'giorni medi offerta → prima segnalazione', 'tutti'))).toBe(0);
    expect(Number(value('segnalazioni', 'giorni medi offerta → assunzione', 'tutti'))).toBe(0);
    expect(value('sondaggi', 'sondaggi con risposta', 'UEPE')).toBe('1');
    expect(value('sondaggi', 'sondaggi', 'UEPE')).toBe('1');
    expect(value('sondaggi', 'sondaggi con risposta', 'CISL')).toBe('0');
    expect(value('sondaggi', 'sondaggi', 'CISL')).toBe('1');
    expect(String(upload.args.content)).not.toContain('UEPE-2026');
  });
});
