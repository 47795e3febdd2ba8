import type { Queryable } from '../../../platform/database/transaction';
import type { Secrets } from '../../../platform/secrets';
import { listMembers } from '../../network';
import type { Poll, PollParticipant } from '../domain/types';
import { ANONYMOUS_BALLOT_PURPOSE, BALLOT_KEY_ID_PURPOSE, ballotsAttributable, derivedParticipants, type BallotMac } from '../domain/voter-key';
import { listBallotKeys, listInvitedOrganizationIds, listParticipantsOf } from '../store/polls-store';

/** The keyed hash of anonymous ballot keys, under the app's secret (never stored in the database). */
export function ballotMac(secrets: Secrets): BallotMac {
  return (value) => secrets.mac(ANONYMOUS_BALLOT_PURPOSE, value);
}

/** Names the key that makes ballot keys now (`Poll.ballotKeyId`): a keyed hash under another key, so it reveals nothing of it. */
export function currentBallotKeyId(secrets: Secrets): string {
  return secrets.mac(BALLOT_KEY_ID_PURPOSE, 'ballot-key').slice(0, 16);
}

/** Whether the app can tell who voted in this poll (its anonymous ballots were keyed with the current key). */
export function attributable(secrets: Secrets, poll: Pick<Poll, 'anonymous' | 'ballotKeyId'>): boolean {
  return ballotsAttributable(poll, currentBallotKeyId(secrets));
}

/**
 * Who has answered each of these polls: the recorded participants of a poll that is not
 * anonymous; for an anonymous one, recomputed from its keyed ballots (every member who may vote in
 * its invited organizations, or every invited organization, has its key made and looked up: a
 * few microseconds each). None for an anonymous poll whose ballots were keyed with another secret.
 */
export async function participantsOf(q: Queryable, secrets: Secrets, polls: ReadonlyArray<Pick<Poll, 'id' | 'anonymous' | 'voteScope' | 'ballotKeyId'>>): Promise<Map<number, PollParticipant[]>> {
  const out = await listParticipantsOf(q, polls.filter((p) => !p.anonymous).map((p) => p.id));
  const anonymous = polls.filter((p) => p.anonymous && attributable(secrets, p));
  for (const p of polls) if (p.anonymous) out.set(p.id, []);
  if (anonymous.length === 0) return out;
  const ids = anonymous.map((p) => p.id);
  const [keys, invited] = await Promise.all([listBallotKeys(q, ids), listInvitedOrganizationIds(q, ids)]);
  const organizationIds = [...new Set([...invited.values()].flat())];
  const members = anonymous.some((p) => p.voteScope === 'person') && organizationIds.length ? await listMembers(q, { organizationIds, roles: ['coordinator', 'partner'] }) : [];
  const mac = ballotMac(secrets);
  for (const poll of anonymous) {
    const invitedHere = new Set(invited.get(poll.id) ?? []);
    const electorate = {
      organizationIds: [...invitedHere],
      members: members.filter((m) => invitedHere.has(m.organizationId)),
    };
    out.set(poll.id, derivedParticipants(poll, electorate, keys.get(poll.id) ?? new Set(), mac));
  }
  return out;
}
