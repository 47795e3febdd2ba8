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

export interface PollsHomePart {
  /** The polls the viewer can still vote on (absent for observers and people without an organization). */
  polls?: { votable: PollSummary[] };
  /** Only for coordinators. */
  coordinator?: PollsFigures;
}

export interface PollsIndicatorsPart {
  polls: { participationByOrganization: Array<{ organization: string; answered: number; polls: number }> };
}
