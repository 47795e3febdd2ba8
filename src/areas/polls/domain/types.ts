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
  /** When "Sollecita" last sent reminders (at most once per 24 hours). */
  remindedAt: Date | null;
  /**
   * Anonymous polls: which key of the app's secret makes their ballot keys (`ballotKeyIdOf`); null
   * for polls that are not anonymous and for anonymous polls older than this column (taken to be
   * the current key). When it is not the current key, who voted cannot be recomputed: the poll
   * takes no more votes (a voter could otherwise be counted twice).
   */
  ballotKeyId: string | null;
  channelId: string;
  locale: Locale;
  createdByUserId: string;
  createdAt: Date;
}

/**
 * A stored vote. Anonymous polls keep only the option, the answer and an opaque voter key made
 * with the app's secret: `voterUserId`, `organizationId` and `votedAt` are null.
 */
export interface PollVote {
  optionId: number;
  answer: VoteAnswer;
  voterKey: string;
  voterUserId: string | null;
  organizationId: number | null;
  votedAt: Date | null;
}

/** Someone who has answered a poll (`user:<id>`, or `org:<id>` for per-organization polls): never what. */
export interface PollParticipant {
  participant: string;
  organizationId: number | null;
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
  /** Who has answered (the count of organizations that answered comes from here). */
  participants: PollParticipant[];
  /** False for an anonymous poll keyed with another secret: who answered cannot be told. */
  participantsKnown?: boolean;
}

/** A poll with how many invited organizations and voters answered (`/sondaggio lista`). */
export interface PollParticipation {
  poll: Poll;
  invitedOrganizations: number;
  respondedOrganizations: number;
  respondents: number;
}

/** One answer of a voter's ballot: the option and, for date polls, Sì / Se necessario / No. */
export interface MyAnswer {
  option: PollOption;
  answer: VoteAnswer;
}

/** What a vote did, as the voter is told; `mine` is the voter's whole ballot after it (in the options' order). */
export type VoteReceipt = { pollId: number; mine: MyAnswer[] } & (
  | { ballot: 'single'; option: PollOption; organization?: string; /** Per-organization polls: whether it replaced an earlier vote of the organization. */ replaced?: boolean }
  | { ballot: 'toggle'; option: PollOption; selected: boolean }
  | { ballot: 'per_option'; option: PollOption; answer: VoteAnswer; organization?: string }
);

/** What withdrawing took away: the ballot as it was (per-organization polls: the organization's). */
export interface WithdrawReceipt {
  poll: Poll;
  withdrawn: MyAnswer[];
  organization?: string;
}
