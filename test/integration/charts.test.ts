import { composeDigest } from '../../src/areas/digest/use-cases/compose';
import { trendPeriods } from '../../src/areas/digest/domain/schedule';
import { networkReporting } from '../../src/areas/network';
import { offersReporting } from '../../src/areas/offers';
import { createPollsReporting } from '../../src/areas/polls';
import { tableReporting } from '../../src/areas/table';
import { pathwaysReporting } from '../../src/areas/pathways';
import type { DataVisualizationBlock } from '../../src/platform/slack/charts';
import { composeIndicators } from '../../src/areas/digest/use-cases/compose';
import { networkMapJob } from '../../src/areas/digest/jobs/network-map-job';
import { blockKit } from '../support/block-kit-schema';
import { TEST_START, TestClock } from '../support/clock';
import { DATABASES } from '../support/databases';
import { COORDINATOR, startTestApp, visibleText, waitFor, type TestApp } from '../support/harness';
import { buildNetwork } from '../support/network';

const COOP = 'UCOOP0001';
const UEPE = 'UUEPE0001';
const CHANNEL = 'CCHARTS1';
const TZ = 'Europe/Rome';
// Monday 16 November 2026, 09:00 in Rome (CET): the digest covers 9–16 November.
const MONDAY_9 = new Date('2026-11-16T08:00:00Z');
const DAY = 24 * 60 * 60 * 1000;
const contributions = (t: TestApp) => ({ network: networkReporting, offers: offersReporting, table: tableReporting, polls: createPollsReporting(t.app.platform.secrets), pathways: pathwaysReporting });

type Sent = { text: string; blocks: Array<{ type: string }> };

