import type { Knex } from 'knex';

/**
 * Charts uploaded to Slack as PNG (where Slack's chart block is not allowed: the App Home) and the
 * network map: one row per picture (its key), with the hash of what it shows and the Slack file
 * it was uploaded as. The same figures reuse the file; changed figures upload a new one.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('chart_images', (t) => {
    t.text('key').primary();
    t.text('spec_hash').notNullable();
    t.text('file_id').notNullable();
    t.text('alt_text').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('chart_images');
}
