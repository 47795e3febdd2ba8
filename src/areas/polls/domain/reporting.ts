import type { MyAnswer } from './types';

/**
 * The polls area's parts of the weekly digest, the App Home and the indicators (the digest area
 * composes them with the other areas' parts). The question is user-typed: the view escapes it.
 */

export interface PollSummary {
  id: number;
  question: string;
  closesAt?: Date;
  organizationsAnswered: number;
  organizationsTotal: number;
  /** The channel where the poll's message (with its vote buttons) was posted. */
  channelId?: string;
}

export interface PollsDigestPart {
  polls: { open: PollSummary[] };
}

/** Network-wide figures on a coordinator's App Home. */
export interface PollsFigures {
  openPolls: number;
  /** Over the open polls: invitations answered out of invitations sent (organizations). */
  pollParticipation: { answered: number; invited: number };
}

/** An open poll the viewer (or, for per-organization polls, their organization) has answered, with the answer. */
export interface AnsweredPoll {
  summary: PollSummary;
  /** The ballot as it is now (anonymous polls too: the app recomputes the viewer's key with its secret). */
  mine: MyAnswer[];
  /** Per-organization polls: the organization whose vote it is. */
  organization?: string;
}

export interface PollsHomePart {
  /**
   * The open polls the viewer can still vote on, and those they have answered (absent for
   * observers and people without an organization).
   */
  polls?: { votable: PollSummary[]; answered?: AnsweredPoll[] };
  /** Only for coordinators. */
  coordinator?: PollsFigures;
}

export interface PollsIndicatorsPart {
  polls: { participationByOrganization: Array<{ organization: string; answered: number; polls: number }> };
}
