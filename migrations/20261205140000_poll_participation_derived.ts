import type { Knex } from 'knex';

/**
 * Polls (issues 14 and 15): withdrawing a vote, a 24-hour limit on "Sollecita", and anonymous
 * participation that a copy of the database cannot pair with ballots.
 *
 * - `polls.reminded_at`: when "Sollecita" last sent reminders (it sends at most once per 24 hours;
 *   a conditional update of this column decides, so a double click on any replica sends once).
 * - `polls.ballot_key_id`: which key of the app's secret keyed an anonymous poll's ballots (a keyed
 *   hash under another key, so it reveals nothing of it). Anonymous polls whose ballots were
 *   forgotten by 20261204110000 (keys no secret can remake) are marked 'forgotten'; other existing
 *   anonymous polls keep NULL: their keys were made with the app's secret of today.
 * - The participation rows of anonymous polls are deleted. They were written in the same
 *   transaction as the ballot, so a copy of the database paired them by transaction id (xmin), by
 *   physical row order (ctid) and by dump order: ballot k with participant k. Who answered an
 *   anonymous poll is now recomputed by the app from the keyed ballots with its secret (which the
 *   copy does not hold). Cost: for a 'forgotten' poll still open, who answered can no longer be
 *   told, so it takes no more votes and sends no reminders (its votes stay counted).
 * - VACUUM FULL of poll_participants (and poll_votes), so the deleted rows do not linger in the
 *   table's files as dead row versions. This is why the migration runs outside a transaction.
 */
export const config = { transaction: false };

export async function up(knex: Knex): Promise<void> {
  await knex.transaction(async (trx) => {
    await trx.schema.alterTable('polls', (t) => {
      t.timestamp('reminded_at', { useTz: true });
      t.text('ballot_key_id');
    });
    await trx.raw(`
      update polls p set ballot_key_id = 'forgotten'
       where p.anonymous and exists (select 1 from poll_votes v where v.poll_id = p.id and v.voter_key like 'anon:forgotten:%')`);
    await trx.raw(`delete from poll_participants pp using polls p where p.id = pp.poll_id and p.anonymous`);
  });
  for (const table of ['poll_participants', 'poll_votes']) {
    try {
      await knex.raw('vacuum full ??', [table]);
    } catch {
      // Another role owns the table: the dead rows go at the next vacuum (README, "Privacy").
    }
  }
}

/** Down: the columns go; the deleted participation of anonymous polls cannot come back (nothing says who answered). */
export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('polls', (t) => {
    t.dropColumn('reminded_at');
    t.dropColumn('ballot_key_id');
  });
}
