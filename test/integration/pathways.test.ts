import { pathwaysReporting } from '../../src/areas/pathways';
import { listAudit } from '../../src/platform/audit/audit-store';
import { calendarDateIn, dayjs } from '../../src/platform/time';
import { TestClock } from '../support/clock';
import { DATABASES } from '../support/databases';
import { COORDINATOR, startTestApp, visibleText, waitFor, type TestApp } from '../support/harness';
import { buildNetwork } from '../support/network';
import { input } from '../support/slack-requests';

const UEPE = 'UUEPE0001'; // the probation office: owns the pathways it opens
const UEPE2 = 'UUEPE0002';
const ENAIP = 'UENAIP001'; // the training body: consented, involved later
const COOP = 'UCOOP0001'; // consented, never involved
const CISL = 'UCISL0001'; // outside the pathway
const OBSERVER = 'UOBSERV01';
const TZ = 'Europe/Rome';
const CODE = 'UEPE-2026-014';

type Values = Record<string, Record<string, unknown>>;

/** The field errors a modal submission was answered with (none: an empty object). */
function errorsOf(res: { json: Record<string, unknown> | undefined }): Record<string, string | undefined> {
  return (res.json?.errors ?? {}) as Record<string, string | undefined>;
}

const clock = new TestClock();
function day(offset: number): string {
  return dayjs.utc(calendarDateIn(clock.now(), TZ)).add(offset, 'day').format('YYYY-MM-DD');
}

