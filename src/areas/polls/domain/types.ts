import type { Locale } from '../../../platform/i18n/locales';

/**
 * The kinds of poll. Each one supplies its rules in `kinds.ts` (validation, votes, tally), its
 * rendering in `slack/views/kinds.ts` and its CSV cells in `exports/poll-csv.ts`: a kind added here
 * fails the type-check until all three have it. The database's CHECK constraint lists them too.
 */
export const POLL_KINDS = ['choice', 'date'] as const;
export type PollKind = (typeof POLL_KINDS)[number];

export const VOTE_SCOPES = ['person', 'organization'] as const;
export type VoteScope = (typeof VOTE_SCOPES)[number];

/** Choice polls store every vote as 'yes'; date polls use all three (Sì / Se necessario / No). */
export const VOTE_ANSWERS = ['yes', 'maybe', 'no'] as const;
export type VoteAnswer = (typeof VOTE_ANSWERS)[number];

export type PollStatus = 'open' | 'closed';

/** A candidate slot of a date poll: wall-clock values in APP_TIMEZONE. */
export interface PollSlot {
  date: string;
  start: string;
  end: string;
}

export interface PollOption {
  id: number;
  pollId: number;
  position: number;
  label: string;
  slot: PollSlot | null;
}

/** An option as the create form gives it, before it is stored. */
export interface NewPollOption {
  label: string;
  slot?: PollSlot & { startsAt: Date };
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

/**
 * How a kind keeps a voter's votes: one ballot replaced by each vote (`single`), one per option
 * with its answer (`per_option`), or options added and taken away by each click (`toggle`).
 */
export type Ballot = 'single' | 'per_option' | 'toggle';

/** What a vote did, as the voter is told. */
export type VoteReceipt =
  | { ballot: 'single'; option: PollOption; organization?: string }
  | { ballot: 'toggle'; option: PollOption; selected: boolean }
  | { ballot: 'per_option'; option: PollOption; answer: VoteAnswer; organization?: string };

/** The create form's fields (errors are shown on them). */
export type PollField = 'kind' | 'question' | 'options' | 'slots' | 'settings' | 'scope' | 'organizations' | 'deadlineDate' | 'deadlineTime' | 'channel';

/** The create form as submitted. */
export interface RawPollInput {
  kind?: string;
  question?: string;
  options?: string;
  slots?: string;
  settings?: string[];
  scope?: string;
  organizationIds?: string[];
  deadlineDate?: string;
  deadlineTime?: string;
  channelId?: string;
}
