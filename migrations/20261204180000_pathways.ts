import type { Knex } from 'knex';

/**
 * Individual pathways (progetti personali individualizzati): one per candidate code, owned by the
 * referring organization; the organizations the candidate consented may see it, and which of them
 * are involved; typed milestones with a planned and a done date, a responsible organization and an
 * outcome. No free-text diagnosis: a short note at most, checked by the personal-data detector.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('pathways', (t) => {
    t.increments('id');
    t.text('candidate_code').notNullable();
    t.integer('owner_organization_id').notNullable().references('organizations.id');
    t.date('consent_on').notNullable();
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    // Set when the exit milestone is done: the follow-ups count from it.
    t.date('exited_on');
    t.timestamp('anonymised_at', { useTz: true });
    t.index(['created_at']);
    t.index(['owner_organization_id']);
  });
  // One open pathway per code: a second "nuovo" for the same woman is refused.
  await knex.raw(`create unique index pathways_code_unique on pathways (upper(candidate_code)) where anonymised_at is null`);

  await knex.schema.createTable('pathway_organizations', (t) => {
    t.integer('pathway_id').notNullable().references('pathways.id').onDelete('CASCADE');
    t.integer('organization_id').notNullable().references('organizations.id');
    // The candidate agreed this organization may see the pathway.
    t.boolean('consented').notNullable().defaultTo(false);
    // The owner involved it (it takes part in the pathway); visibility needs both.
    t.boolean('involved').notNullable().defaultTo(false);
    t.primary(['pathway_id', 'organization_id']);
    t.index(['organization_id']);
  });

  await knex.schema.createTable('pathway_milestones', (t) => {
    t.increments('id');
    t.integer('pathway_id').notNullable().references('pathways.id').onDelete('CASCADE');
    t.text('kind').notNullable();
    t.date('planned_on');
    t.date('done_on');
    t.integer('responsible_organization_id').notNullable().references('organizations.id');
    t.text('outcome');
    t.boolean('qualification').notNullable().defaultTo(false);
    t.boolean('same_employer');
    t.text('contract_type');
    t.text('note');
    t.text('created_by').notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.index(['pathway_id']);
    t.index(['kind', 'done_on']);
  });
  await knex.raw(
    `alter table pathway_milestones add constraint pathway_milestones_kind_check check (kind in ('orientation','skills_assessment','training','internship','hiring','exit','followup_6','followup_12'))`,
  );
  await knex.raw(
    `alter table pathway_milestones add constraint pathway_milestones_outcome_check check (outcome is null or outcome in ('completed','interrupted','employed','self_employed','in_training','looking','other','not_employed'))`,
  );
  await knex.raw(`alter table pathway_milestones add constraint pathway_milestones_contract_check check (contract_type is null or contract_type in ('internship','work_grant','fixed_term','permanent','outside_work_art21','apprenticeship','other'))`);
  // Due milestones (App Home, reminders) are found by planned date among those not done.
  await knex.raw(`create index pathway_milestones_due on pathway_milestones (planned_on) where done_on is null`);
  await knex.raw(`alter table pathway_milestones add constraint pathway_milestones_note_length check (note is null or char_length(note) <= 280)`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('pathway_milestones');
  await knex.schema.dropTable('pathway_organizations');
  await knex.schema.dropTable('pathways');
}
