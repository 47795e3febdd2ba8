import type { Knex } from 'knex';

/**
 * A new organization is refused when its name or short name is taken ignoring case
 * (findOrganizationClash: `lower(name) = lower(?) or lower(short_name) = lower(?)`); without
 * these indexes that check reads every organization.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.raw('create index organizations_lower_name_idx on organizations (lower(name))');
  await knex.raw('create index organizations_lower_short_name_idx on organizations (lower(short_name))');
}

export async function down(knex: Knex): Promise<void> {
  await knex.raw('drop index if exists organizations_lower_short_name_idx');
  await knex.raw('drop index if exists organizations_lower_name_idx');
}
