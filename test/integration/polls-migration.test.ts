import { MIGRATIONS_DIR, openDatabase, type Database } from '../../src/platform/database';
import { ExtensionlessMigrationSource } from '../../src/platform/database/migration-source';
import { DATABASES, databaseTarget } from '../support/databases';

const MIGRATION = '20261205140000_poll_participation_derived';

/** The migrations up to (and without) `before`: the schema an older version left. */
class MigrationsBefore extends ExtensionlessMigrationSource {
  constructor(private readonly before: string) {
    super(MIGRATIONS_DIR);
  }
  override async getMigrations(): Promise<string[]> {
    return (await super.getMigrations()).filter((m) => this.getMigrationName(m) < this.before);
  }
}

/**
 * Migration 20261205120000 on data an older version wrote: the participation of anonymous polls
 * (written in the ballot's transaction, so pairable with it) is deleted, the rest kept; polls
 * whose keys were forgotten are marked; "Sollecita" gets its column.
 */
describe.each(DATABASES)('polls migration 20261205120000 (%s)', (kind) => {
  let db: Database;
  let cleanup: () => Promise<void>;

  beforeAll(async () => {
    const target = await databaseTarget(kind);
    cleanup = target.cleanup;
    db = await openDatabase(target.target);
  }, 120_000);
  afterAll(async () => {
    await db.close();
    await cleanup();
  });

  it('deletes the stored participation of anonymous polls, keeps the others, marks polls with forgotten keys', async () => {
    // The background pool, as db.migrate() uses (no per-query timeout).
    const knex = db.background;
    await knex.migrate.latest({ migrationSource: new MigrationsBefore(MIGRATION) });
    const [org] = (await knex('organizations').insert({ name: 'Ente', short_name: 'ENTE', kind: 'cooperative' }).returning('id')) as Array<{ id: number }>;
    await knex('members').insert({ user_id: 'UOLD1', organization_id: org!.id, role: 'partner', added_by: 'UADMIN' });
    const poll = async (anonymous: boolean, voterKey: string) => {
      // The columns of the older schema only (its row type is not today's).
      const inserted = await knex.raw<{ rows: Array<{ id: number }> }>(
        `insert into polls (kind, question, anonymous, vote_scope, channel_id, locale, created_by_user_id) values ('choice', 'Domanda', ?, 'person', 'C1', 'it', 'UADMIN') returning id`,
        [anonymous],
      );
      const row = inserted.rows[0];
      const [option] = (await knex('poll_options').insert({ poll_id: row!.id, position: 1, label: 'A', slot_date: null, slot_start_time: null, slot_end_time: null, slot_starts_at: null }).returning('id')) as Array<{ id: number }>;
      await knex('poll_invited_organizations').insert({ poll_id: row!.id, organization_id: org!.id });
      await knex('poll_votes').insert({ poll_id: row!.id, option_id: option!.id, ballot_slot: 0, voter_key: voterKey, voter_user_id: anonymous ? null : 'UOLD1', organization_id: null, voted_at: null, answer: 'yes' });
      await knex('poll_participants').insert({ poll_id: row!.id, participant: 'user:UOLD1', organization_id: org!.id });
      return row!.id;
    };
    const open = await poll(false, 'user:UOLD1');
    const keyed = await poll(true, 'anon:0123abcd');
    const forgotten = await poll(true, 'anon:forgotten:0123abcd');

    await db.migrate();

    expect((await knex('poll_participants').select('poll_id')).map((r: { poll_id: number }) => r.poll_id)).toEqual([open]);
    const polls = (await knex('polls').orderBy('id').select('id', 'ballot_key_id', 'reminded_at')) as Array<{ id: number; ballot_key_id: string | null; reminded_at: Date | null }>;
    expect(polls).toEqual([
      { id: open, ballot_key_id: null, reminded_at: null },
      { id: keyed, ballot_key_id: null, reminded_at: null },
      { id: forgotten, ballot_key_id: 'forgotten', reminded_at: null },
    ]);
    // The ballots stay, and are still counted.
    const [count] = await knex('poll_votes').count<Array<{ n: string | number }>>('* as n');
    expect(Number(count!.n)).toBe(3);
  }, 120_000);
});
