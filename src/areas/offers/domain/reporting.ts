import type { ReferralStatus } from './types';

/**
 * The offers area's parts of the weekly digest, the App Home and the indicators (the digest area
 * composes them with the other areas' parts). Every string is user-typed unless noted: the view
 * escapes it. A channel never sees a candidate code: the digest carries counts only (DESIGN.md §7).
 */

/** An offer as the summaries show it. */
export interface OfferSummary {
  id: number;
  title: string;
  /** Short name of the offering organization. */
  organization: string;
  positions?: number;
  sector?: string;
  contractType?: string;
  /** Calendar date YYYY-MM-DD. */
  deadline?: string;
}

export interface FilledOffer extends OfferSummary {
  /** Short names of the organizations whose candidates were hired. */
  hiredFrom: string[];
}

/**
 * A referral waiting for the offering organization's answer, on the App Home of its parties.
 * `code` is set only for those the offers area lets see it (referralScope).
 */
export interface WaitingReferral {
  id: number;
  offerId: number;
  offerTitle: string;
  offeringOrganization: string;
  referringOrganization: string;
  status: ReferralStatus;
  /** When it reached its current status. */
  since: Date;
  code?: string;
}

/**
 * What referral counts are kept apart: the statuses, but a "hired" on a course is an enrolment
 * (`enrolled`), never counted among the hires.
 */
export const REFERRAL_COUNT_KEYS = ['proposed', 'interview', 'hired', 'enrolled', 'not_selected', 'withdrawn'] as const;
export type ReferralCountKey = (typeof REFERRAL_COUNT_KEYS)[number];
export type ReferralCountsByStatus = Partial<Record<ReferralCountKey, number>>;

export interface OffersDigestPart {
  offers: {
    newOffers: OfferSummary[];
    filled: FilledOffer[];
    /** Open offers whose deadline falls in the next 7 days. */
    expiring: OfferSummary[];
  };
  /** Counts only: never a candidate code in a channel. */
  referrals: { byStatus: ReferralCountsByStatus; newThisWeek: number };
}

/** One period's figures in the digest's trend chart, counted as that period's digest counts them. */
export interface OffersTrendPoint {
  newOffers: number;
  referrals: number;
  hires: number;
}

/** Network-wide figures on a coordinator's App Home. */
export interface OffersFigures {
  openOffers: number;
  referralsInProgress: number;
  referralsByStatus: ReferralCountsByStatus;
  hiresThisYear: number;
  /** From offers to hirings since 1 January (the funnel chart, as a picture on the App Home). */
  funnelThisYear?: OffersFunnel;
}

export interface OffersHomePart {
  /** The viewer's organization's open offers; `waiting` lists the first referrals waiting for an answer, `referralsWaiting` counts them all. */
  offers?: { open: OfferSummary[]; referralsWaiting: number; waiting?: WaitingReferral[] };
  /** Only for coordinators. */
  coordinator?: OffersFigures;
}

/** From offers to hirings over the indicators' range (the funnel chart). */
export interface OffersFunnel {
  offers: number;
  referrals: number;
  interviews: number;
  hires: number;
}

export interface OffersIndicatorsPart {
  offers: { bySectorAndContract: Array<{ sector: string; contractType: string; offers: number; positions: number }> };
  funnel: OffersFunnel;
  /** Referrals made from one organization (short name) to another's offers: the network map's edges. */
  flows: Array<{ from: string; to: string; referrals: number }>;
  referrals: {
    /**
     * As referring party (`referrals` made, `hired` among them) and, when known, as offering
     * party (`received` on its offers, `receivedHired`).
     */
    byOrganization: Array<{ organization: string; referrals: number; hired: number; received?: number; receivedHired?: number }>;
    avgDaysToFirstReferral: number | null;
    avgDaysToHiring: number | null;
  };
}

/** How the reader's language names the offers area's values (an unknown value as stored). */
export interface OffersLabels {
  sector(sector: string): string;
  contract(contractType: string): string;
  referralStatus(status: ReferralStatus): string;
}
