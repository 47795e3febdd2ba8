import type { Knex } from 'knex';

/**
 * Polls (a question, or candidate dates for the table), their options, the organizations
 * invited to answer, and the votes. One vote per voter is enforced by a unique key, so
 * concurrent clicks on any replica can never count twice (no in-process locks).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('polls', (t) => {
    t.increments('id');
    t.text('kind').notNullable();
    t.text('question').notNullable();
    t.boolean('multiple_choice').notNullable().defaultTo(false);
    t.boolean('anonymous').notNullable().defaultTo(false);
    t.text('vote_scope').notNullable();
    t.boolean('results_hidden').notNullable().defaultTo(false);
    t.timestamp('closes_at', { useTz: true });
    t.text('status').notNullable().defaultTo('open');
    t.timestamp('closed_at', { useTz: true });
    t.text('closed_by_user_id');
    t.timestamp('result_posted_at', { useTz: true });
    t.integer('reminder_count').notNullable().defaultTo(0);
    t.text('channel_id').notNullable();
    t.text('locale').notNullable();
    t.text('created_by_user_id').notNullable();
    t.integer('created_by_organization_id').references('organizations.id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['status', 'closes_at'], 'polls_status_closes_at_idx');
    t.index(['created_at'], 'polls_created_at_idx');
  });
  await knex.raw(`alter table polls add constraint polls_kind_check check (kind in ('choice','date'))`);
  await knex.raw(`alter table polls add constraint polls_vote_scope_check check (vote_scope in ('person','organization'))`);
  await knex.raw(`alter table polls add constraint polls_status_check check (status in ('open','closed'))`);
  await knex.raw(`alter table polls add constraint polls_locale_check check (locale in ('it','en'))`);

  await knex.schema.createTable('poll_options', (t) => {
    t.increments('id');
    t.integer('poll_id').notNullable().references('polls.id').onDelete('CASCADE');
    t.integer('position').notNullable();
    t.text('label').notNullable();
    // Date polls: the candidate slot as wall-clock values in APP_TIMEZONE, and its start instant.
    t.date('slot_date');
    t.text('slot_start_time');
    t.text('slot_end_time');
    t.timestamp('slot_starts_at', { useTz: true });
    t.unique(['poll_id', 'position']);
  });

  await knex.schema.createTable('poll_invited_organizations', (t) => {
    t.integer('poll_id').notNullable().references('polls.id').onDelete('CASCADE');
    t.integer('organization_id').notNullable().references('organizations.id');
    t.primary(['poll_id', 'organization_id']);
    t.index(['organization_id'], 'poll_invited_organizations_org_idx');
  });

  // voter_key: the person (user id, or a keyed hash of it for anonymous polls) or `org:<id>` for
  // per-organization polls. ballot_slot is 0 for single-choice polls (one row per voter) and the
  // option id otherwise (one row per voter and option), so the unique key is the vote rule itself.
  await knex.schema.createTable('poll_votes', (t) => {
    t.bigIncrements('id');
    t.integer('poll_id').notNullable().references('polls.id').onDelete('CASCADE');
    t.integer('option_id').notNullable().references('poll_options.id').onDelete('CASCADE');
    t.integer('ballot_slot').notNullable();
    t.text('voter_key').notNullable();
    t.text('voter_user_id');
    t.integer('organization_id').references('organizations.id');
    t.text('answer').notNullable().defaultTo('yes');
    t.timestamp('voted_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['poll_id', 'voter_key', 'ballot_slot'], { indexName: 'poll_votes_one_per_voter_uq' });
    t.index(['poll_id', 'organization_id'], 'poll_votes_poll_org_idx');
    t.index(['option_id'], 'poll_votes_option_idx');
  });
  await knex.raw(`alter table poll_votes add constraint poll_votes_answer_check check (answer in ('yes','maybe','no'))`);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['poll_votes', 'poll_invited_organizations', 'poll_options', 'polls']) {
    await knex.schema.dropTableIfExists(table);
  }
}
