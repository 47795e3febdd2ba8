import type { Knex } from 'knex';

/**
 * Attendance per organization, recorded with the minutes: an organization can be present with
 * nobody on Slack (its representative came in person), so it is not counted absent. Filled from
 * the attendees recorded so far (the organization each of them answered for).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('meeting_organization_attendance', (t) => {
    t.integer('meeting_id').notNullable().references('meetings.id').onDelete('CASCADE');
    t.integer('organization_id').notNullable().references('organizations.id');
    t.primary(['meeting_id', 'organization_id']);
    t.index(['organization_id']);
  });
  await knex.raw(
    `insert into meeting_organization_attendance (meeting_id, organization_id)
     select distinct meeting_id, organization_id from meeting_attendees where organization_id is not null`,
  );
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTableIfExists('meeting_organization_attendance');
}
