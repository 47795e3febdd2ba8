import type { Locator } from 'playwright-core';
import type { LocalPlayground } from '../../src/local/start';
import {
  describeWithChromium,
  openAppHome,
  openChannel,
  openCommand,
  screenshot,
  screenshotElement,
  switchUser,
  usePlayground,
  waitForChannelText,
  waitForText,
} from '../support/playground-steps';

const DAY = 86_400_000;
/** A calendar day `days` from today (negative: in the past), as the playground's forms write it. */
const inDays = (days: number): string => new Date(Date.now() + days * DAY).toISOString().slice(0, 10);
const daysAgo = (days: number): Date => new Date(Date.now() - days * DAY);

const COORDINATOR = 'UDEMOCOORD';
const OFFERING = [
  { user: 'UDEMOCOOP', org: 'LEGACOOP' },
  { user: 'UDEMOCONF', org: 'CONFCOOP' },
];
const REFERRING = [
  { user: 'UDEMOUEPE', org: 'UEPE' },
  { user: 'UDEMOCGIL', org: 'CGIL-GO' },
];
const OFFERS = [
  { title: 'Aiuto cuoca in mensa aziendale', sector: 'catering', contractType: 'internship' },
  { title: 'Addetta alle pulizie di uffici', sector: 'cleaning_services', contractType: 'work_grant' },
  { title: 'Magazziniera in cooperativa logistica', sector: 'logistics', contractType: 'fixed_term' },
  { title: 'Sarta in laboratorio tessile', sector: 'tailoring', contractType: 'internship' },
  { title: 'Addetta alla serra', sector: 'agriculture', contractType: 'work_grant' },
  { title: 'Cassiera in negozio solidale', sector: 'retail', contractType: 'fixed_term' },
];
/** New offers per week, this week first. */
const OFFERS_PER_WEEK = [2, 1, 2, 3, 1, 2, 1, 2, 3, 2, 1, 1];
/** New pathways per week, this week first. */
const PATHWAYS_PER_WEEK = [1, 0, 2, 1, 1, 0, 2, 1, 0, 1, 1, 2];

function fail(what: string, errors: unknown): never {
  throw new Error(`${what}: ${JSON.stringify(errors)}`);
}

/**
 * Twelve weeks of a network at work, through the app's own use cases (the same rules as in
 * Slack), then dated back: offers from two cooperatives, referrals by the probation office and a
 * union with interviews and hirings, pathways opened by the probation office (three left seven
 * months ago: two employed at the 6-month follow-up, one not), three held meetings whose minutes
 * are written to the table channel's canvas.
 */
