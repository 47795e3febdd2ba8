import type { Knex } from 'knex';

/**
 * Files the outbox (or a button) sent are remembered by their Slack file id, and a post already
 * sent can be removed from Slack (issue 14: a correction replaces the calendar files that showed
 * the removed text). `sent_file_id` is the uploaded file; `remove_requested_at` asks the outbox to
 * delete the message or the file; once deleted the post is `removed`.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('outbox_posts', (t) => {
    t.text('sent_file_id');
    t.timestamp('remove_requested_at', { useTz: true });
  });
  await knex.raw(`alter table outbox_posts drop constraint outbox_posts_status_check`);
  await knex.raw(`alter table outbox_posts add constraint outbox_posts_status_check check (status in ('pending','sent','skipped','failed','removed'))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`alter table outbox_posts drop constraint outbox_posts_status_check`);
  await knex.raw(`update outbox_posts set status = 'sent' where status = 'removed'`);
  await knex.raw(`alter table outbox_posts add constraint outbox_posts_status_check check (status in ('pending','sent','skipped','failed'))`);
  await knex.schema.alterTable('outbox_posts', (t) => {
    t.dropColumn('remove_requested_at');
    t.dropColumn('sent_file_id');
  });
}
