import type { Knex } from 'knex';

/**
 * `reminders_sent_at`: when a coordinator last sent the "please answer" reminder of a meeting (at
 * most once every 24 hours, decided on this row). `text_corrections`: how many times a text the
 * calendar file shows was corrected; the file's SEQUENCE is `sequence + text_corrections`, so a
 * calendar replaces the event with the corrected one without the meeting changing version.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('meetings', (t) => {
    t.timestamp('reminders_sent_at', { useTz: true });
    t.integer('text_corrections').notNullable().defaultTo(0);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('meetings', (t) => {
    t.dropColumn('text_corrections');
    t.dropColumn('reminders_sent_at');
  });
}