async function seedTwelveWeeks(playground: LocalPlayground): Promise<void> {
  const { areas, db } = playground.app;
  const knex = db.knex;
  const actor = (userId: string) => areas.network.resolveActor(userId, null);
  const orgs = new Map((await knex('organizations').select('id', 'short_name')).map((o: { id: number; short_name: string }) => [o.short_name, o.id]));
  const orgId = (shortName: string): string => String(orgs.get(shortName));
  const coordinator = await actor(COORDINATOR);

  let code = 0;
  for (const [week, offers] of OFFERS_PER_WEEK.entries()) {
    for (let n = 0; n < offers; n++) {
      const at = daysAgo(week * 7 + 1 + ((week + n) % 4));
      const by = OFFERING[(week + n) % 2]!;
      const made = await areas.offers.offers.create(
        await actor(by.user),
        { ...OFFERS[(week * 3 + n) % OFFERS.length]!, positions: '2', location: 'Gorizia', deadline: inDays(60), requirements: '', eligibility: ['former_prisoners'], organizationId: orgId(by.org) },
        'C0OFFERTE',
      );
      if (!made.ok) fail('offer', made.errors);
      await knex('offers').where({ id: made.offer.id }).update({ created_at: at });
      for (let r = 0; r < 1 + ((week + n) % 3); r++) {
        const from = REFERRING[(week + r) % 2]!;
        const candidate = `${from.org.slice(0, 4)}-2026-${String(++code).padStart(3, '0')}`;
        const referred = await areas.offers.referrals.refer(await actor(from.user), made.offer.id, { code: candidate, organizationId: orgId(from.org), note: '' });
        if (!referred.ok) fail('referral', referred.errors);
        const row = (await knex('referrals').where({ candidate_code: candidate }).first())!;
        const interview = r === 0 && (week + n) % 2 === 0;
        if (interview) await areas.offers.referrals.changeStatus(coordinator, row.id, 'interview');
        if (interview && week % 3 !== 0) await areas.offers.referrals.changeStatus(coordinator, row.id, 'hired');
        const changed = new Date(Math.min(at.getTime() + 5 * DAY, Date.now() - 3_600_000));
        await knex('referrals')
          .where({ id: row.id })
          .update({ created_at: new Date(at.getTime() + DAY), interview_at: interview ? new Date(Math.min(at.getTime() + 3 * DAY, Date.now() - 7_200_000)) : null, status_changed_at: changed });
      }
    }
  }

  const probation = await actor('UDEMOUEPE');
  const opened: number[] = [];
  for (const [week, count] of PATHWAYS_PER_WEEK.entries()) {
    for (let n = 0; n < count; n++) {
      const result = await areas.pathways.pathways.open(probation, { code: `UEPE-2026-${String(500 + opened.length).padStart(3, '0')}`, consentOn: inDays(-(week * 7 + 2)), consented: [orgId('ENAIP')] });
      if (!result.ok) fail('pathway', result.errors);
      await knex('pathways').where({ id: result.pathway.id }).update({ created_at: daysAgo(week * 7 + 2 + n) });
      opened.push(result.pathway.id);
    }
  }
  // Three women left their pathway about seven months ago; the 6-month follow-ups are recorded.
  for (const [i, outcome] of (['employed', 'employed', 'not_employed'] as const).entries()) {
    const id = opened[opened.length - 1 - i]!;
    const exit = await areas.pathways.pathways.saveMilestone(probation, id, undefined, { kind: 'exit', doneOn: inDays(-(200 + i)), responsibleOrganizationId: orgId('UEPE'), outcome: 'employed' });
    if (!exit.ok) fail('exit', exit.errors);
    const followUp = exit.pathway.milestones.find((m) => m.kind === 'followup_6')!;
    const done = await areas.pathways.pathways.saveMilestone(probation, id, followUp.id, {
      plannedOn: followUp.plannedOn,
      doneOn: inDays(-10),
      responsibleOrganizationId: orgId('UEPE'),
      outcome,
      sameEmployer: outcome === 'employed' ? 'yes' : null,
    });
    if (!done.ok) fail('follow-up', done.errors);
  }

  const invited = ['PROV-GO', 'UEPE', 'LEGACOOP', 'CONFCOOP', 'CGIL-GO', 'ENAIP', 'CISL'].map(orgId);
  const meetings = [
    { title: 'Tavolo di avvio', weeksAgo: 10, attendees: ['UDEMOCOORD', 'UDEMOCOOP', 'UDEMOUEPE', 'UDEMOCGIL', 'UDEMOENAIP', 'UDEMOCISL'], summary: 'Presentazione della rete e del metodo del progetto personale individualizzato.', decisions: 'Le offerte si pubblicano con /offerta; le segnalazioni solo per codice.', action: { text: 'Mappare i posti disponibili nelle cooperative', by: 'UDEMOCOOP', org: 'LEGACOOP' } },
    { title: 'Tavolo sulle borse lavoro', weeksAgo: 6, attendees: ['UDEMOCOORD', 'UDEMOCOOP', 'UDEMOCONF', 'UDEMOUEPE'], summary: 'Punto sulle borse lavoro e sui tirocini in corso.', decisions: 'Avviare due borse lavoro entro fine mese.', action: { text: 'Preparare le convenzioni di tirocinio', by: 'UDEMOCONF', org: 'CONFCOOP' } },
    { title: 'Tavolo di verifica', weeksAgo: 2, attendees: ['UDEMOCOORD', 'UDEMOUEPE', 'UDEMOCGIL', 'UDEMOCONF', 'UDEMOENAIP'], summary: 'Verifica dei primi inserimenti e dei follow-up a 6 mesi.', decisions: 'Il corso di magazzino parte con ENAIP a gennaio.', action: { text: 'Calendario del corso di magazzino', by: 'UDEMOENAIP', org: 'ENAIP' } },
  ];
  const held: number[] = [];
  for (const m of meetings) {
    const convened = await areas.table.meetings.convene(
      coordinator,
      { title: m.title, date: inDays(3), start: '10:00', end: '12:00', place: 'Sala consiliare, Gorizia', link: '', agenda: 'Aggiornamento sulle offerte\nPercorsi in corso', organizationIds: invited, channelId: 'C0TAVOLO' },
      [],
    );
    if (!convened.ok) fail('meeting', convened.errors);
    const row = (await knex('meetings').orderBy('id', 'desc').first())!;
    const startsAt = daysAgo(m.weeksAgo * 7);
    await knex('meetings').where({ id: row.id }).update({ starts_at: startsAt, ends_at: new Date(startsAt.getTime() + 2 * 3_600_000) });
    const minutes = await areas.table.minutes.recordMinutes(coordinator, row.id, {
      attendees: m.attendees,
      summary: m.summary,
      decisions: m.decisions,
      actions: [{ text: m.action.text, organizationId: orgId(m.action.org), ownerUserId: m.action.by, dueDate: inDays(21) }],
    });
    if (!minutes.ok) fail('minutes', minutes.errors);
    held.push(row.id);
  }
  // Minutes recorded on the day of each meeting: the canvas, written again, dates each section so.
  await knex('meetings').whereIn('id', held).update({ held_at: knex.ref('ends_at') });
  await areas.table.minutes.writeCanvas(coordinator, held.at(-1)!);
}

