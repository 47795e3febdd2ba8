import { createHmac, randomBytes } from 'node:crypto';
import type { Knex } from 'knex';

/**
 * Anonymous ballots that a copy of the database cannot link to people (issue 14).
 *
 * Before: an anonymous ballot's key was an HMAC keyed with `polls.voter_salt`, stored in the same
 * database (so recomputing it for every member re-identified every vote), and the ballot carried
 * the organization id and the exact time. Now:
 *
 * - `poll_participants` says who has answered a poll (for reminders, counts and the App Home's
 *   "to vote" list): the person (`user:<id>`) or, for per-organization polls, the organization
 *   (`org:<id>`), with the organization, and no option, no time and no serial id.
 * - An anonymous ballot holds only what counting and changing a vote need: poll, option, slot,
 *   answer and a key made with the app's secret, which is not in the database
 *   (src/platform/secrets.ts): no user, no organization, no time.
 * - `polls.voter_salt` is dropped. The keys it made cannot be re-keyed here (the app secret is not
 *   available to a migration, and the database must not learn who cast what), so they are forgotten:
 *   each existing anonymous voter's key becomes a random one (their ballots stay together and are
 *   still counted), their participation is kept (found once, here, from the salt that is then
 *   dropped), and they cannot change their vote in a poll still open — the same cost as losing the
 *   secret. Ballots of polls voted on before the salt existed lose only the ability to be changed.
 * - Audit rows of anonymous votes lose the option they recorded.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('poll_participants', (t) => {
    t.integer('poll_id').notNullable().references('polls.id').onDelete('CASCADE');
    t.text('participant').notNullable();
    t.integer('organization_id').references('organizations.id');
    t.primary(['poll_id', 'participant']);
    t.index(['poll_id', 'organization_id'], 'poll_participants_poll_org_idx');
  });

  // Participation of the polls that are not anonymous, and of anonymous per-organization polls (their keys were in clear).
  await knex.raw(`
    insert into poll_participants (poll_id, participant, organization_id)
    select distinct v.poll_id,
           case when p.vote_scope = 'organization' then 'org:' || v.organization_id else 'user:' || v.voter_user_id end,
           v.organization_id
      from poll_votes v join polls p on p.id = v.poll_id
     where (p.vote_scope = 'organization' and v.organization_id is not null)
        or (p.vote_scope = 'person' and not p.anonymous and v.voter_user_id is not null)
    on conflict do nothing`);

  // Anonymous per-person polls with a salt: who answered, found once from the salt about to be dropped.
  const salted = await knex('polls').where({ anonymous: true, vote_scope: 'person' }).whereNotNull('voter_salt').select<Array<{ id: number; voter_salt: string }>>('id', 'voter_salt');
  for (const poll of salted) {
    const keys = new Set((await knex('poll_votes').where({ poll_id: poll.id }).distinct<Array<{ voter_key: string }>>('voter_key')).map((r) => r.voter_key));
    if (keys.size === 0) continue;
    const members = await knex('members as m')
      .join('poll_invited_organizations as pi', (j) => j.on('pi.organization_id', 'm.organization_id').andOn('pi.poll_id', knex.raw('?', [poll.id])))
      .select<Array<{ user_id: string; organization_id: number }>>('m.user_id', 'm.organization_id');
    const found = members.filter((m) => keys.has(`anon:${createHmac('sha256', poll.voter_salt).update(`poll:${poll.id}:${m.user_id}`).digest('base64url').slice(0, 32)}`));
    if (found.length) {
      await knex('poll_participants')
        .insert(found.map((m) => ({ poll_id: poll.id, participant: `user:${m.user_id}`, organization_id: m.organization_id })))
        .onConflict(['poll_id', 'participant'])
        .ignore();
    }
  }

  await knex.raw('alter table poll_votes alter column voted_at drop not null');
  await knex.raw('alter table poll_votes alter column voted_at drop default');

  // Forget the old anonymous keys: one random key per old key (a voter's ballots stay together), no organization, no time.
  const anonymous = await knex('poll_votes as v')
    .join('polls as p', 'p.id', 'v.poll_id')
    .where('p.anonymous', true)
    .distinct<Array<{ poll_id: number; voter_key: string }>>('v.poll_id', 'v.voter_key');
  for (const ballot of anonymous) {
    await knex('poll_votes')
      .where({ poll_id: ballot.poll_id, voter_key: ballot.voter_key })
      .update({ voter_key: `anon:forgotten:${randomBytes(16).toString('hex')}`, voter_user_id: null, organization_id: null, voted_at: null });
  }
  await knex.raw(`
    update audit_log a set after = null
     where a.action = 'poll.vote' and a.entity = 'poll'
       and exists (select 1 from polls p where p.anonymous and p.id::text = a.entity_id)`);

  await knex.schema.alterTable('polls', (t) => {
    t.dropColumn('voter_salt');
  });
}

/** Down: the salt column comes back empty (new polls get none; the forgotten keys stay forgotten). */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('polls', (t) => {
    t.text('voter_salt');
  });
  await knex.raw('update poll_votes set voted_at = now() where voted_at is null');
  await knex.raw('alter table poll_votes alter column voted_at set default now()');
  await knex.raw('alter table poll_votes alter column voted_at set not null');
  await knex.schema.dropTableIfExists('poll_participants');
}
