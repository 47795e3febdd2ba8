import { createHmac } from 'node:crypto';
import type { Poll } from './types';

/**
 * The opaque key of one vote: the organization, the person, or (anonymous) a hash of the person
 * keyed with the poll's own random salt, so restarts and secret rotations keep the same key.
 * Anonymous polls voted on before the salt existed keep the old hash, keyed with `legacySecret`
 * (the signing secret, or the bot token).
 */
export function voterKey(poll: Pick<Poll, 'id' | 'voteScope' | 'anonymous' | 'voterSalt'>, userId: string, organizationId: number | null, legacySecret: string): string {
  if (poll.voteScope === 'organization') return `org:${organizationId}`;
  if (!poll.anonymous) return `user:${userId}`;
  const secret = poll.voterSalt ?? legacySecret;
  return `anon:${createHmac('sha256', secret).update(`poll:${poll.id}:${userId}`).digest('base64url').slice(0, 32)}`;
}
