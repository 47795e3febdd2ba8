/**
 * Digest and indicators over a large directory: time per channel digest (model + build), per
 * indicators report, per App Home, and EXPLAIN of the reporting queries (do they use indexes?).
 *   npx tsx bench/digest-bench.ts                       # PGlite in memory
 *   BENCH_DATABASE_URL=postgres://… npx tsx bench/digest-bench.ts   # a scratch PostgreSQL database
 * The offers, table and polls areas add their data and providers here when they land.
 */
import { openDatabase, MEMORY } from '../src/db';
import { silentLogger } from '../src/lib/logger';
import { translator } from '../src/i18n';
import { DigestService } from '../src/services/digest-service';
import { buildDigest } from '../src/slack/views/digest-views';
import { homeView } from '../src/slack/views/home-views';
import { networkArea } from '../src/services/reporting/network-area';
import type { Actor } from '../src/domain/network/types';
import type { SlackClient } from '../src/services/slack-types';

const ORGANIZATIONS = 300;
const MEMBERS = 20_000;
const AUDIT_ROWS = 300_000;
const TZ = 'Europe/Rome';

async function time<T>(label: string, runs: number, work: () => Promise<T>): Promise<T> {
  let result: T | undefined;
  const started = process.hrtime.bigint();
  for (let i = 0; i < runs; i++) result = await work();
  const ms = Number(process.hrtime.bigint() - started) / 1e6 / runs;
  console.log(`${label.padEnd(40)} ${ms.toFixed(1)} ms/run (${runs} runs)`);
  return result as T;
}

async function main(): Promise<void> {
  const url = process.env.BENCH_DATABASE_URL;
  const db = await openDatabase(url ? { kind: 'postgres', url } : { kind: 'pglite', dataDir: MEMORY });
  await db.migrate();
  const knex = db.knex;
  const kinds = ['public_body', 'cooperative', 'union', 'probation_office', 'training', 'association'];
  const year = Date.UTC(2026, 0, 1);
  const at = (i: number, n: number) => new Date(year + Math.floor((i / n) * 330 * 86_400_000));
  console.log(`seeding ${ORGANIZATIONS} organizations, ${MEMBERS} members, ${AUDIT_ROWS} audit rows on ${db.kind}…`);
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
  await knex.raw('analyze');

  const client = {} as SlackClient;
  const service = new DigestService({ db: knex, client, config: { timezone: TZ, defaultLocale: 'it' }, logger: silentLogger() });
  const now = new Date('2026-11-16T08:00:00Z');
  const period = { start: new Date('2026-11-09T08:00:00Z'), end: now };
  const t = translator('it');
  const coordinator: Actor = { userId: 'U0', teamId: null, member: null, role: 'coordinator', isConfiguredAdmin: true, locale: 'it' };

  await time('channel digest (model + build)', 20, async () => buildDigest(await service.model(period, now), t, now, TZ));
  await time('indicators report (one year)', 20, () => service.indicators(coordinator, { from: '2026-01-01', to: '2026-12-31' }, now));
  await time('coordinator App Home (model + view)', 20, async () => {
    const part = await networkArea.home!(knex, coordinator, { now, tz: TZ });
    return homeView({ viewer: { userId: 'U0', role: 'coordinator' }, coordinatorIds: ['U0'], ...part }, t, now, TZ);
  });

  const explain = async (label: string, sql: string, bindings: unknown[]) => {
    const rows = (await knex.raw(`explain ${sql}`, bindings as never[])).rows as Array<{ 'QUERY PLAN': string }>;
    const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
    console.log(`\nEXPLAIN ${label}: ${/Index|Bitmap/.test(plan) ? 'uses an index' : 'NO INDEX'}\n${plan}`);
  };
  await explain('new members of the week', 'select * from members where created_at >= ? and created_at < ?', [period.start, period.end]);
  await explain('new organizations of the week', 'select * from organizations where created_at >= ? and created_at < ?', [period.start, period.end]);
  await explain(
    'membership changes (audit)',
    'select action, count(*) from audit_log where action in (?, ?, ?) and at >= ? and at < ? group by action',
    ['member.add', 'member.update', 'member.remove', period.start, period.end],
  );
  await db.close();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
