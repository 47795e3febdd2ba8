import type { Knex } from 'knex';

/**
 * Training offers (issue 16): an offer is a job ('job', every offer so far) or a training course
 * ('course') published by the training body. A course has seats (the `positions` column: counted
 * the same way, an enrolment is the referral's terminal success), a start and an end date, and no
 * contract type. The list filters on the kind.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('offers', (t) => {
    t.text('kind').notNullable().defaultTo('job');
    t.date('end_date');
  });
  await knex.raw(`alter table offers alter column contract_type drop not null`);
  await knex.raw(`alter table offers add constraint offers_kind_check check (kind in ('job','course'))`);
  // A job has a contract type; a course has none, and has its dates, the end not before the start.
  await knex.raw(
    `alter table offers add constraint offers_kind_fields_check check (
       (kind = 'job' and contract_type is not null and end_date is null)
       or (kind = 'course' and contract_type is null and start_date is not null and end_date is not null and end_date >= start_date))`,
  );
  await knex.raw(`create index offers_kind_created_at on offers (kind, created_at)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw(`drop index if exists offers_kind_created_at`);
  await knex.raw(`alter table offers drop constraint if exists offers_kind_fields_check`);
  await knex.raw(`alter table offers drop constraint if exists offers_kind_check`);
  await knex('offers').where({ kind: 'course' }).update({ contract_type: 'other' });
  await knex.raw(`alter table offers alter column contract_type set not null`);
  await knex.schema.alterTable('offers', (t) => {
    t.dropColumn('end_date');
    t.dropColumn('kind');
  });
}