describe.each(DATABASES)('/percorso, individual pathways (%s)', (kind) => {
  let t: TestApp;
  let orgs: Record<string, number> = {};

  beforeAll(async () => {
    t = await startTestApp(kind, { clock });
  });
  afterAll(async () => {
    await t.stop();
  });
  beforeEach(async () => {
    clock.set(new Date('2026-05-12T08:00:00Z'));
    await t.reset();
    t.slack.setClock(() => clock.now().getTime());
    ({ orgs } = await buildNetwork(
      t.byHand,
      [
        { user: UEPE, org: 'UEPE' },
        { user: UEPE2, org: 'UEPE' },
        { user: ENAIP, org: 'ENAIP' },
        { user: COOP, org: 'LEGACOOP' },
        { user: CISL, org: 'CISL' },
        { user: OBSERVER, org: 'UEPE', role: 'observer' },
      ],
      { now: clock.now() },
    ));
  });

  const newValues = (overrides: Values = {}): Values => ({
    pathway_code: input.text(CODE),
    pathway_owner: input.select(String(orgs.UEPE)),
    pathway_consent_on: input.date(day(-2)),
    pathway_consented: input.multi([String(orgs.ENAIP), String(orgs.LEGACOOP)]),
    ...overrides,
  });

  async function openPathway(): Promise<number> {
    const res = await t.submitView(UEPE, 'pathway_new', newValues(), JSON.stringify({ channelId: 'C0WORK' }));
    expect(res.status).toBe(200);
    expect(res.json).toBeUndefined();
    const row = await t.app.db.knex('pathways').where({ candidate_code: CODE }).first();
    return Number(row?.id);
  }

  const milestone = (user: string, pathwayId: number, values: Values, meta: Record<string, unknown>) =>
    t.submitView(user, 'pathway_milestone', values, JSON.stringify({ pathwayId, channelId: 'C0WORK', ...meta }));

  it('opens a pathway from the modal, for the caller’s organization, and audits it without the code', async () => {
    const res = await t.command(UEPE, '/percorso', 'nuovo');
    expect(res.status).toBe(200);
    const open = await waitFor(() => t.slack.callsTo('views.open')[0]);
    expect(JSON.stringify(open.args.view)).toContain('pathway_consented');

    const id = await openPathway();
    const shown = await waitFor(() => t.slack.callsTo('chat.postEphemeral').find((c) => visibleText(c.args).includes(`Percorso ${CODE} aperto`)));
    expect(shown.args.user).toBe(UEPE);
    const links = await t.app.db.knex('pathway_organizations').where({ pathway_id: id }).orderBy('organization_id');
    expect(links.map((l: { organization_id: number; consented: boolean; involved: boolean }) => [l.organization_id, l.consented, l.involved])).toEqual(
      [orgs.ENAIP, orgs.LEGACOOP].sort((a, b) => a! - b!).map((o) => [o, true, false]),
    );
    const audit = await listAudit(t.app.db.knex, { entity: 'pathway' });
    expect(audit.map((a) => a.action)).toContain('pathway.open');
    expect(JSON.stringify(audit)).not.toContain(CODE);

    // The same code again is refused on the field; nothing new is stored.
    const again = await t.submitView(UEPE2, 'pathway_new', newValues());
    expect(again.json?.response_action).toBe('errors');
    expect(errorsOf(again).pathway_code).toMatch(/già un percorso aperto/);
    expect(Number((await t.app.db.knex('pathways').count({ n: '*' }).first())?.n)).toBe(1);
  });

  it('refuses codes that carry identity, a consent in the future, and observers', async () => {
    for (const code of ['MARIA-1', 'abc', 'x@esempio.it']) {
      const res = await t.submitView(UEPE, 'pathway_new', newValues({ pathway_code: input.text(code) }));
      expect(res.json?.response_action).toBe('errors');
      expect(errorsOf(res).pathway_code).toBeTruthy();
    }
    const future = await t.submitView(UEPE, 'pathway_new', newValues({ pathway_consent_on: input.date(day(1)) }));
    expect(errorsOf(future).pathway_consent_on).toMatch(/futuro/);
    const observer = await t.submitView(OBSERVER, 'pathway_new', newValues());
    expect(JSON.stringify(observer.json)).toMatch(/osservator/i);
    expect(Number((await t.app.db.knex('pathways').count({ n: '*' }).first())?.n)).toBe(0);
  });

  it('shows a pathway to the owner, coordinators and involved organizations with consent: nobody else, and audits every read', async () => {
    const id = await openPathway();
    const asOwner = await t.command(UEPE, '/percorso', CODE);
    expect(visibleText(asOwner.json)).toContain(`Percorso ${CODE}`);
    const asCoordinator = await t.command(COORDINATOR, '/percorso', CODE.toLowerCase());
    expect(visibleText(asCoordinator.json)).toContain(`Percorso ${CODE}`);
    // Consented but not involved, and neither: told it does not exist.
    for (const user of [ENAIP, COOP, CISL]) {
      const res = await t.command(user, '/percorso', CODE);
      expect(visibleText(res.json)).toMatch(/Percorso non trovato/);
      expect(visibleText(res.json)).not.toContain('Enti coinvolti');
    }
    expect(visibleText((await t.command(CISL, '/percorso', 'lista')).json)).toMatch(/Nessun percorso/);

    // The owner involves the training body; CISL never consented, so it cannot be involved.
    const refused = await t.submitView(UEPE, 'pathway_organizations', { pathway_involved: input.multi([String(orgs.CISL)]) }, JSON.stringify({ pathwayId: id }));
    expect(visibleText(refused.json) + JSON.stringify(refused.json)).toMatch(/autorizzati/);
    const outsider = await t.submitView(CISL, 'pathway_organizations', { pathway_involved: input.multi([String(orgs.CISL)]) }, JSON.stringify({ pathwayId: id }));
    expect(JSON.stringify(outsider.json)).toMatch(/Percorso non trovato/);
    const involved = await t.submitView(UEPE, 'pathway_organizations', { pathway_involved: input.multi([String(orgs.ENAIP)]) }, JSON.stringify({ pathwayId: id, channelId: 'C0WORK' }));
    expect(involved.json).toBeUndefined();
    expect(visibleText((await t.command(ENAIP, '/percorso', CODE)).json)).toContain(`Percorso ${CODE}`);
    expect(visibleText((await t.command(ENAIP, '/percorso')).json)).toContain(CODE);
    expect(visibleText((await t.command(COOP, '/percorso', CODE)).json)).toMatch(/Percorso non trovato/);

    const reads = (await listAudit(t.app.db.knex, { entity: 'pathway' })).filter((a) => a.action === 'pathway.read');
    expect(reads.map((r) => r.actorUserId).sort()).toEqual([COORDINATOR, ENAIP, UEPE].sort());
    const changes = (await listAudit(t.app.db.knex, { entity: 'pathway' })).filter((a) => a.action === 'pathway.organizations');
    expect(changes).toHaveLength(1);
  });

  it('records milestones; an exit creates the 6- and 12-month follow-ups once; the reminders go once, and catch up after downtime', async () => {
    const id = await openPathway();
    const training = await milestone(
      UEPE,
      id,
      {
        milestone_planned_on: input.date(day(-40)),
        milestone_done_on: input.date(day(-10)),
        milestone_responsible: input.select(String(orgs.ENAIP)),
        milestone_outcome: input.select('completed'),
        milestone_qualification: input.checkboxes(['yes']),
        milestone_note: input.text('Corso HACCP e magazzino'),
      },
      { kind: 'training' },
    );
    expect(training.json).toBeUndefined();
    // A note with personal data is refused on the field, and a done date in the future too.
    const personal = await milestone(UEPE, id, { milestone_planned_on: input.date(day(3)), milestone_responsible: input.select(String(orgs.UEPE)), milestone_note: input.text('chiamare al 333 123 4567') }, { kind: 'orientation' });
    expect(errorsOf(personal).milestone_note).toMatch(/telefono/);
    const future = await milestone(UEPE, id, { milestone_done_on: input.date(day(3)), milestone_responsible: input.select(String(orgs.UEPE)) }, { kind: 'orientation' });
    expect(errorsOf(future).milestone_done_on).toMatch(/futuro/);
    // Someone outside the pathway cannot add one.
    const outsider = await milestone(CISL, id, { milestone_planned_on: input.date(day(3)), milestone_responsible: input.select(String(orgs.CISL)) }, { kind: 'orientation' });
    expect(JSON.stringify(outsider.json)).toMatch(/Percorso non trovato/);

    const exitValues = { milestone_done_on: input.date(day(0)), milestone_responsible: input.select(String(orgs.UEPE)), milestone_outcome: input.select('employed') };
    const exit = await milestone(UEPE, id, exitValues, { kind: 'exit' });
    expect(exit.json).toBeUndefined();
    await waitFor(() => t.slack.callsTo('chat.postEphemeral').find((c) => visibleText(c.args).includes('verifiche successive')));
    const followUps = await t.app.db.knex('pathway_milestones').where({ pathway_id: id }).whereIn('kind', ['followup_6', 'followup_12']).orderBy('kind');
    expect(followUps.map((f) => [f.kind, f.planned_on ?? ''])).toEqual([
      ['followup_12', dayjs.utc(day(0)).add(12, 'month').format('YYYY-MM-DD')],
      ['followup_6', dayjs.utc(day(0)).add(6, 'month').format('YYYY-MM-DD')],
    ]);
    // Saving the exit again creates no second pair.
    const exitId = Number((await t.app.db.knex('pathway_milestones').where({ pathway_id: id, kind: 'exit' }).first())?.id);
    expect((await milestone(UEPE, id, exitValues, { milestoneId: exitId })).json).toBeUndefined();
    expect(Number((await t.app.db.knex('pathway_milestones').where({ pathway_id: id }).whereIn('kind', ['followup_6', 'followup_12']).count({ n: '*' }).first())?.n)).toBe(2);

    // Nothing is due yet.
    expect(await t.app.areas.pathways.pathways.remindFollowUps(clock.now())).toEqual({ reminded: 0 });
    // The app was down for the due day: the first run afterwards catches up, and reruns send nothing more.
    clock.set(dayjs.utc(clock.now()).add(6, 'month').add(3, 'day').toDate());
    const first = await t.app.areas.pathways.pathways.remindFollowUps(clock.now());
    expect(first).toEqual({ reminded: 2 });
    expect(await t.app.areas.pathways.pathways.remindFollowUps(clock.now())).toEqual({ reminded: 0 });
    await t.settled();
    const reminders = t.slack.callsTo('chat.postMessage').filter((c) => visibleText(c.args).includes('Verifica a 6 mesi'.toLowerCase()));
    expect(reminders.map((c) => c.args.channel).length).toBe(2);
    expect(reminders.every((c) => visibleText(c.args).includes(CODE))).toBe(true);
  });

  it('anonymises a pathway once its 12-month follow-up and the retention period are behind it; the counts stay', async () => {
    const id = await openPathway();
    await milestone(UEPE, id, { milestone_done_on: input.date(day(0)), milestone_responsible: input.select(String(orgs.UEPE)), milestone_outcome: input.select('employed'), milestone_note: input.text('Assunta in cucina') }, { kind: 'exit' });
    const retention = t.app.areas.pathways.retention;
    // Not yet: 12 months of follow-up plus REFERRAL_RETENTION_MONTHS (24 by default) from the exit.
    clock.set(dayjs.utc(clock.now()).add(35, 'month').toDate());
    expect(await retention.run(clock.now())).toEqual({ anonymised: 0 });
    clock.set(dayjs.utc(clock.now()).add(2, 'month').toDate());
    expect(await retention.run(clock.now())).toEqual({ anonymised: 1 });
    // Claimed for the day: a second replica or rerun does nothing.
    expect(await retention.run(clock.now())).toEqual({ anonymised: 0 });
    const row = await t.app.db.knex('pathways').where({ id }).first();
    expect(row?.candidate_code).toBe(`ANON-${id}`);
    expect(row?.anonymised_at).toBeTruthy();
    const notes = await t.app.db.knex('pathway_milestones').where({ pathway_id: id }).whereNotNull('note');
    expect(notes).toHaveLength(0);
    expect(await t.app.db.knex('pathway_milestones').where({ pathway_id: id, kind: 'exit', outcome: 'employed' })).toHaveLength(1);
    expect(visibleText((await t.command(UEPE, '/percorso', CODE)).json)).toMatch(/Percorso non trovato/);
    // The code is free again for a new pathway.
    expect((await t.submitView(UEPE, 'pathway_new', newValues())).json).toBeUndefined();
  });

  it('shows the milestones due in 14 days on the App Home, the week’s pathways in the digest, and the ESF+ indicators to coordinators', async () => {
    const id = await openPathway();
    await milestone(UEPE, id, { milestone_planned_on: input.date(day(5)), milestone_responsible: input.select(String(orgs.ENAIP)) }, { kind: 'orientation' });
    await milestone(UEPE, id, { milestone_planned_on: input.date(day(30)), milestone_responsible: input.select(String(orgs.ENAIP)) }, { kind: 'training' });
    await milestone(UEPE, id, { milestone_done_on: input.date(day(-1)), milestone_responsible: input.select(String(orgs.UEPE)), milestone_outcome: input.select('completed') }, { kind: 'skills_assessment' });
    await t.settled();
    t.slack.reset();
    const home = async (user: string) => {
      await t.event('app_home_opened', user, { extra: { tab: 'home' } });
      const published = await waitFor(() => t.slack.callsTo('views.publish').filter((c) => c.args.user_id === user).at(-1));
      return visibleText(published.args.view as { blocks?: unknown });
    };
    const owner = await home(UEPE);
    expect(owner).toContain('Percorsi che segui');
    expect(owner).toContain(`*${CODE}* · Colloquio di orientamento`);
    expect(owner).not.toContain('Corso di formazione');
    // An organization outside the pathway sees none of it.
    const outsider = await home(CISL);
    expect(outsider).not.toContain(CODE);

    const preview = await t.command(COORDINATOR, '/riepilogo', 'anteprima');
    expect(visibleText(preview.json)).toContain('1 percorso aperto');
    expect(visibleText(preview.json)).not.toContain(CODE);

    const report = await t.command(COORDINATOR, '/riepilogo', `indicatori ${day(-30)} ${day(0)}`);
    const text = visibleText(report.json);
    expect(text).toContain('Indicatori FSE+');
    expect(text).toContain('Partecipanti (codici distinti con percorso o segnalazione): *1*');
    const upload = await waitFor(() => t.slack.callsTo('upload')[0]);
    const csv = String(upload.args.content);
    expect(csv).toContain('Percorsi (FSE+)');
    expect(csv).toMatch(/Partecipanti \(codici distinti con percorso o segnalazione\)[,;]UEPE[,;]1/);
  });

  it('counts the ESF+ indicators for a period, in total and per organization', async () => {
    const id = await openPathway();
    await milestone(UEPE, id, { milestone_done_on: input.date(day(-20)), milestone_responsible: input.select(String(orgs.ENAIP)), milestone_outcome: input.select('completed'), milestone_qualification: input.checkboxes(['yes']) }, { kind: 'training' });
    await milestone(UEPE, id, { milestone_done_on: input.date(day(-5)), milestone_responsible: input.select(String(orgs.LEGACOOP)) }, { kind: 'internship' });
    await milestone(UEPE, id, { milestone_done_on: input.date(day(0)), milestone_responsible: input.select(String(orgs.UEPE)), milestone_outcome: input.select('employed') }, { kind: 'exit' });
    const range = { dates: { from: day(-60), to: day(0) }, start: dayjs.tz(day(-60), TZ).toDate(), end: dayjs.tz(day(1), TZ).toDate() };
    const { esf } = await pathwaysReporting.indicators(t.app.db.knex, range, { now: clock.now(), tz: TZ });
    expect(esf.total).toMatchObject({
      participants: 1,
      starting_training: 1,
      starting_internship: 1,
      starting_job: 0,
      in_employment_upon_leaving: 1,
      gaining_qualification_upon_leaving: 1,
      in_education_or_training_upon_leaving: 0,
      job_searching_upon_leaving: 0,
      in_employment_six_months_after_leaving: 0,
      six_month_follow_ups_missing: 0,
      organizations_involved: 1,
    });
    expect(esf.byOrganization.map((o) => o.shortName)).toEqual(['UEPE']);
  });
});
