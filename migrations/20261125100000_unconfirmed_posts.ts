import type { Knex } from 'knex';

/**
 * A channel post whose outcome is unknown (Slack timed out or answered 5xx, or the process died
 * before recording the answer) may be in the channel already: the publisher remembers when it
 * first tried, and looks for that post before posting again (src/services/findable-posts.ts).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('published_messages', (t) => {
    t.timestamp('unconfirmed_post_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('published_messages', (t) => {
    t.dropColumn('unconfirmed_post_at');
  });
}
