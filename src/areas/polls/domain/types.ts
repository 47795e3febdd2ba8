import type { Locale } from '../../../platform/i18n/locales';
import type { PollKind } from './kinds';
import type { VoteAnswer } from './ballot';
import type { PollSlot } from './form';

export { POLL_KINDS, type PollKind } from './kinds';
export { VOTE_ANSWERS, type Ballot, type VoteAnswer } from './ballot';
export type { NewPollOption, PollField, PollSlot, RawPollInput } from './form';

export const VOTE_SCOPES = ['person', 'organization'] as const;
export type VoteScope = (typeof VOTE_SCOPES)[number];

export type PollStatus = 'open' | 'closed';

export interface PollOption {
  id: number;
  pollId: number;
  position: number;
  label: string;
  slot: PollSlot | null;
}

export interface Poll {
  id: number;
  kind: PollKind;
  question: string;
  multipleChoice: boolean;
  anonymous: boolean;
  voteScope: VoteScope;
  resultsHidden: boolean;
  closesAt: Date | null;
  status: PollStatus;
  closedAt: Date | null;
  resultPostedAt: Date | null;
  reminderCount: number;
  channelId: string;
  locale: Locale;
  createdByUserId: string;
  createdAt: Date;
  /** The random key of the anonymous voters' HMAC; null only for anonymous polls voted on before it existed. */
  voterSalt: string | null;
}

/** A stored vote. `voterUserId` is null for anonymous polls: only the opaque voter key is kept. */
export interface PollVote {
  optionId: number;
  answer: VoteAnswer;
  voterKey: string;
  voterUserId: string | null;
  organizationId: number | null;
  votedAt: Date;
}

export interface InvitedOrganization {
  id: number;
  shortName: string;
  name: string;
}

/** Everything a poll message, a result or an export needs. */
export interface PollState {
  poll: Poll;
  options: PollOption[];
  votes: PollVote[];
  invitedOrganizations: InvitedOrganization[];
}

/** A poll with how many invited organizations and voters answered (`/sondaggio lista`). */
export interface PollParticipation {
  poll: Poll;
  invitedOrganizations: number;
  respondedOrganizations: number;
  respondents: number;
}

/** What a vote did, as the voter is told. */
export type VoteReceipt =
  | { ballot: 'single'; option: PollOption; organization?: string }
  | { ballot: 'toggle'; option: PollOption; selected: boolean }
  | { ballot: 'per_option'; option: PollOption; answer: VoteAnswer; organization?: string };
