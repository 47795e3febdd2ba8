import type { Knex } from 'knex';

/**
 * Weekly digest subscriptions, one per channel. The posting itself is claimed per
 * (channel, ISO week) in job_runs (runExactlyOnce), so a channel gets one digest a week
 * whatever the replicas, restarts or re-subscriptions.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('digest_subscriptions', (t) => {
    t.increments('id');
    t.text('channel_id').notNullable().unique();
    t.integer('weekday').notNullable();
    t.text('time').notNullable();
    t.text('locale').notNullable();
    t.boolean('active').notNullable().defaultTo(true);
    // Weeks before this instant are never posted (no "late" digest right after subscribing).
    t.timestamp('active_since', { useTz: true }).notNullable();
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(`alter table digest_subscriptions add constraint digest_subscriptions_weekday_check check (weekday between 1 and 7)`);
  await knex.raw(`alter table digest_subscriptions add constraint digest_subscriptions_time_check check (time ~ '^([01][0-9]|2[0-3]):[0-5][0-9]$')`);
  await knex.raw(`alter table digest_subscriptions add constraint digest_subscriptions_locale_check check (locale in ('it','en'))`);
  await knex.raw(`create index digest_subscriptions_active_idx on digest_subscriptions (id) where active`);
  // Digest and indicator queries count directory changes by time.
  await knex.raw(`create index members_created_at_idx on members (created_at)`);
  await knex.raw(`create index organizations_created_at_idx on organizations (created_at)`);
  await knex.raw(`create index audit_log_action_at_idx on audit_log (action, at)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists audit_log_action_at_idx');
  await knex.raw('drop index if exists organizations_created_at_idx');
  await knex.raw('drop index if exists members_created_at_idx');
  await knex.schema.dropTableIfExists('digest_subscriptions');
}
