import type { Knex } from 'knex';

/**
 * The canvas the app wrote in a channel (the table channel's minutes): one per channel, created
 * with conversations.canvases.create and then rewritten with canvases.edit.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('channel_canvases', (t) => {
    t.text('channel_id').primary();
    t.text('canvas_id').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('channel_canvases');
}
