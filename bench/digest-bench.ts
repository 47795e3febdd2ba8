/**
 * Digest and indicators over a large directory: time per channel digest (model + build), per
 * indicators report, per App Home, and EXPLAIN of the reporting queries (do they use indexes?).
 *   npx tsx bench/digest-bench.ts                       # PGlite in memory
 *   BENCH_DATABASE_URL=postgres://… npx tsx bench/digest-bench.ts   # a scratch database on that server
 * `npm run bench` calls `runDigestBench` at the smaller 'bench' scale (bounded in time).
 * The table area's meetings, invitations, RSVPs, attendees and action items are seeded too;
 * the offers and polls areas add their data and providers here when they land.
 */
import { openDatabase, MEMORY } from '../src/db';
import { scratchPostgres } from '../test/support/databases';
import { silentLogger } from '../src/lib/logger';
import { translator } from '../src/i18n';
import { DigestService } from '../src/services/digest-service';
import { buildDigest } from '../src/slack/views/digest-views';
import { homeView } from '../src/slack/views/home-views';
import { mergeContributions, reportingAreas } from '../src/services/reporting';
import type { HomeModel } from '../src/domain/digest/model';
import { findMemberByUserId } from '../src/repositories/members-repository';
import {
  attendanceFiguresQuery,
  countHeldMeetingsQuery,
  nextMeetingQuery,
  openActionsDueQuery,
} from '../src/repositories/table-reporting-repository';
import type { Actor } from '../src/domain/network/types';
import type { SlackClient } from '../src/services/slack-types';

/** 'full': the directory of a large network; 'bench': bounded for `npm run bench` (seconds, not minutes). */
const SCALES = {
  full: { ORGANIZATIONS: 300, MEMBERS: 20_000, AUDIT_ROWS: 300_000, MEETINGS: 5_000, ACTION_ITEMS: 20_000, runs: 20 },
  bench: { ORGANIZATIONS: 300, MEMBERS: 5_000, AUDIT_ROWS: 50_000, MEETINGS: 1_000, ACTION_ITEMS: 5_000, runs: 10 },
} as const;
/** Organizations invited to each meeting (invitations, RSVPs and attendees scale with it). */
const INVITED_PER_MEETING = 20;
const TZ = 'Europe/Rome';

export interface DigestBenchReport {
  database: 'postgres' | 'pglite';
  timings: Array<{ label: string; ms: number }>;
  explains: Array<{ label: string; usesIndex: boolean; plan: string }>;
}

export async function runDigestBench(options: { databaseUrl?: string; scale?: keyof typeof SCALES; log?: (line: string) => void } = {}): Promise<DigestBenchReport> {
  const scratch = options.databaseUrl ? await scratchPostgres(options.databaseUrl) : undefined;
  try {
    return await benchOn(scratch?.url, SCALES[options.scale ?? 'full'], options.log ?? ((line) => console.log(line)));
  } finally {
    await scratch?.drop();
  }
}

