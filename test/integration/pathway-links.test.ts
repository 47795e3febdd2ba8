import { pathwaysReporting } from '../../src/areas/pathways';
import { listAudit } from '../../src/platform/audit/audit-store';
import { calendarDateIn, dayjs } from '../../src/platform/time';
import { TestClock } from '../support/clock';
import { DATABASES } from '../support/databases';
import { COORDINATOR, visibleText, waitFor, type TestApp } from '../support/harness';
import { networkSuite } from '../support/network-suite';
import { input } from '../support/slack-requests';

/**
 * Referrals and pathways (issue 16): a hire fills the hiring milestone, an enrolment in a course the
 * training one (and the ESF+ count); `/percorso <codice>` lists the candidate's referrals; a referral
 * says the candidate has a pathway only to those who may see it.
 */
const UEPE = 'UUEPE0001'; // owns the pathway, refers the candidate
const UEPE_EN = 'UUEPE0002';
const ENAIP = 'UENAIP001'; // the training body: consented; runs the course
const COOP = 'UCOOP0001'; // Legacoop: consented, not involved; offers the job
const CISL = 'UCISL0001'; // outside the pathway
const TZ = 'Europe/Rome';
const CODE = 'UEPE-2026-014';

type Values = Record<string, Record<string, unknown>>;

const clock = new TestClock();
function day(offset: number): string {
  return dayjs.utc(calendarDateIn(clock.now(), TZ)).add(offset, 'day').format('YYYY-MM-DD');
}
const italian = (iso: string) => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

