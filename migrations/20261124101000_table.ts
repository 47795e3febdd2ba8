import type { Knex } from 'knex';

/**
 * The inter-institutional table: meetings, who is invited, the agenda, RSVPs (with the
 * organization the person answered for), the minutes' attendees and the action items.
 * Column names are meant to be read by other areas (the weekly digest): starts_at, ends_at,
 * status, rsvps.organization_id, action_items.due_date / status.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('meetings', (t) => {
    t.increments('id');
    t.text('title').notNullable();
    t.timestamp('starts_at', { useTz: true }).notNullable();
    t.timestamp('ends_at', { useTz: true }).notNullable();
    t.text('place');
    t.text('link');
    t.text('status').notNullable().defaultTo('scheduled');
    t.text('channel_id').notNullable();
    // Grows on every reschedule or cancellation: the calendar file's SEQUENCE.
    t.integer('sequence').notNullable().defaultTo(0);
    t.text('created_by').notNullable();
    t.text('summary');
    t.text('decisions');
    t.timestamp('held_at', { useTz: true });
    t.timestamp('minutes_posted_at', { useTz: true });
    t.timestamp('cancelled_at', { useTz: true });
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.timestamp('updated_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['starts_at']);
    t.index(['status', 'starts_at']);
  });
  await knex.raw(`alter table meetings add constraint meetings_status_check check (status in ('scheduled','held','cancelled'))`);
  await knex.raw(`alter table meetings add constraint meetings_times_check check (ends_at > starts_at)`);

  await knex.schema.createTable('meeting_invitations', (t) => {
    t.integer('meeting_id').notNullable().references('meetings.id').onDelete('CASCADE');
    t.integer('organization_id').notNullable().references('organizations.id');
    t.primary(['meeting_id', 'organization_id']);
    t.index(['organization_id']);
  });

  await knex.schema.createTable('agenda_items', (t) => {
    t.increments('id');
    t.integer('meeting_id').notNullable().references('meetings.id').onDelete('CASCADE');
    t.integer('position').notNullable();
    t.text('text').notNullable();
    t.text('proposed_by').notNullable();
    t.integer('source_action_item_id');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['meeting_id', 'position']);
  });

  await knex.schema.createTable('rsvps', (t) => {
    t.increments('id');
    t.integer('meeting_id').notNullable().references('meetings.id').onDelete('CASCADE');
    t.text('user_id').notNullable();
    t.integer('organization_id').notNullable().references('organizations.id');
    t.text('response').notNullable();
    t.text('delegate_user_id');
    t.timestamp('answered_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.unique(['meeting_id', 'user_id']);
    t.index(['organization_id']);
    t.index(['meeting_id', 'response']);
  });
  await knex.raw(`alter table rsvps add constraint rsvps_response_check check (response in ('yes','no','maybe','delegate'))`);
  await knex.raw(`alter table rsvps add constraint rsvps_delegate_check check ((response = 'delegate') = (delegate_user_id is not null))`);

  await knex.schema.createTable('meeting_attendees', (t) => {
    t.integer('meeting_id').notNullable().references('meetings.id').onDelete('CASCADE');
    t.text('user_id').notNullable();
    t.integer('organization_id').references('organizations.id');
    t.primary(['meeting_id', 'user_id']);
    t.index(['organization_id']);
  });

  await knex.schema.createTable('action_items', (t) => {
    t.increments('id');
    t.integer('meeting_id').notNullable().references('meetings.id').onDelete('CASCADE');
    t.text('text').notNullable();
    t.integer('owner_organization_id').notNullable().references('organizations.id');
    t.text('owner_user_id');
    t.date('due_date').notNullable();
    t.text('status').notNullable().defaultTo('open');
    t.text('created_by').notNullable();
    t.timestamp('done_at', { useTz: true });
    t.text('done_by');
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(knex.fn.now());
    t.index(['status', 'due_date']);
    t.index(['owner_organization_id']);
    t.index(['owner_user_id']);
    t.index(['meeting_id']);
  });
  await knex.raw(`alter table action_items add constraint action_items_status_check check (status in ('open','done'))`);
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['action_items', 'meeting_attendees', 'rsvps', 'agenda_items', 'meeting_invitations', 'meetings']) {
    await knex.schema.dropTableIfExists(table);
  }
}
