import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { calendarDateIn, dayjs } from '../../src/platform/time';
import { TestClock } from '../support/clock';
import { databaseTarget, DATABASES } from '../support/databases';
import { COORDINATOR, startTestApp, visibleText, waitFor, type TestApp } from '../support/harness';
import { buildNetwork } from '../support/network';
import { input } from '../support/slack-requests';

/**
 * Issue 14, "Nothing left at rest": after the retention job anonymises a referral and after a
 * coordinator erases a code, no byte of the code or of its note remains in the database's files.
 * PGlite runs on a real data folder, and every file under it is searched (heap, indexes, planner
 * statistics, the write-ahead log). On PostgreSQL the test reads the files of the tables that held
 * the code, their indexes and TOAST, and pg_statistic (the server runs on this machine), found
 * through pg_relation_filepath; the WAL there depends on the server's wal_recycle (README, "Privacy").
 */
const COOP = 'UCOOP0001';
const UEPE = 'UUEPE0001';
const RETAINED = 'ZQXR-2024-101';
const ERASED = 'ZQXE-2026-202';
const KEPT = 'ZQXK-2026-303';
const RETAINED_PATHWAY = 'ZQXP-2022-404';
const noteOf = (code: string) => `Nota riservata ${code.toLowerCase()} turni`;
const TZ = 'Europe/Rome';

const clock = new TestClock();
const day = (offset: number) => dayjs.utc(calendarDateIn(clock.now(), TZ)).add(offset, 'day').format('YYYY-MM-DD');

/** Every file under `dir` whose bytes contain `text`. */
function filesHolding(dir: string, text: string): string[] {
  const needle = Buffer.from(text, 'utf8');
  const hits: string[] = [];
  const walk = (d: string) => {
    for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, entry.name);
      if (entry.isDirectory()) walk(p);
      else if (entry.isFile() && fs.readFileSync(p).includes(needle)) hits.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return hits;
}

