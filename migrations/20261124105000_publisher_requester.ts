import type { Knex } from 'knex';

/**
 * Who asked for a channel message (the user who created the offer, meeting or poll), so that a
 * message Slack refuses for good (the app is not in the channel, the channel is gone or archived)
 * is not only logged: the requester is told once, by DM, and can invite the app.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('published_messages', (t) => {
    t.text('requested_by');
    t.timestamp('requester_notified_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('published_messages', (t) => {
    t.dropColumn('requester_notified_at');
    t.dropColumn('requested_by');
  });
}
