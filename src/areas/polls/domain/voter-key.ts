import type { Poll, PollParticipant } from './types';

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

/** The purpose of the app secret's key that names which key made a poll's ballot keys (`Poll.ballotKeyId`). */
export const BALLOT_KEY_ID_PURPOSE = 'polls.ballot-key-id';

/**
 * Whether the app can still tell who voted in this poll with its secret: always for a poll that
 * is not anonymous; for an anonymous one, when its ballots were keyed with the current key (a
 * poll older than `ballotKeyId` is taken to be).
 */
export function ballotsAttributable(poll: Pick<Poll, 'anonymous' | 'ballotKeyId'>, currentKeyId: string): boolean {
  return !poll.anonymous || poll.ballotKeyId === null || poll.ballotKeyId === currentKeyId;
}

/** Who may answer a poll: the members who can vote in its invited organizations, and those organizations. */
export interface Electorate {
  members: ReadonlyArray<{ userId: string; organizationId: number }>;
  organizationIds: readonly number[];
}

/**
 * Who has answered an anonymous poll, recomputed (issue 14): each possible voter's key, made with
 * the app's secret, looked up among the poll's ballot keys. Nothing stored says who answered, so a
 * copy of the database has nothing to pair a ballot with (by order, time or transaction); the app,
 * which holds the secret, finds the same participants as before. A ballot whose voter has left
 * the network is still counted, but names nobody here.
 */
export function derivedParticipants(
  poll: Pick<Poll, 'id' | 'voteScope' | 'anonymous'>,
  electorate: Electorate,
  ballotKeys: ReadonlySet<string>,
  mac: BallotMac,
): PollParticipant[] {
  if (ballotKeys.size === 0) return [];
  if (poll.voteScope === 'organization') {
    return electorate.organizationIds
      .filter((id) => ballotKeys.has(ballotKey(poll, '', id, mac)))
      .map((id) => ({ participant: participantKey(poll, '', id), organizationId: id }));
  }
  return electorate.members
    .filter((m) => ballotKeys.has(ballotKey(poll, m.userId, m.organizationId, mac)))
    .map((m) => ({ participant: participantKey(poll, m.userId, m.organizationId), organizationId: m.organizationId }));
}
