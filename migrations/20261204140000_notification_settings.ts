import type { Knex } from 'knex';

/**
 * Notification settings (DESIGN.md §4 and §5): each member can turn each kind of DM off. A row
 * exists only for a choice the member made; no row means the kind is on. `kind` is the outbox post
 * kind's name (platform.notifications lists them).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('notification_settings', (t) => {
    t.text('user_id').notNullable();
    t.text('kind').notNullable();
    t.boolean('enabled').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.primary(['user_id', 'kind']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('notification_settings');
}
