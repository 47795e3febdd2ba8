import type { Knex } from 'knex';

/**
 * Placement offers and the referrals (segnalazioni) made to them. Column names are meant to be
 * read by other areas (the weekly digest): created_at, status, status_changed_at, deadline,
 * filled_at, organization_id; each list or digest query has an index.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('offers', (t) => {
    t.increments('id');
    t.integer('organization_id').notNullable().references('organizations.id');
    t.text('title').notNullable();
    t.text('sector').notNullable();
    t.integer('positions').notNullable();
    t.text('contract_type').notNullable();
    t.integer('weekly_hours');
    t.text('location').notNullable();
    t.date('start_date');
    t.date('deadline').notNullable();
    t.text('requirements').notNullable().defaultTo('');
    t.jsonb('eligibility').notNullable().defaultTo('[]');
    t.text('status').notNullable().defaultTo('open');
    t.timestamp('status_changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('filled_at', { useTz: true });
    t.timestamp('closed_at', { useTz: true });
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['created_at']);
    t.index(['organization_id', 'created_at']);
    t.index(['status', 'deadline']);
    t.index(['sector', 'created_at']);
    t.index(['status_changed_at']);
    t.index(['filled_at']);
  });
  await knex.raw(`alter table offers add constraint offers_status_check check (status in ('open','matching','filled','withdrawn','expired'))`);
  await knex.raw(`alter table offers add constraint offers_positions_check check (positions between 1 and 50)`);

  await knex.schema.createTable('referrals', (t) => {
    t.increments('id');
    t.integer('offer_id').notNullable().references('offers.id');
    // Null once anonymised by the retention job; the row (status, dates) stays for statistics.
    t.text('candidate_code');
    t.integer('referring_organization_id').notNullable().references('organizations.id');
    t.text('note');
    t.text('status').notNullable().defaultTo('proposed');
    t.timestamp('status_changed_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('interview_at', { useTz: true });
    t.timestamp('closed_at', { useTz: true });
    t.timestamp('anonymized_at', { useTz: true });
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['offer_id', 'candidate_code']);
    t.index(['referring_organization_id']);
    t.index(['status', 'status_changed_at']);
    t.index(['closed_at']);
    t.index(['created_at']);
  });
  await knex.raw(
    `alter table referrals add constraint referrals_status_check check (status in ('proposed','interview','hired','not_selected','withdrawn'))`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('referrals');
  await knex.schema.dropTableIfExists('offers');
}