describe.each(DATABASES)('referrals and pathways (%s)', (kind) => {
  let t: TestApp;
  let orgs: Record<string, number> = {};
  const knex = () => t.app.db.knex;
  const suite = networkSuite(kind, clock, [
    { user: UEPE, org: 'UEPE' },
    { user: UEPE_EN, org: 'UEPE', locale: 'en' },
    { user: ENAIP, org: 'ENAIP' },
    { user: COOP, org: 'LEGACOOP' },
    { user: CISL, org: 'CISL' },
  ]);
  beforeEach(() => {
    ({ app: t, orgs } = suite);
  });

  async function openPathway(code = CODE): Promise<number> {
    const res = await t.submitView(UEPE, 'pathway_new', {
      pathway_code: input.text(code),
      pathway_owner: input.select(String(orgs.UEPE)),
      pathway_consent_on: input.date(day(-2)),
      pathway_consented: input.multi([String(orgs.ENAIP), String(orgs.LEGACOOP)]),
    });
    expect(res.json).toBeUndefined();
    return Number((await knex()('pathways').where({ candidate_code: code }).first())?.id);
  }

  const involve = async (pathwayId: number, shortNames: string[]) =>
    expect((await t.submitView(UEPE, 'pathway_organizations', { pathway_involved: input.multi(shortNames.map((s) => String(orgs[s]))) }, JSON.stringify({ pathwayId }))).json).toBeUndefined();

  const milestone = (pathwayId: number, values: Values, meta: Record<string, unknown>) => t.submitView(UEPE, 'pathway_milestone', values, JSON.stringify({ pathwayId, ...meta }));

  async function createJob(positions = '1'): Promise<number> {
    const res = await t.submitView(COOP, 'offer_new', {
      offer_title: input.text('Addetta alla cucina'), offer_sector: input.select('catering'), offer_positions: input.number(positions), offer_contract: input.select('fixed_term'),
      offer_location: input.text('Gorizia'), offer_deadline: input.date(day(10)), offer_eligibility: input.checkboxes(['former_prisoners']), offer_organization: input.select(String(orgs.LEGACOOP)),
    }, JSON.stringify({ channelId: 'COFFERS' }));
    expect(res.text).toBe('');
    return Number((await knex()('offers').orderBy('id', 'desc').first()).id);
  }

  async function createCourse(): Promise<number> {
    const res = await t.submitView(ENAIP, 'offer_new', {
      offer_title: input.text('Corso HACCP'), offer_sector: input.select('catering'), offer_positions: input.number('8'), offer_start: input.date(day(20)), offer_end: input.date(day(50)),
      offer_location: input.text('Gorizia'), offer_deadline: input.date(day(10)), offer_eligibility: input.checkboxes(['former_prisoners']), offer_organization: input.select(String(orgs.ENAIP)),
    }, JSON.stringify({ channelId: 'COFFERS', kind: 'course' }));
    expect(res.text).toBe('');
    return Number((await knex()('offers').orderBy('id', 'desc').first()).id);
  }

  async function refer(offerId: number, code = CODE): Promise<number> {
    const res = await t.submitView(UEPE, 'offer_referral_new', { referral_code: input.text(code), referral_organization: input.select(String(orgs.UEPE)) }, JSON.stringify({ offerId, channelId: 'COFFERS' }));
    expect(res.json).toBeUndefined();
    return Number((await knex()('referrals').where({ offer_id: offerId, candidate_code: code }).first())?.id);
  }

  async function act(user: string, actionId: string, value: string): Promise<string> {
    t.slack.responses.length = 0;
    const res = await t.action(user, actionId, { value });
    expect(res.status).toBe(200);
    return visibleText((await waitFor(() => t.slack.responses.at(-1)?.body, 5000, 'a reply')) as { blocks?: unknown });
  }

  const hire = (user: string, referralId: number) => act(user, `offer_referral_status:${referralId}:hired`, 'hired');

  describe('a hire fills the hiring milestone', () => {
    it('fills the planned hiring milestone: done the day of the hire, for the offering organization, with the contract; audited', async () => {
      const pathwayId = await openPathway();
      expect((await milestone(pathwayId, { milestone_planned_on: input.date(day(3)), milestone_responsible: input.select(String(orgs.UEPE)), milestone_note: input.text('Colloquio in cooperativa') }, { kind: 'hiring' })).json).toBeUndefined();
      const offerId = await createJob();
      const referralId = await refer(offerId);
      clock.set(dayjs.utc(clock.now()).add(2, 'day').toDate());
      expect(await hire(COOP, referralId)).toContain('ora è *assunta*');

      const rows = await knex()('pathway_milestones').where({ pathway_id: pathwayId, kind: 'hiring' });
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ planned_on: day(1), done_on: day(0), responsible_organization_id: orgs.LEGACOOP, outcome: 'completed', contract_type: 'fixed_term', note: 'Colloquio in cooperativa' });
      const [audit] = await listAudit(knex(), { action: 'pathway.milestone.hire' });
      expect(audit).toMatchObject({ actorUserId: COOP, entityId: String(pathwayId), after: { milestoneId: rows[0]!.id, referralId, offerId, doneOn: day(0) } });
      expect(JSON.stringify(audit)).not.toContain(CODE);
      const shown = visibleText((await t.command(UEPE, '/percorso', CODE)).json);
      expect(shown).toContain(`*Assunzione* · fatta il ${italian(day(0))} · a cura di LEGACOOP · concluso`);
    });

    it('adds a hiring milestone when none was planned, and leaves a pathway whose hire is recorded alone', async () => {
      const pathwayId = await openPathway();
      const first = await createJob();
      await hire(COOP, await refer(first));
      expect(await knex()('pathway_milestones').where({ pathway_id: pathwayId, kind: 'hiring' })).toMatchObject([{ done_on: day(0), responsible_organization_id: orgs.LEGACOOP, planned_on: null }]);
      // A second hire (another offer) does not add or move the milestone.
      clock.set(dayjs.utc(clock.now()).add(5, 'day').toDate());
      const second = await createJob();
      expect(await hire(COOP, await refer(second))).toContain('ora è *assunta*');
      expect(await knex()('pathway_milestones').where({ pathway_id: pathwayId, kind: 'hiring' })).toMatchObject([{ done_on: day(-5) }]);
    });

    it('without a pathway nothing happens to pathways, and the hire succeeds', async () => {
      const offerId = await createJob();
      const referralId = await refer(offerId, 'UEPE-2026-999');
      const reply = await hire(COOP, referralId);
      expect(reply).toContain('ora è *assunta*');
      expect(reply).not.toMatch(/percorso/i);
      expect((await knex()('referrals').where({ id: referralId }).first())?.status).toBe('hired');
      expect((await knex()('offers').where({ id: offerId }).first()).status).toBe('filled');
      expect(await knex()('pathway_milestones')).toHaveLength(0);
      expect(await listAudit(knex(), { action: 'pathway.milestone.hire' })).toHaveLength(0);
    });

    it('a failure while filling the milestone does not lose the hire: the pathway’s part is undone alone', async () => {
      const pathwayId = await openPathway();
      const offerId = await createJob();
      const referralId = await refer(offerId);
      // The milestones table refuses every write, as a broken pathway store would.
      await t.byHand(async (db) => {
        await db.raw(`create function refuse_milestones() returns trigger language plpgsql as $$ begin raise exception 'milestones are broken'; end $$`);
        await db.raw(`create trigger refuse_milestones before insert or update on pathway_milestones for each row execute function refuse_milestones()`);
      });
      try {
        expect(await hire(COOP, referralId)).toContain('ora è *assunta*');
      } finally {
        await t.byHand(async (db) => {
          await db.raw('drop trigger refuse_milestones on pathway_milestones');
          await db.raw('drop function refuse_milestones()');
        });
      }
      // The hire, its consequences and its audit are whole; nothing of the milestone was written.
      expect((await knex()('referrals').where({ id: referralId }).first())).toMatchObject({ status: 'hired' });
      expect((await knex()('offers').where({ id: offerId }).first()).status).toBe('filled');
      expect(await listAudit(knex(), { action: 'referral.status', entityId: referralId })).toHaveLength(1);
      expect(await knex()('pathway_milestones').where({ pathway_id: pathwayId })).toHaveLength(0);
      expect(await listAudit(knex(), { action: 'pathway.milestone.hire' })).toHaveLength(0);
      // The referring organization is still told of the hire.
      await waitFor(() => t.slack.callsTo('chat.postMessage').find((c) => c.args.channel === `D${UEPE}` && visibleText(c.args).includes('ora è *assunta*')), 5000, 'the status DM');
    });
  });

  it('an enrolment in a course fills a training milestone, counted by the ESF+ "starting a training course"', async () => {
    const pathwayId = await openPathway();
    const courseId = await createCourse();
    const referralId = await refer(courseId);
    expect(await hire(ENAIP, referralId)).toContain('ora è *iscritta*');
    const rows = await knex()('pathway_milestones').where({ pathway_id: pathwayId });
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ kind: 'training', planned_on: day(20), done_on: day(0), responsible_organization_id: orgs.ENAIP, outcome: null, qualification: false, contract_type: null });
    expect(await listAudit(knex(), { action: 'pathway.milestone.enrolment' })).toMatchObject([{ actorUserId: ENAIP, entityId: String(pathwayId), after: { referralId, offerId: courseId } }]);
    // No hiring milestone: an enrolment is not a hire.
    expect(rows.filter((r: { kind: string }) => r.kind === 'hiring')).toHaveLength(0);

    const range = { dates: { from: day(-30), to: day(0) }, start: dayjs.tz(day(-30), TZ).toDate(), end: dayjs.tz(day(1), TZ).toDate() };
    const { esf } = await pathwaysReporting.indicators(knex(), range, { now: clock.now(), tz: TZ });
    expect(esf.total).toMatchObject({ participants: 1, starting_training: 1, starting_job: 0 });
    expect(esf.byOrganization.find((o) => o.shortName === 'UEPE')?.figures.starting_training).toBe(1);
    const report = visibleText((await t.command(COORDINATOR, '/riepilogo', `indicatori ${day(-30)} ${day(0)}`)).json);
    expect(report).toContain('Partecipanti che iniziano un corso di formazione: *1*');
  });

  it('`/percorso <codice>` lists the candidate’s referrals (also those made before the pathway) to those who may see it; the read is audited', async () => {
    const jobId = await createJob();
    const jobReferral = await refer(jobId); // before the pathway exists
    const pathwayId = await openPathway();
    const courseId = await createCourse();
    const courseReferral = await refer(courseId);
    await refer(await createJob(), 'UEPE-2026-777'); // another candidate: not hers

    const owner = await t.command(UEPE, '/percorso', CODE);
    const text = visibleText(owner.json);
    expect(text).toContain('*2 segnalazioni a offerte o corsi*');
    expect(text).toContain(`#${jobId} Addetta alla cucina · LEGACOOP · *proposta* dal ${italian(day(0))} · segnalata il ${italian(day(0))} da UEPE`);
    expect(text).toContain(`#${courseId} :mortar_board: Corso Corso HACCP · ENAIP · *proposta*`);
    expect(text).not.toContain('UEPE-2026-777');
    const reads = (await listAudit(knex(), { action: 'pathway.read' })).filter((a) => a.actorUserId === UEPE);
    expect(reads.at(-1)?.after).toEqual({ referralIds: [jobReferral, courseReferral] });
    // The enrolment shows in the course's words; English for an English reader.
    expect(await hire(ENAIP, courseReferral)).toContain('ora è *iscritta*');
    expect(visibleText((await t.command(UEPE, '/percorso', CODE)).json)).toContain(`Corso HACCP · ENAIP · *iscritta*`);
    expect(visibleText((await t.command(UEPE_EN, '/percorso', CODE)).json)).toContain('*2 referrals to offers or courses*');
    expect(visibleText((await t.command(UEPE_EN, '/percorso', CODE)).json)).toContain('· ENAIP · *enrolled* since');

    // Nobody who may not see the pathway learns of it, nor of its referrals.
    for (const user of [ENAIP, COOP, CISL]) {
      const res = visibleText((await t.command(user, '/percorso', CODE)).json);
      expect(res).toContain('Percorso non trovato');
      expect(res).not.toContain('Addetta alla cucina');
    }
    await involve(pathwayId, ['ENAIP']);
    expect(visibleText((await t.command(ENAIP, '/percorso', CODE)).json)).toContain(`#${jobId} Addetta alla cucina · LEGACOOP`);
    expect(visibleText((await t.command(COORDINATOR, '/percorso', CODE)).json)).toContain('*2 segnalazioni a offerte o corsi*');
  });

  it('a referral says the candidate has a pathway only to those who may see the pathway, in the offer and in DMs (audited)', async () => {
    const pathwayId = await openPathway();
    const offerId = await createJob();
    const referralId = await refer(offerId);
    const linked = `ha un percorso: /percorso ${CODE}`;

    // The offering organization is consented but not involved: its DM and its view say nothing of it.
    const received = await waitFor(() => t.slack.callsTo('chat.postMessage').find((c) => c.args.channel === `D${COOP}` && visibleText(c.args).includes(CODE)), 5000, 'the referral DM');
    expect(visibleText(received.args)).not.toContain('percorso');
    const offering = visibleText((await t.command(COOP, '/offerta', String(offerId))).json);
    expect(offering).toContain(CODE);
    expect(offering).not.toContain('percorso');
    // The owner (who referred her) and coordinators are told.
    expect(visibleText((await t.command(UEPE, '/offerta', String(offerId))).json)).toContain(linked);
    expect(visibleText((await t.command(COORDINATOR, '/offerta', String(offerId))).json)).toContain(linked);
    // An organization outside sees counts only.
    expect(visibleText((await t.command(CISL, '/offerta', String(offerId))).json)).not.toContain('percorso');

    // Once the owner involves the cooperative, it is told too; the DM to the referring organization says it.
    await involve(pathwayId, ['LEGACOOP']);
    expect(visibleText((await t.command(COOP, '/offerta', String(offerId))).json)).toContain(linked);
    expect(await act(COOP, `offer_referral_status:${referralId}:interview`, 'interview')).toContain('ora è *colloquio*');
    const status = await waitFor(() => t.slack.callsTo('chat.postMessage').find((c) => c.args.channel === `D${UEPE}` && visibleText(c.args).includes('ora è *colloquio*')), 5000, 'the status DM');
    expect(visibleText(status.args)).toContain(linked);
    const english = await waitFor(() => t.slack.callsTo('chat.postMessage').find((c) => c.args.channel === `D${UEPE_EN}` && visibleText(c.args).includes(CODE)), 5000, 'the English DM');
    expect(visibleText(english.args)).toContain(`has a pathway: /percorso ${CODE}`);

    const told = await listAudit(knex(), { action: 'pathway.link.read' });
    expect(told.map((a) => [a.actorUserId, (a.after as { via: string }).via])).toEqual(
      expect.arrayContaining([[UEPE, 'offer_details'], [COORDINATOR, 'offer_details'], [COOP, 'offer_details'], [UEPE, 'referral_dm']]),
    );
    for (const a of told) expect(a.after).toEqual({ pathwayIds: [pathwayId], via: expect.stringMatching(/^(offer_details|referral_dm)$/) });
    expect(told.some((a) => a.actorUserId === CISL)).toBe(false);
    expect(JSON.stringify(told)).not.toContain(CODE);
  });
});