describe.each(DATABASES)('nothing of an anonymised or erased code is left in the database files (%s)', (kind) => {
  let t: TestApp;
  let dataDir: string | undefined;
  const orgs: Record<string, number> = {};
  const knex = () => t.app.db.knex;
  /** For statements that may take more than a request's 2 s on a busy server (CHECKPOINT, ANALYZE). */
  const admin = () => t.app.db.background;

  beforeAll(async () => {
    if (kind === 'pglite') {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'isonew-at-rest-'));
      dataDir = dir;
      t = await startTestApp(kind, { clock, database: { target: { kind: 'pglite', dataDir: dir }, cleanup: async () => fs.rmSync(dir, { recursive: true, force: true }) } });
    } else {
      t = await startTestApp(kind, { clock, database: await databaseTarget(kind) });
    }
    const network = await buildNetwork(t.byHand, [{ user: COOP, org: 'LEGACOOP' }, { user: UEPE, org: 'UEPE' }], { now: clock.now() });
    Object.assign(orgs, network.orgs);
  }, 120_000);
  afterAll(async () => {
    await t.stop();
  });

  /** The files that may hold the code: the whole data folder on PGlite; on PostgreSQL the relations' files. */
  async function filesWith(text: string): Promise<string[]> {
    if (dataDir) return filesHolding(dataDir, text);
    const root = String((await admin().raw('show data_directory')).rows[0].data_directory);
    const tables = `array['referrals', 'audit_log', 'pathways', 'pathway_milestones', 'pathway_organizations', 'pg_statistic']::regclass[]`;
    const relations = (await admin().raw(`
      select c.oid::regclass::text as name, pg_relation_filepath(c.oid) as file from pg_class c
      where c.oid = any(${tables})
         or c.oid in (select indexrelid from pg_index where indrelid = any(${tables}))
         or c.oid in (select reltoastrelid from pg_class where oid = any(${tables}))
         or c.oid in (select i.indexrelid from pg_index i join pg_class r on r.reltoastrelid = i.indrelid where r.oid = any(${tables}))
    `)).rows as Array<{ name: string; file: string | null }>;
    const hits: string[] = [];
    for (const { name, file } of relations) {
      if (!file) continue;
      const dir = path.join(root, path.dirname(file));
      // The main fork and its 1 GB segments (file, file.1, …), the free space and visibility maps.
      for (const entry of fs.readdirSync(dir).filter((n) => n === path.basename(file) || n.startsWith(`${path.basename(file)}.`) || n.startsWith(`${path.basename(file)}_`))) {
        if (fs.readFileSync(path.join(dir, entry)).includes(Buffer.from(text, 'utf8'))) hits.push(`${name}: ${path.join(path.dirname(file), entry)}`);
      }
    }
    return hits;
  }

  it('finds the codes on disk first, then nothing of them after retention and after an erasure; the Homes are republished', async () => {
    const res = await t.submitView(COOP, 'offer_new', {
      offer_title: input.text('Addetta al magazzino'),
      offer_sector: input.select('logistics'),
      offer_positions: input.number('2'),
      offer_contract: input.select('internship'),
      offer_hours: input.number('30'),
      offer_location: input.text('Monfalcone'),
      offer_start: input.date(day(20)),
      offer_deadline: input.date(day(10)),
      offer_requirements: input.text(''),
      offer_eligibility: input.checkboxes(['outside_work']),
      offer_organization: input.select(String(orgs.LEGACOOP)),
    }, JSON.stringify({ channelId: 'COFFERS' }));
    expect(res.text).toBe('');
    const offerId = Number((await knex()('offers').first())!.id);
    for (const code of [RETAINED, ERASED, KEPT]) {
      const referred = await t.submitView(UEPE, 'offer_referral_new', {
        referral_code: input.text(code),
        referral_organization: input.select(String(orgs.UEPE)),
        referral_note: input.text(noteOf(code)),
      }, JSON.stringify({ offerId, channelId: 'COFFERS' }));
      expect(referred.text).toBe('');
    }
    // Pathways, by hand as an import would: one for the code to erase, one that ended long ago.
    await t.byHand(async (db) => {
      for (const [code, exitedOn] of [[ERASED, null], [RETAINED_PATHWAY, '2022-01-31']] as const) {
        const [row] = (await db('pathways')
          .insert({ candidate_code: code, owner_organization_id: orgs.UEPE!, consent_on: '2021-10-01', created_by: UEPE, created_at: clock.now(), updated_at: clock.now(), exited_on: exitedOn })
          .returning('id')) as Array<{ id: number }>;
        await db('pathway_organizations').insert({ pathway_id: row!.id, organization_id: orgs.UEPE!, consented: true, involved: true });
        await db('pathway_milestones').insert({
          pathway_id: row!.id, kind: 'orientation', planned_on: '2021-10-05', responsible_organization_id: orgs.UEPE!, done_on: null, outcome: null, qualification: false, same_employer: null, contract_type: null, note: noteOf(code), created_by: UEPE, created_at: clock.now(), updated_at: clock.now(),
        });
      }
    });
    // The referral to be anonymised closed long ago; planner statistics sample every value; the
    // files on disk hold all of it.
    await knex()('referrals').where({ candidate_code: RETAINED }).update({ status: 'hired', closed_at: dayjs(clock.now()).subtract(25, 'month').toDate() });
    await admin().raw('analyze referrals, pathways, pathway_milestones');
    await admin().raw('checkpoint');
    for (const text of [RETAINED, ERASED, KEPT, noteOf(ERASED), RETAINED_PATHWAY, noteOf(RETAINED_PATHWAY)]) expect(await filesWith(text)).not.toEqual([]);
    await t.settled();

    // Retention: the code and the note are gone from every file; the Homes that listed it are republished.
    t.slack.calls.length = 0;
    const job = t.app.areas.offers.jobs.find((j) => j.name === 'referral-retention')!;
    expect(await job.run(clock.now())).toEqual({ anonymized: 1 });
    await t.settled();
    expect(await filesWith(RETAINED)).toEqual([]);
    expect(await filesWith(noteOf(RETAINED))).toEqual([]);
    const republished = new Set(t.slack.callsTo('views.publish').map((c) => c.args.user_id));
    for (const user of [COOP, UEPE, COORDINATOR]) expect(republished).toContain(user);
    expect(JSON.stringify(t.slack.callsTo('views.publish'))).not.toContain(RETAINED);
    const pathwayJob = t.app.areas.pathways.jobs.find((j) => j.name === 'pathway-retention')!;
    expect(await pathwayJob.run(clock.now())).toEqual({ anonymised: 1 });
    await t.settled();
    expect(await filesWith(RETAINED_PATHWAY)).toEqual([]);
    expect(await filesWith(noteOf(RETAINED_PATHWAY))).toEqual([]);

    // Erasure: likewise, from the referrals, the audit log and the statistics.
    t.slack.responses.length = 0;
    await t.action(COORDINATOR, 'network_privacy_erase', { value: ERASED });
    const reply = await waitFor(() => t.slack.responses.at(-1), 60_000, 'the erasure reply');
    // The reply comes after the rewrite: an error here (not the confirmation) means it failed.
    expect(visibleText(reply.body as { text?: unknown; blocks?: unknown })).toContain(`Codice \`${ERASED}\` cancellato`);
    await t.settled();
    expect(await knex()('referrals').where({ candidate_code: ERASED })).toEqual([]);
    expect(await knex()('pathways').where({ candidate_code: ERASED })).toEqual([]);
    expect(await filesWith(ERASED)).toEqual([]);
    expect(await filesWith(noteOf(ERASED))).toEqual([]);
    // A code nobody erased is still there (the search does find what is on disk).
    expect(await filesWith(KEPT)).not.toEqual([]);
    expect(await knex()('referrals').where({ candidate_code: KEPT })).toHaveLength(1);
  }, 180_000);
});
