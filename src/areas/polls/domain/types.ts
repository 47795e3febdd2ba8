import type { Locale } from '../../../platform/config';

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

/** Everything a poll message, a result or an export needs. */
export interface PollState {
  poll: Poll;
  options: PollOption[];
  votes: PollVote[];
  invitedOrganizations: Array<{ id: number; shortName: string; name: string }>;
}
