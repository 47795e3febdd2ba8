import { pathwaysReporting, type EsfIndicatorsReport } from '../../src/areas/pathways';
import { openDatabase } from '../../src/platform/database';
import { dayjs } from '../../src/platform/time';
import { DATABASES, databaseTarget } from '../support/databases';
import { seedPathways, seedReferrals } from '../support/pathways-data';

const TZ = 'Europe/Rome';
const NOW = new Date('2026-11-30T12:00:00Z');
const RANGES = [
  { from: '2025-12-01', to: '2026-11-30' },
  { from: '2026-01-01', to: '2026-03-31' },
  { from: '2025-06-01', to: '2025-06-30' },
];

/** The indicators over the same generated data, on one database kind. */
async function indicatorsOn(kind: (typeof DATABASES)[number]): Promise<EsfIndicatorsReport[]> {
  const target = await databaseTarget(kind);
  const db = await openDatabase(target.target.kind === 'postgres' ? target.target : { kind: 'pglite', dataDir: target.target.dataDir });
  try {
    await db.migrate();
    await seedPathways(db.background, 400);
    await seedReferrals(db.background, 200);
    const reports: EsfIndicatorsReport[] = [];
    for (const range of RANGES) {
      const period = { dates: range, start: dayjs.tz(range.from, TZ).toDate(), end: dayjs.tz(range.to, TZ).add(1, 'day').toDate() };
      reports.push((await pathwaysReporting.indicators(db.background, period, { now: NOW, tz: TZ })).esf);
    }
    return reports;
  } finally {
    await db.close();
    await target.cleanup();
  }
}

describe('ESF+ indicators count the same on PostgreSQL and PGlite', () => {
  it('gives identical figures, in total and per organization, for every range', async () => {
    const results = await Promise.all(DATABASES.map((kind) => indicatorsOn(kind)));
    const [first, ...others] = results;
    // Sanity on PGlite alone: a person referred and with a pathway is one participant.
    const year = first?.[0];
    expect(year?.total.participants).toBeGreaterThan(0);
    expect(year?.total.participants).toBeLessThan(400 + 200);
    expect(year?.byOrganization.length).toBe(30);
    for (const other of others) expect(other).toEqual(first);
    // Two databases migrated and seeded on a shared machine: more than the default 30 s.
  }, 180_000);
});
