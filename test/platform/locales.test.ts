import { openDatabase, MEMORY, type Database } from '../../src/platform/database';
import { LOCALE_CONVENTIONS, LOCALES, localeFromSlack } from '../../src/platform/i18n/locales';
import { DATABASES, databaseTarget } from '../support/databases';

/**
 * Locales are defined once (src/platform/i18n/locales.ts). What cannot derive from that list at
 * run time is checked against it here: the database's CHECK constraints on locale columns.
 */
describe.each(DATABASES)('the locales the app speaks (%s)', (kind) => {
  let db: Database;
  let cleanup: () => Promise<void>;
  beforeAll(async () => {
    const target = await databaseTarget(kind);
    cleanup = target.cleanup;
    db = await openDatabase(target.target.kind === 'pglite' ? { kind: 'pglite', dataDir: MEMORY } : target.target);
    await db.migrate();
  });
  afterAll(async () => {
    await db.close();
    await cleanup();
  });

  it('every locale CHECK constraint allows exactly LOCALES', async () => {
    const { rows } = await db.knex.raw<{ rows: Array<{ name: string; definition: string }> }>(
      `select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint where contype = 'c' and conname like '%locale_check'`,
    );
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const { name, definition } of rows) {
      const allowed = [...definition.matchAll(/'([a-z]{2})'/g)].map((m) => m[1]).sort();
      expect({ name, allowed }).toEqual({ name, allowed: [...LOCALES].sort() });
    }
  });
});

describe('locale conventions', () => {
  it('has conventions for every locale and maps Slack locales onto LOCALES only', () => {
    expect(Object.keys(LOCALE_CONVENTIONS).sort()).toEqual([...LOCALES].sort());
    for (const locale of LOCALES) expect(localeFromSlack(`${locale}-XX`)).toBe(locale);
    expect(localeFromSlack('fr-FR')).toBeUndefined();
  });
});
