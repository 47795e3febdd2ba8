import type { Knex } from 'knex';

/**
 * Anonymous votes were keyed with an HMAC of the Slack signing secret, so a restart with a new
 * secret (the playground makes one at every start) or a secret rotation let the same person vote
 * twice. Each poll now carries its own random salt, the key of that HMAC.
 *
 * Existing rows: every poll that has no anonymous vote yet gets a fresh random salt (nothing to
 * keep valid). Anonymous polls that already have votes keep a NULL salt and so the old scheme
 * (the secret-keyed HMAC) until they close: no salt can reproduce keys made with a secret the
 * database never saw, and the votes cannot be re-keyed without knowing who cast them.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('polls', (t) => {
    t.text('voter_salt');
  });
  await knex.raw(`
    update polls p
       set voter_salt = replace(gen_random_uuid()::text, '-', '') || replace(gen_random_uuid()::text, '-', '')
     where not (p.anonymous and p.vote_scope = 'person' and exists (select 1 from poll_votes v where v.poll_id = p.id))`);
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('polls', (t) => {
    t.dropColumn('voter_salt');
  });
}
