import type { Knex } from 'knex';

/** The partner directory, the audit log, and the shared machinery: job claims, event dedupe, published messages. */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('organizations', (t) => {
    t.increments('id');
    t.text('name').notNullable().unique();
    t.text('short_name').notNullable().unique();
    t.text('kind').notNullable();
    t.boolean('is_coordinator_body').notNullable().defaultTo(false);
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });
  await knex.raw(
    `alter table organizations add constraint organizations_kind_check
       check (kind in ('public_body','cooperative','union','probation_office','training','association'))`,
  );

  await knex.schema.createTable('members', (t) => {
    t.increments('id');
    t.text('user_id').notNullable().unique();
    t.text('team_id');
    t.integer('organization_id').notNullable().references('organizations.id');
    t.text('role').notNullable();
    t.text('locale');
    t.timestamp('locale_checked_at', { useTz: true });
    t.text('added_by');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['organization_id']);
  });
  await knex.raw(`alter table members add constraint members_role_check check (role in ('coordinator','partner','observer'))`);
  await knex.raw(`alter table members add constraint members_locale_check check (locale is null or locale in ('it','en'))`);

  await knex.schema.createTable('audit_log', (t) => {
    t.bigIncrements('id');
    t.timestamp('at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.text('actor_user_id').notNullable();
    t.text('action').notNullable();
    t.text('entity').notNullable();
    t.text('entity_id');
    t.jsonb('before');
    t.jsonb('after');
    t.index(['entity', 'entity_id']);
    t.index(['at']);
  });

  // One row per (job, period): the claim that makes a job's effect happen once across replicas.
  await knex.schema.createTable('job_runs', (t) => {
    t.text('job').notNullable();
    t.text('period').notNullable();
    t.text('status').notNullable();
    t.text('owner');
    t.integer('attempts').notNullable().defaultTo(1);
    t.timestamp('lease_until', { useTz: true });
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('finished_at', { useTz: true });
    t.text('last_error');
    t.primary(['job', 'period']);
  });
  await knex.raw(`alter table job_runs add constraint job_runs_status_check check (status in ('running','done','failed'))`);

  // Slack retries events; the event_id is remembered so a retry has no second effect.
  await knex.schema.createTable('slack_events', (t) => {
    t.text('event_id').primary();
    t.timestamp('received_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  await knex.schema.createTable('app_settings', (t) => {
    t.text('key').primary();
    t.jsonb('value').notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
  });

  // Channel messages that mirror an entity (offer announcement, meeting notice, poll). A change
  // bumps `version` in the same transaction; the publisher brings Slack up to date, at most about
  // once per second per message, and retries until Slack confirms.
  await knex.schema.createTable('published_messages', (t) => {
    t.increments('id');
    t.text('entity_type').notNullable();
    t.integer('entity_id').notNullable();
    t.text('channel_id').notNullable();
    t.text('ts');
    t.text('locale').notNullable();
    t.integer('version').notNullable().defaultTo(1);
    t.integer('published_version').notNullable().defaultTo(0);
    t.timestamp('last_published_at', { useTz: true });
    t.timestamp('lease_until', { useTz: true });
    t.timestamp('next_attempt_at', { useTz: true });
    t.integer('failures').notNullable().defaultTo(0);
    t.text('last_error');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['entity_type', 'entity_id', 'channel_id']);
  });
  await knex.raw(
    `create index published_messages_pending_idx on published_messages (next_attempt_at) where version > published_version`,
  );
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['published_messages', 'app_settings', 'slack_events', 'job_runs', 'audit_log', 'members', 'organizations']) {
    await knex.schema.dropTableIfExists(table);
  }
}
