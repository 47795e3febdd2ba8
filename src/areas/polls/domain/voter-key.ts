import type { Poll } from './types';

/** The purpose of the app secret's key that makes anonymous ballot keys (src/platform/secrets.ts). */
export const ANONYMOUS_BALLOT_PURPOSE = 'polls.anonymous-ballot';

/** A keyed hash under the app's secret (`Secrets.mac` bound to the polls' purpose). */
export type BallotMac = (value: string) => string;

/**
 * Who answers a poll, in clear: the person, or the organization for per-organization polls. It
 * names a row of `poll_participants` (who has answered, never what), and is the ballot key of a
 * poll that is not anonymous.
 */
export function participantKey(poll: Pick<Poll, 'voteScope'>, userId: string, organizationId: number | null): string {
  return poll.voteScope === 'organization' ? `org:${organizationId ?? 'none'}` : `user:${userId}`;
}

/**
 * The key of one voter's ballots. Not anonymous: the participant key. Anonymous: an HMAC of the
 * poll and the participant under a key derived from the app's secret, which is not in the
 * database, so a copy of the database cannot recompute it for any member (and keys of two polls
 * are unrelated). Losing or rotating the secret only means that voters of polls still open cannot
 * change their vote (their participation says they answered; their old key is no longer theirs).
 */
export function ballotKey(poll: Pick<Poll, 'id' | 'voteScope' | 'anonymous'>, userId: string, organizationId: number | null, mac: BallotMac): string {
  const participant = participantKey(poll, userId, organizationId);
  if (!poll.anonymous) return participant;
  return `anon:${mac(`poll:${poll.id}:${participant}`)}`;
}