describe.each(DATABASES)('charts in the digest (%s)', (kind) => {
  let t: TestApp;
  const clock = new TestClock();
  let orgs: Record<string, number> = {};

  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
    await t.app.platform.outbox.stop();
  }, 120_000);
  afterAll(async () => {
    await t.stop();
  });

  const knex = () => t.app.db.knex;
  const actor = (userId: string) => t.app.areas.network.resolveActor(userId, null);

  /** Offers, referrals and hirings spread over the last 14 weeks (two of them before the chart's 12), some on DST's edge. */
  async function spreadActivity(): Promise<void> {
    const coop = await actor(COOP);
    const uepe = await actor(UEPE);
    const { offers, referrals } = t.app.areas.offers;
    for (let week = 0; week < 14; week++) {
      const at = new Date(MONDAY_9.getTime() - week * 7 * DAY - ((week * 13) % 6) * DAY - 3_600_000);
      const count = (week % 3) + 1;
      for (let n = 0; n < count; n++) {
        const raw = { title: `Offerta ${week}-${n}`, sector: 'catering', contractType: 'internship', positions: '1', location: 'Gorizia', deadline: '2026-12-31', requirements: '', eligibility: ['former_prisoners'], organizationId: orgs.LEGACOOP };
        const made = await offers.create(coop, raw, 'COFFERS1');
        if (!made.ok) throw new Error(JSON.stringify(made.errors));
        await knex()('offers').where({ id: made.offer.id }).update({ created_at: at });
        const ids: number[] = [];
        for (let r = 0; r < n + (week % 2); r++) {
          const code = `UEPE-2026-${String(week * 10 + n).padStart(2, '0')}${r}`;
          const res = await referrals.refer(uepe, made.offer.id, { code, organizationId: String(orgs.UEPE), note: '' });
          if (!res.ok) throw new Error(JSON.stringify(res.errors));
          ids.push(Number((await knex()('referrals').where({ candidate_code: code }).first())!.id));
        }
        // A hiring fills the offer (one position): it comes after the offer's referrals.
        if (ids[0] !== undefined && week % 2 === 0) await referrals.changeStatus(coop, ids[0], 'hired');
        for (const [r, id] of ids.entries()) {
          await knex()('referrals').where({ id }).update({ created_at: at, status_changed_at: new Date(at.getTime() + 2 * DAY), interview_at: r === 1 ? new Date(at.getTime() + DAY) : null });
        }
      }
    }
  }

  /**
   * Pathways opened over the same 14 weeks (one or two a week), and three that left in September
   * 2025 whose 6-month follow-ups (March 2026) say: employed, employed, not employed.
   */
  async function spreadPathways(): Promise<void> {
    const uepe = await actor(UEPE);
    const { pathways } = t.app.areas.pathways;
    const ids: number[] = [];
    for (let week = 0; week < 14; week++) {
      const at = new Date(MONDAY_9.getTime() - week * 7 * DAY - ((week * 5) % 6) * DAY - 7_200_000);
      for (let n = 0; n < 1 + (week % 2); n++) {
        const opened = await pathways.open(uepe, { code: `UEPE-2025-${100 + week * 10 + n}`, consentOn: '2025-08-01', consented: [] });
        if (!opened.ok) throw new Error(JSON.stringify(opened.errors));
        await knex()('pathways').where({ id: opened.pathway.id }).update({ created_at: at });
        ids.push(opened.pathway.id);
      }
    }
    const responsibleOrganizationId = String(orgs.UEPE);
    for (const [i, outcome] of (['employed', 'employed', 'not_employed'] as const).entries()) {
      const id = ids[i]!;
      const exit = await pathways.saveMilestone(uepe, id, undefined, { kind: 'exit', doneOn: `2025-09-0${i + 1}`, responsibleOrganizationId, outcome: 'employed' });
      if (!exit.ok) throw new Error(JSON.stringify(exit.errors));
      const followUp = exit.pathway.milestones.find((m) => m.kind === 'followup_6')!;
      expect(followUp.plannedOn).toBe(`2026-03-0${i + 1}`);
      const done = await pathways.saveMilestone(uepe, id, followUp.id, {
        plannedOn: followUp.plannedOn,
        doneOn: `2026-03-1${i}`,
        responsibleOrganizationId,
        outcome,
        sameEmployer: outcome === 'employed' ? 'yes' : null,
      });
      if (!done.ok) throw new Error(JSON.stringify(done.errors));
    }
  }

  beforeEach(async () => {
    await t.reset();
    clock.set(TEST_START);
    ({ orgs } = await buildNetwork(t.byHand, [
      { user: COOP, org: 'LEGACOOP' },
      { user: UEPE, org: 'UEPE' },
    ]));
    await spreadActivity();
    await spreadPathways();
    await t.command(COORDINATOR, '/riepilogo', 'iscrivi', { channelId: CHANNEL });
    await knex()('digest_subscriptions').where({ channel_id: CHANNEL }).update({ active_since: new Date('2026-11-12T10:00:00Z') });
    t.slack.reset();
  }, 120_000);

  const count = async (sql: string, bindings: string[]) => Number(((await knex().raw(sql, bindings)) as { rows: Array<{ n: string | number }> }).rows[0]!.n);

  async function postedDigest(): Promise<Sent> {
    clock.set(MONDAY_9);
    await t.app.areas.digest.weekly.requestDue(MONDAY_9);
    await t.app.platform.outbox.flush(MONDAY_9);
    const post = t.slack.callsTo('chat.postMessage').find((c) => c.args.channel === CHANNEL);
    expect(post).toBeDefined();
    return post!.args as unknown as Sent;
  }

  it('posts a 12-week trend chart whose data are exactly each week’s digest figures, and the same figures in the text', async () => {
    const sent = await postedDigest();
    expect(t.slack.violations).toEqual([]);
    expect(blockKit.message(sent.blocks)).toBeUndefined();
    const charts = sent.blocks.filter((b): b is DataVisualizationBlock => b.type === 'data_visualization');
    expect(charts).toHaveLength(1);
    const chart = charts[0]!;
    expect(chart.title).toBe('Ultime 12 settimane');
    if (chart.chart.type === 'pie') throw new Error('not a trend');
    expect(chart.chart.series.map((s) => s.name)).toEqual(['Nuove offerte', 'Segnalazioni', 'Assunzioni', 'Nuovi percorsi']);
    expect(chart.chart.axis_config.categories).toHaveLength(12);
    expect(chart.chart.axis_config.categories[11]).toBe('09/11/2026');

    // Each week's values are what that week's digest counts.
    const period = { start: new Date('2026-11-09T08:00:00Z'), end: MONDAY_9 };
    const weeks = trendPeriods(period, TZ);
    const expected = { offers: [] as number[], referrals: [] as number[], hires: [] as number[], pathways: [] as number[] };
    for (const week of weeks) {
      const digest = await composeDigest(knex(), contributions(t), week, { now: MONDAY_9, tz: TZ });
      expected.offers.push(digest.offers!.newOffers.length);
      expected.referrals.push(digest.referrals!.newThisWeek);
      expected.hires.push(digest.referrals!.byStatus.hired ?? 0);
      expected.pathways.push(digest.pathways!.opened);
    }
    const values = (i: number) => chart.chart.type === 'pie' ? [] : chart.chart.series[i]!.data.map((d) => d.value);
    expect(values(0)).toEqual(expected.offers);
    expect(values(1)).toEqual(expected.referrals);
    expect(values(2)).toEqual(expected.hires);
    expect(values(3)).toEqual(expected.pathways);
    expect(expected.offers.reduce((a, b) => a + b, 0)).toBeGreaterThan(12);
    // The pathways' weeks are the rows themselves: 12 weeks of the 14 opened, one or two a week.
    const opened = await count('select count(*) as n from pathways where created_at >= ? and created_at < ?', [weeks[0]!.start.toISOString(), MONDAY_9.toISOString()]);
    expect(expected.pathways.reduce((a, b) => a + b, 0)).toBe(opened);
    expect(opened).toBe(18);
    // The weeks before summer time ended (25 October) start at 09:00 Rome all the same.
    expect(weeks[0]!.start.toISOString()).toBe('2026-08-24T07:00:00.000Z');

    // The same figures in the message text, for notifications and screen readers.
    expect(sent.text).toContain('Ultime 12 settimane:');
    const last = `settimana dal 09/11/2026: ${expected.offers[11]} nuov`;
    expect(sent.text).toContain(last);
    expect(sent.text).toMatch(/\nsettimana dal 09\/11\/2026: \d+ nuov[ae] offert[ae], \d+ segnalazion[ei], \d+ assunzion[ei], 1 nuovo percorso$/);
    expect(visibleText(sent)).toContain('Riepilogo settimanale ISO.NEW');
  });

  it('says the trend in English for an English channel', async () => {
    await t.command(COORDINATOR, '/riepilogo', 'lingua en', { channelId: CHANNEL });
    const sent = await postedDigest();
    const chart = sent.blocks.find((b): b is DataVisualizationBlock => b.type === 'data_visualization')!;
    expect(chart.title).toBe('Last 12 weeks');
    expect(sent.text).toContain('Last 12 weeks:');
    expect(sent.text).toMatch(/\nweek from 9 Nov 2026: \d+ new offers?, \d+ referrals?, \d+ hires?, 1 new pathway$/);
    if (chart.chart.type === 'pie') throw new Error('not a trend');
    expect(chart.chart.series.map((s) => s.name)).toEqual(['New offers', 'Referrals', 'Hires', 'New pathways']);
  });

  it('shows the coordinator the funnel and referrals by organization as charts, the figures as a table, and the network map as an uploaded PNG', async () => {
    clock.set(MONDAY_9);
    const res = await t.command(COORDINATOR, '/riepilogo', 'indicatori 2026-01-01 2026-12-31');
    expect(t.slack.violations).toEqual([]);
    const ack = res.json as unknown as Sent;
    const charts = ack.blocks.filter((b): b is DataVisualizationBlock => b.type === 'data_visualization');
    expect(charts.map((c) => c.title)).toEqual(['Dalle offerte alle assunzioni', 'Segnalazioni per ente']);
    const [funnel, byOrg] = charts as [DataVisualizationBlock, DataVisualizationBlock];
    if (funnel.chart.type === 'pie' || byOrg.chart.type === 'pie') throw new Error('not a bar chart');
    expect(funnel.chart.axis_config.categories).toEqual(['Offerte', 'Segnalazioni', 'Colloqui', 'Assunzioni', 'Occupate a 6 mesi']);

    // Exact: the funnel counts the rows themselves; the organizations' bars are the indicators' figures.
    const range = ['2025-12-31T23:00:00Z', '2026-12-31T23:00:00Z'];
    const expected = [
      await count('select count(*) as n from offers where created_at >= ? and created_at < ?', range),
      await count('select count(*) as n from referrals where created_at >= ? and created_at < ?', range),
      await count('select count(*) as n from referrals where interview_at >= ? and interview_at < ?', range),
      await count(`select count(*) as n from referrals where status = 'hired' and status_changed_at >= ? and status_changed_at < ?`, range),
      // The last step: women whose 6-month follow-up fell in the range and found them employed.
      await count(
        `select count(distinct p.candidate_code) as n from pathway_milestones f join pathways p on p.id = f.pathway_id
          where f.kind = 'followup_6' and f.outcome = 'employed' and f.planned_on between ? and ?`,
        ['2026-01-01', '2026-12-31'],
      ),
    ];
    expect(funnel.chart.series[0]!.data.map((d) => d.value)).toEqual(expected);
    expect(expected.every((n) => n > 0)).toBe(true);
    expect(expected[4]).toBe(2);
    const model = await composeIndicators(knex(), contributions(t), { start: new Date(range[0]!), end: new Date(range[1]!), dates: { from: '2026-01-01', to: '2026-12-31' } }, { now: MONDAY_9, tz: TZ });
    const uepe = model.referrals!.byOrganization.find((o) => o.organization === 'UEPE')!;
    expect(byOrg.chart.axis_config.categories).toEqual(['UEPE']);
    expect(byOrg.chart.series.map((s) => s.data[0]!.value)).toEqual([uepe.referrals, uepe.hired]);
    expect(model.funnel).toEqual({ offers: expected[0], referrals: expected[1], interviews: expected[2], hires: expected[3] });
    // …and the funnel's last step is the ESF+ indicator the same message lists.
    expect(model.esf!.total.in_employment_six_months_after_leaving).toBe(expected[4]);

    // The figures per organization as one table block; the funnel in the message text.
    const tables = ack.blocks.filter((b) => b.type === 'table') as unknown as Array<{ rows: Array<Array<{ text: string; value?: number }>> }>;
    expect(tables).toHaveLength(1);
    const uepeRow = tables[0]!.rows.find((r) => r[0]!.text === 'UEPE')!;
    expect(uepeRow.map((c) => c.value ?? c.text)).toEqual(['UEPE', 1, uepe.referrals, 0, uepe.hired, '—']);
    expect(ack.text).toContain(`offerte ${expected[0]}, segnalazioni ${expected[1]}, colloqui ${expected[2]}, assunzioni ${expected[3]}. Occupate 6 mesi dopo l’uscita dal percorso: 2.`);

    // The network map follows: a PNG uploaded with the two-step upload, shown by its file id.
    const reply = await waitFor(() => t.slack.responses.find((r) => JSON.stringify(r.body).includes('slack_file')));
    const image = (reply.body.blocks as Array<{ type: string; slack_file?: { id: string }; alt_text?: string }>).find((b) => b.type === 'image')!;
    const completed = t.slack.callsTo('files.completeUploadExternal').map((c) => (c.args.files as Array<{ id: string }>)[0]!.id);
    expect(completed).toContain(image.slack_file!.id);
    expect(image.alt_text).toContain('Mappa della rete: 9 enti, 1 collegamento di segnalazione');
    const asked = t.slack.callsTo('files.getUploadURLExternal').find((c) => String(c.args.filename).startsWith('network-map'))!;
    expect(Number(asked.args.length)).toBeGreaterThan(1000);
    expect(t.slack.violations).toEqual([]);
  });

  it('shows the same funnel as a PNG on the coordinator’s App Home, the figures as a table, and the weekly network map', async () => {
    clock.set(MONDAY_9);
    const job = networkMapJob(t.app.areas.digest.networkMaps);
    expect(await job.run(MONDAY_9)).toEqual({ uploaded: 1 });
    // Twice (a rerun, a second replica): the same figures, no second upload.
    expect(await job.run(MONDAY_9)).toEqual({ uploaded: 0 });
    await t.event('app_home_opened', COORDINATOR, { extra: { tab: 'home' } });
    const call = await waitFor(() => t.slack.callsTo('views.publish').find((c) => c.args.user_id === COORDINATOR));
    const view = call.args.view as { blocks: Array<{ type: string; slack_file?: { id: string }; alt_text?: string }> };
    expect(view.blocks.some((b) => b.type === 'data_visualization')).toBe(false);
    expect(view.blocks.filter((b) => b.type === 'table')).toHaveLength(1);
    const images = view.blocks.filter((b) => b.type === 'image');
    expect(images).toHaveLength(2);
    // The funnel of the year is the indicators' funnel from 1 January to today, its last step included.
    const yearToDate = await composeIndicators(knex(), contributions(t), { start: new Date('2025-12-31T23:00:00Z'), end: MONDAY_9, dates: { from: '2026-01-01', to: '2026-11-16' } }, { now: MONDAY_9, tz: TZ });
    const f = yearToDate.funnel!;
    expect(yearToDate.esf!.total.in_employment_six_months_after_leaving).toBe(2);
    expect(images[0]!.alt_text).toBe(
      `Dalle offerte alle assunzioni: offerte ${f.offers}, segnalazioni ${f.referrals}, colloqui ${f.interviews}, assunzioni ${f.hires}. Occupate 6 mesi dopo l’uscita dal percorso: 2.`,
    );
    const funnelUpload = t.slack.callsTo('files.getUploadURLExternal').find((c) => String(c.args.filename).startsWith('home-funnel'));
    expect(funnelUpload).toBeDefined();
    expect(images[1]!.alt_text).toContain('Mappa della rete');
    expect(t.slack.violations).toEqual([]);
  });

  it('leaves the map out and says why when Slack refuses the upload', async () => {
    // The CSV and the map both go through the two-step upload: both are refused.
    t.slack.failNext('files.getUploadURLExternal', { error: 'file_uploads_disabled' }, 2);
    const res = await t.command(COORDINATOR, '/riepilogo', 'indicatori 2026-01-01 2026-12-31');
    expect(visibleText(res.json)).toContain('Indicatori ISO.NEW');
    const reply = await waitFor(() => t.slack.responses.find((r) => visibleText(r.body).includes('mappa della rete')));
    expect(visibleText(reply.body)).toContain('Non è stato possibile caricare la mappa della rete (file_uploads_disabled)');
  });
});

