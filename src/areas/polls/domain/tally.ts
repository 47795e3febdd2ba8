import { kindRules } from './kinds';
import type { PollKind, PollOption, PollParticipant, PollVote, VoteAnswer } from './types';

export interface Voter {
  userId: string | null;
  organizationId: number | null;
}

export interface OptionTally {
  option: PollOption;
  counts: Record<VoteAnswer, number>;
  voters: Record<VoteAnswer, Voter[]>;
}

export interface PollTally {
  options: OptionTally[];
  /** Distinct voters (people, or organizations for per-organization polls). */
  respondents: number;
  /** Invited organizations with at least one vote. */
  respondedOrganizationIds: number[];
}

export type PollOutcome =
  | { kind: 'none' }
  | { kind: 'winner'; option: OptionTally }
  | { kind: 'tie'; options: OptionTally[] };

/**
 * Counts the votes per option and answer; votes for unknown options are ignored. Respondents are
 * the distinct ballots (voter keys); answering organizations come from `participants` when given
 * (anonymous ballots carry no organization: the app recomputes who answered), else from the ballots.
 */
export function tallyPoll(options: PollOption[], votes: PollVote[], invitedOrganizationIds: number[], participants?: PollParticipant[]): PollTally {
  const byOption = new Map<number, OptionTally>();
  const sorted = [...options].sort((a, b) => a.position - b.position);
  for (const option of sorted) {
    byOption.set(option.id, { option, counts: { yes: 0, maybe: 0, no: 0 }, voters: { yes: [], maybe: [], no: [] } });
  }
  const voters = new Set<string>();
  const organizations = new Set<number>();
  const invited = new Set(invitedOrganizationIds);
  for (const vote of [...votes].sort((a, b) => (a.votedAt?.getTime() ?? 0) - (b.votedAt?.getTime() ?? 0))) {
    const entry = byOption.get(vote.optionId);
    if (!entry) continue;
    entry.counts[vote.answer]++;
    entry.voters[vote.answer].push({ userId: vote.voterUserId, organizationId: vote.organizationId });
    voters.add(vote.voterKey);
    if (vote.organizationId !== null && invited.has(vote.organizationId)) organizations.add(vote.organizationId);
  }
  if (participants) {
    organizations.clear();
    for (const p of participants) if (p.organizationId !== null && invited.has(p.organizationId)) organizations.add(p.organizationId);
  }
  return {
    options: sorted.map((o) => byOption.get(o.id)!),
    respondents: voters.size,
    respondedOrganizationIds: [...organizations].sort((a, b) => a - b),
  };
}

/**
 * The result, ranked by the kind's score (a choice poll: the most votes; a date poll: the most
 * "yes", then the most "if needed"). Equal best options are a tie; no vote at all is no result.
 */
export function pollOutcome(kind: PollKind, tally: PollTally): PollOutcome {
  const { score } = kindRules(kind);
  let best: OptionTally[] = [];
  let bestScore: readonly [number, number] = [0, 0];
  for (const o of tally.options) {
    const s = score(o.counts);
    if (s[0] === 0 && s[1] === 0) continue;
    const cmp = s[0] !== bestScore[0] ? s[0] - bestScore[0] : s[1] - bestScore[1];
    if (best.length === 0 || cmp > 0) {
      best = [o];
      bestScore = s;
    } else if (cmp === 0) {
      best.push(o);
    }
  }
  if (best.length === 0) return { kind: 'none' };
  if (best.length === 1) return { kind: 'winner', option: best[0]! };
  return { kind: 'tie', options: best };
}

/** A text bar of `width` cells for `count` out of `total`. */
export function bar(count: number, total: number, width = 10): string {
  const filled = total > 0 ? Math.round((count / total) * width) : 0;
  return '█'.repeat(filled) + '░'.repeat(width - filled);
}
