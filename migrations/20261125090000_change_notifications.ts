import type { Knex } from 'knex';

/** CHANGES_CHANNEL in src/db (a migration stays as written, so the name is spelled out here). */
const CHANGES_CHANNEL = 'isonew_changes';
const NOTIFYING_TABLES = ['members', 'organizations', 'offers', 'app_settings'];

/**
 * Each request starts by asking who the user is (member, organization, role, language), the most
 * used read is the list of offers, and every new offer reads the offers channel setting.
 * Processes keep those answers in memory and must forget them the moment the tables change,
 * whoever changed them (this process, another replica, someone in psql): a statement trigger sends
 * a NOTIFY with the table's name at commit, and every process LISTENs (src/services/change-cache.ts).
 *
 * Also: `/offerta lista` pages newest first by (created_at, id); with an index on created_at alone
 * PostgreSQL had to sort every offer created in the same instant to find a page.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw(`
    create or replace function isonew_notify_change() returns trigger language plpgsql as $$
    begin
      perform pg_notify('${CHANGES_CHANNEL}', tg_table_name);
      return null;
    end
    $$`);
  for (const table of NOTIFYING_TABLES) {
    await knex.raw(`create trigger ${table}_notify_change after insert or update or delete or truncate on ${table}
                    for each statement execute function isonew_notify_change()`);
  }
  await knex.schema.alterTable('offers', (t) => {
    t.index(['created_at', 'id'], 'offers_created_at_id_index');
    t.dropIndex(['created_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('offers', (t) => {
    t.index(['created_at']);
    t.dropIndex(['created_at', 'id'], 'offers_created_at_id_index');
  });
  for (const table of NOTIFYING_TABLES) await knex.raw(`drop trigger if exists ${table}_notify_change on ${table}`);
  await knex.raw('drop function if exists isonew_notify_change()');
}