describe('the Block Kit check of the new blocks', () => {
  const chart = (over: Partial<DataVisualizationBlock> = {}): DataVisualizationBlock => ({
    type: 'data_visualization',
    title: 'Trend',
    chart: { type: 'line', series: [{ name: 'A', data: [{ label: 'x', value: 1 }] }], axis_config: { categories: ['x'] } },
    ...over,
  });

  it('refuses what Slack refuses: a long title, a third chart, mismatched labels, a chart on the Home', () => {
    expect(blockKit.message([chart()])).toBeUndefined();
    expect(blockKit.message([chart({ title: 'x'.repeat(51) })])).toMatch(/title/);
    expect(blockKit.message([chart(), chart(), chart()])).toMatch(/more than 2 data_visualization/);
    expect(blockKit.message([chart({ chart: { type: 'bar', series: [{ name: 'A', data: [{ label: 'y', value: 1 }] }], axis_config: { categories: ['x'] } } })])).toMatch(/labels do not match/);
    const seven = Array.from({ length: 7 }, (_, i) => ({ name: `S${i}`, data: [{ label: 'x', value: 1 }] }));
    expect(blockKit.message([chart({ chart: { type: 'line', series: seven, axis_config: { categories: ['x'] } } })])).toBeDefined();
    expect(blockKit.home({ type: 'home', blocks: [chart()] })).toMatch(/not allowed in a home/);
    expect(blockKit.modal({ type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [chart()] })).toMatch(/not allowed in a modal/);
    expect(blockKit.message([{ type: 'table', rows: [[{ type: 'raw_text', text: 'a' }]] }, { type: 'table', rows: [[{ type: 'raw_text', text: 'a' }]] }])).toMatch(/more than 1 table/);
    expect(blockKit.modal({ type: 'modal', title: { type: 'plain_text', text: 'x' }, blocks: [{ type: 'image', alt_text: 'a', slack_file: { id: 'F123' } }] })).toBeUndefined();
    expect(blockKit.message([{ type: 'image', alt_text: 'a', slack_file: { id: 'F123', url: 'https://x' } }])).toBeDefined();
  });
});
