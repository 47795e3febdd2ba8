import type { Knex } from 'knex';

/**
 * One-shot posts Slack must show once (DMs, replies in a message's thread, digests), written in the
 * transaction of the change that causes them and delivered after commit by the outbox
 * (src/platform/outbox/outbox.ts). `dedupe_key` is the exactly-once claim: asking twice for the same
 * post (a rerun, another replica, a retried request) finds the row already there. `params` holds ids
 * and settings only, never free text or a candidate code: the renderer reads the current data when
 * it delivers, so a correction or an erasure reaches a post not yet sent.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('outbox_posts', (t) => {
    t.increments('id');
    t.text('kind').notNullable();
    t.text('dedupe_key').notNullable().unique();
    t.text('target_type').notNullable();
    t.text('target').notNullable();
    t.text('fallback_user_id');
    t.text('locale');
    t.jsonb('params').notNullable().defaultTo('{}');
    t.text('status').notNullable().defaultTo('pending');
    t.integer('attempts').notNullable().defaultTo(0);
    t.timestamp('next_attempt_at', { useTz: true }).notNullable();
    t.timestamp('lease_until', { useTz: true });
    t.timestamp('unconfirmed_post_at', { useTz: true });
    t.text('sent_channel');
    t.text('sent_ts');
    t.text('last_error');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('finished_at', { useTz: true });
  });
  await knex.raw(`alter table outbox_posts add constraint outbox_posts_status_check check (status in ('pending','sent','skipped','failed'))`);
  await knex.raw(`alter table outbox_posts add constraint outbox_posts_target_type_check check (target_type in ('user','channel','thread'))`);
  await knex.raw(`alter table outbox_posts add constraint outbox_posts_locale_check check (locale is null or locale in ('it','en'))`);
  await knex.raw(`create index outbox_posts_due_idx on outbox_posts (next_attempt_at) where status = 'pending'`);
  await knex.raw(`create index outbox_posts_kind_target_idx on outbox_posts (kind, target, finished_at)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('outbox_posts');
}