async function benchOn(url: string | undefined, scale: (typeof SCALES)[keyof typeof SCALES], log: (line: string) => void): Promise<DigestBenchReport> {
  const { ORGANIZATIONS, MEMBERS, AUDIT_ROWS, MEETINGS, ACTION_ITEMS, runs } = scale;
  const report: DigestBenchReport = { database: url ? 'postgres' : 'pglite', timings: [], explains: [] };
  const time = async <T>(label: string, work: () => Promise<T>): Promise<T> => {
    let result: T | undefined;
    const started = process.hrtime.bigint();
    for (let i = 0; i < runs; i++) result = await work();
    const ms = Number(process.hrtime.bigint() - started) / 1e6 / runs;
    report.timings.push({ label, ms });
    log(`${label.padEnd(40)} ${ms.toFixed(1)} ms/run (${runs} runs)`);
    return result as T;
  };
  const db = await openDatabase(url ? { kind: 'postgres', url } : { kind: 'pglite', dataDir: MEMORY });
  await db.migrate();
  const knex = db.knex;
  const kinds = ['public_body', 'cooperative', 'union', 'probation_office', 'training', 'association'];
  const year = Date.UTC(2026, 0, 1);
  const at = (i: number, n: number) => new Date(year + Math.floor((i / n) * 330 * 86_400_000));
  log(`seeding ${ORGANIZATIONS} organizations, ${MEMBERS} members, ${AUDIT_ROWS} audit rows on ${db.kind}…`);
  await knex.batchInsert(
    'organizations',
    Array.from({ length: ORGANIZATIONS }, (_, i) => ({ name: `Ente ${i}`, short_name: `E${i}`, kind: kinds[i % kinds.length], created_at: at(i, ORGANIZATIONS) })),
    1000,
  );
  await knex.batchInsert(
    'members',
    Array.from({ length: MEMBERS }, (_, i) => ({
      user_id: `U${i}`,
      organization_id: (i % ORGANIZATIONS) + 1,
      role: i % 50 === 0 ? 'coordinator' : i % 7 === 0 ? 'observer' : 'partner',
      created_at: at(i, MEMBERS),
    })),
    1000,
  );
  const actions = ['member.add', 'member.update', 'member.remove', 'offer.update', 'referral.update'];
  await knex.batchInsert(
    'audit_log',
    Array.from({ length: AUDIT_ROWS }, (_, i) => ({ actor_user_id: 'U1', action: actions[i % actions.length], entity: 'x', entity_id: String(i), at: at(i, AUDIT_ROWS) })),
    2000,
  );
  log(`seeding ${MEETINGS} meetings × ${INVITED_PER_MEETING} invited organizations, ${ACTION_ITEMS} action items…`);
  const meetingStart = (i: number) => new Date(Date.UTC(2013, 0, 1) + i * 1.6 * 86_400_000);
  await knex.batchInsert(
    'meetings',
    Array.from({ length: MEETINGS }, (_, i) => {
      const startsAt = meetingStart(i);
      const past = startsAt.getTime() < Date.UTC(2026, 10, 16);
      return {
        title: `Tavolo ${i}`,
        starts_at: startsAt,
        ends_at: new Date(startsAt.getTime() + 2 * 3600_000),
        status: past ? (i % 10 === 0 ? 'cancelled' : 'held') : 'scheduled',
        channel_id: 'CTAVOLO',
        created_by: 'U0',
      };
    }),
    1000,
  );
  const invitations = Array.from({ length: MEETINGS * INVITED_PER_MEETING }, (_, k) => ({
    meeting_id: Math.floor(k / INVITED_PER_MEETING) + 1,
    organization_id: ((k * 7) % ORGANIZATIONS) + 1,
  }));
  await knex.batchInsert('meeting_invitations', invitations, 2000);
  const responses = ['yes', 'no', 'maybe'];
  await knex.batchInsert(
    'rsvps',
    invitations.map((inv, k) => ({ ...inv, user_id: `U${inv.organization_id - 1 + ORGANIZATIONS * (k % 3)}`, response: responses[k % 3] })),
    2000,
  );
  await knex.batchInsert(
    'meeting_attendees',
    invitations.filter((_, k) => k % 3 !== 1).map((inv) => ({ ...inv, user_id: `U${inv.organization_id - 1}` })),
    2000,
  );
  await knex.batchInsert(
    'action_items',
    Array.from({ length: ACTION_ITEMS }, (_, i) => ({
      meeting_id: (i % MEETINGS) + 1,
      text: `Azione ${i}`,
      owner_organization_id: (i % ORGANIZATIONS) + 1,
      owner_user_id: i % 3 === 0 ? `U${i % MEMBERS}` : null,
      due_date: new Date(Date.UTC(2013, 0, 1) + i * 0.25 * 86_400_000).toISOString().slice(0, 10),
      status: i % 4 === 0 ? 'open' : 'done',
      created_by: 'U0',
    })),
    2000,
  );
  await knex.raw('analyze');

  const client = {} as SlackClient;
  const service = new DigestService({ db: knex, client, config: { timezone: TZ, defaultLocale: 'it' }, logger: silentLogger() });
  const now = new Date('2026-11-16T08:00:00Z');
  const period = { start: new Date('2026-11-09T08:00:00Z'), end: now };
  const t = translator('it');
  const coordinator: Actor = { userId: 'U0', teamId: null, member: null, role: 'coordinator', isConfiguredAdmin: true, locale: 'it' };
  const partnerMember = await findMemberByUserId(knex, 'U1');
  const partner: Actor = { userId: 'U1', teamId: null, member: partnerMember ?? null, role: 'partner', isConfiguredAdmin: false, locale: 'it' };
  const homeOf = async (actor: Actor) => {
    const parts = await Promise.all(reportingAreas.map((a) => (a.home ? a.home(knex, actor, { now, tz: TZ }) : Promise.resolve({}))));
    return homeView(mergeContributions<HomeModel>({ viewer: { userId: actor.userId, role: actor.role ?? 'partner' }, coordinatorIds: ['U0'] }, parts as Array<Partial<HomeModel>>), t, now, TZ);
  };

  await time('channel digest (model + build)', async () => buildDigest(await service.model(period, now), t, now, TZ));
  await time('indicators report (one year)', () => service.indicators(coordinator, { from: '2026-01-01', to: '2026-12-31' }, now));
  await time('coordinator App Home (model + view)', () => homeOf(coordinator));
  await time('partner App Home (model + view)', () => homeOf(partner));

  const explain = async (label: string, sql: string, bindings: unknown[]) => {
    const rows = (await knex.raw(`explain ${sql}`, bindings as never[])).rows as Array<{ 'QUERY PLAN': string }>;
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    const usesIndex = /Index|Bitmap/.test(plan);
    report.explains.push({ label, usesIndex, plan });
    log(`\nEXPLAIN ${label}: ${usesIndex ? 'uses an index' : 'NO INDEX'}\n${plan}`);
  };
  await explain('new members of the week', 'select * from members where created_at >= ? and created_at < ?', [period.start, period.end]);
  await explain('new organizations of the week', 'select * from organizations where created_at >= ? and created_at < ?', [period.start, period.end]);
  await explain(
    'membership changes (audit)',
    'select action, count(*) from audit_log where action in (?, ?, ?) and at >= ? and at < ? group by action',
    ['member.add', 'member.update', 'member.remove', period.start, period.end],
  );
  // The table area's queries, as the repository builds them.
  const today = '2026-11-16';
  const tableQueries: Array<[string, { toSQL(): { sql: string; bindings: readonly unknown[] } }]> = [
    ['next meeting (network)', nextMeetingQuery(knex, now)],
    ['next meeting of an organization', nextMeetingQuery(knex, now, 2)],
    ['meetings held in the week', countHeldMeetingsQuery(knex, period)],
    ['open action items overdue', openActionsDueQuery(knex, { before: today }, 200)],
    ['open action items due in 7 days', openActionsDueQuery(knex, { from: today, before: '2026-11-23' }, 200)],
    ['attendance per organization (one year)', attendanceFiguresQuery(knex, { start: new Date('2026-01-01T00:00:00Z'), end: now })],
  ];
  for (const [label, query] of tableQueries) {
    const { sql, bindings } = query.toSQL();
    await explain(label, sql, [...bindings]);
  }
  await db.close();
  return report;
}

if (require.main === module) {
  runDigestBench({ databaseUrl: process.env.BENCH_DATABASE_URL }).catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