/** Waits until an image has loaded (the PNG the stand-in serves for an uploaded file). */
async function waitForImage(locator: Locator): Promise<void> {
  await locator.waitFor();
  await locator.evaluate((img) => (img as HTMLImageElement).decode());
}

// Generous per-test time for a loaded machine: every step waits for what it needs, none sleeps.
jest.setTimeout(120_000);

/**
 * Issue 17 in the playground, in a browser: twelve weeks of activity, then the coordinator's
 * digest preview with its trend chart (new pathways included), the indicators with the funnel to
 * "employed at 6 months", the organizations' bars, the table and the network map PNG, the App
 * Home's funnel picture, and the minutes canvas of the table channel. Screenshots land in
 * test-output/playground/; with UPDATE_DOC_IMAGES=1 the pictures the README shows are written to
 * docs/images/ too (each cropped to its element).
 */
describeWithChromium('charts walkthrough browser test')('local playground: the pictures', () => {
  const session = usePlayground();

  beforeAll(async () => {
    await seedTwelveWeeks(session.playground);
    // What the seeding sent (announcements, DMs, Home tabs) is delivered before the pictures are taken.
    await session.playground.app.platform.outbox.flush();
    await session.playground.app.platform.homeTabs.idle();
  }, 120_000);

  it('shows the digest’s 12-week trend with new pathways', async () => {
    const { page } = session;
    await switchUser(page, 'Giulia Bressan');
    await openChannel(page, 'generale');
    await openCommand(page, '/riepilogo');
    await waitForChannelText(page, 'Riepilogo settimanale ISO.NEW');
    const digest = page.locator('#surface .msg', { hasText: 'Riepilogo settimanale ISO.NEW' }).last();
    const chart = digest.locator('.bk-chart', { hasText: 'Ultime 12 settimane' });
    await waitForText(chart, 'Nuovi percorsi');
    for (const series of ['Nuove offerte', 'Segnalazioni', 'Assunzioni']) await waitForText(chart, series);
    // Four series of twelve weeks: one point each.
    expect(await chart.locator('circle').count()).toBe(12 * 4);
    await screenshotElement(chart, '70-riepilogo-andamento', 'digest-trend');
    await screenshot(page, '71-riepilogo');
  });

  it('shows the indicators: the funnel to employed at 6 months, the organizations, the table and the network map', async () => {
    const { page } = session;
    await openCommand(page, `/riepilogo indicatori ${inDays(-364)} ${inDays(0)}`);
    await waitForChannelText(page, 'Indicatori ISO.NEW');
    const message = page.locator('#surface .msg', { hasText: 'Indicatori ISO.NEW' }).last();
    // The network map follows, as the PNG the server drew and uploaded.
    const map = page.locator('#surface .bk-image img[alt^="Mappa della rete"]').last();
    await waitForImage(map);
    expect(await map.evaluate((img) => (img as HTMLImageElement).naturalWidth)).toBe(800);

    const funnel = message.locator('.bk-chart', { hasText: 'Dalle offerte alle assunzioni' });
    await waitForText(funnel, 'Occupate a 6 mesi');
    // Two women employed at the 6-month follow-up: the funnel's last bar.
    expect(await funnel.locator('rect title').allTextContents()).toContain('Numero · Occupate a 6 mesi: 2');
    await screenshotElement(funnel, '72-indicatori-imbuto', 'indicators-funnel');
    const byOrganization = message.locator('.bk-chart', { hasText: 'Segnalazioni per ente' });
    await waitForText(byOrganization, 'UEPE');
    await screenshotElement(byOrganization, '73-indicatori-per-ente', 'indicators-by-organization');
    const table = message.locator('.bk-table table');
    await waitForText(table, 'LEGACOOP');
    await screenshotElement(table, '74-indicatori-tabella', 'indicators-table');
    await waitForImage(map);
    await screenshotElement(map, '75-mappa-della-rete', 'network-map');
  });

  it('shows the year’s funnel as a picture on the coordinator’s App Home', async () => {
    const { page } = session;
    await openAppHome(page);
    const picture = page.locator('#surface .bk-image img[alt^="Dalle offerte alle assunzioni"]').first();
    await waitForImage(picture);
    await screenshotElement(picture, '76-home-imbuto', 'home-funnel');
  });

  it('shows the minutes of every held meeting in the table channel’s canvas', async () => {
    const { page } = session;
    await openChannel(page, 'tavolo-iso-new');
    const canvas = page.locator('#canvas');
    for (const title of ['Tavolo di verifica', 'Tavolo sulle borse lavoro', 'Tavolo di avvio', 'Presenze per ente', 'Preparare le convenzioni di tirocinio']) await waitForText(canvas, title);
    // The canvas is taller than the window: a taller window shows it whole, then back.
    const viewport = page.viewportSize();
    await page.setViewportSize({ width: 1000, height: 1600 });
    await screenshotElement(canvas, '77-verbali-canvas', 'minutes-canvas');
    if (viewport) await page.setViewportSize(viewport);
  });
});
