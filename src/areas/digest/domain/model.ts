import type { Locale } from '../../../platform/config';
import type { OrganizationKind, Role } from '../../network';

/**
 * What the weekly digest, the App Home and the indicators report show, as plain data. Each
 * product area fills its own optional part through a provider (services/reporting); a part
 * that is absent (the area does not exist yet, or had nothing) is simply not shown.
 */

/** The week a digest covers: [start, end). */
export interface DigestPeriod {
  start: Date;
  end: Date;
}

/** An offer as the summaries show it; every string is user-typed unless noted (escape it). */
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

export const REFERRAL_STATUSES = ['proposed', 'interview', 'hired', 'not_selected', 'withdrawn'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export type RsvpAnswer = 'yes' | 'no' | 'maybe' | 'delegate';

/** Where an invited organization stands for a meeting (the table's per-organization view). */
export type AttendanceStatus = 'confirmed' | 'maybe' | 'declined' | 'pending';

export interface MeetingSummary {
  id: number;
  title: string;
  startsAt: Date;
  place?: string;
}

export interface AttendanceLine {
  organization: string;
  yes: number;
  no: number;
  maybe: number;
  /** The organization's standing as a whole; when set, the line shows it (not answered included). */
  status?: AttendanceStatus;
}

export interface PollSummary {
  id: number;
  question: string;
  closesAt?: Date;
  organizationsAnswered: number;
  organizationsTotal: number;
  /** The channel where the poll's message (with its vote buttons) was posted. */
  channelId?: string;
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

export interface ActionItemSummary {
  id: number;
  text: string;
  /** Short name of the owner organization, or a Slack user id when owned by a person. */
  owner?: string;
  ownerUserId?: string;
  /** Calendar date YYYY-MM-DD. */
  dueDate: string;
}

export interface NetworkDigest {
  newOrganizations: Array<{ name: string; shortName: string }>;
  newMembers: Array<{ userId: string; organization: string }>;
  removedMembers: number;
}

export interface DigestModel {
  period: DigestPeriod;
  /** Set when the digest is posted after its scheduled time (the app was down). */
  late?: { scheduledFor: Date };
  network?: NetworkDigest;
  offers?: {
    newOffers: OfferSummary[];
    filled: FilledOffer[];
    /** Open offers whose deadline falls in the next 7 days. */
    expiring: OfferSummary[];
  };
  /** Counts only: never a candidate code in a channel (DESIGN.md §7). */
  referrals?: { byStatus: Partial<Record<ReferralStatus, number>>; newThisWeek: number };
  meetings?: { next?: MeetingSummary & { attendance: AttendanceLine[] }; heldThisWeek: number };
  polls?: { open: PollSummary[] };
  actions?: { overdue: ActionItemSummary[]; dueThisWeek: ActionItemSummary[] };
}

/** The parts a provider may contribute (everything but the period itself). */
export type DigestContribution = Partial<Omit<DigestModel, 'period' | 'late'>>;

/** The member's App Home. `viewer` null means someone outside the network. */
export interface HomeModel {
  viewer: {
    userId: string;
    role: Role;
    organization?: { name: string; shortName: string };
  } | null;
  /** Who can add a non-member (coordinators). */
  coordinatorIds: string[];
  /** Their organization's members (network). */
  colleagues?: string[];
  /** `waiting` lists the first referrals waiting for an answer; `referralsWaiting` counts them all. */
  offers?: { open: OfferSummary[]; referralsWaiting: number; waiting?: WaitingReferral[] };
  meeting?: {
    next?: MeetingSummary & {
      myRsvp?: RsvpAnswer;
      /** Whom the member delegated (when myRsvp is 'delegate'). */
      delegateUserId?: string;
      /** Their organization's standing (someone else may have answered for it). */
      organizationStatus?: AttendanceStatus;
      /** The member may still answer: show the RSVP buttons. */
      canAnswer?: boolean;
    };
  };
  polls?: { votable: PollSummary[] };
  /** Open items owned by the member or their organization; `canComplete` shows the "done" button. */
  actions?: { mine: ActionItemSummary[]; canComplete?: boolean };
  /** Network-wide indicators, for coordinators only. */
  coordinator?: CoordinatorIndicators;
}

export interface CoordinatorIndicators {
  organizations: number;
  members: number;
  membersByRole: Partial<Record<Role, number>>;
  newMembersLast30Days: number;
  digestChannels: number;
  openOffers?: number;
  referralsInProgress?: number;
  referralsByStatus?: Partial<Record<ReferralStatus, number>>;
  hiresThisYear?: number;
  /** Over the open polls: invitations answered out of invitations sent (organizations). */
  pollParticipation?: { answered: number; invited: number };
  nextMeetingAttendance?: { yes: number; invitedOrganizations: number };
  /** Table meetings held since 1 January (APP_TIMEZONE). */
  meetingsThisYear?: number;
  /** Percent of invitations to this year's held meetings attended (minutes' attendees); null without any. */
  attendanceRate?: number | null;
  openPolls?: number;
  overdueActions?: number;
}

/** An area's part of the Home; its coordinator figures are merged with the other areas'. */
export type HomeContribution = Partial<Omit<HomeModel, 'viewer' | 'coordinatorIds' | 'coordinator'>> & { coordinator?: Partial<CoordinatorIndicators> };

/** Inclusive calendar dates YYYY-MM-DD, in APP_TIMEZONE. */
export interface DateRange {
  from: string;
  to: string;
}

export interface IndicatorsModel {
  range: DateRange;
  network?: {
    membersByOrganization: Array<{ organization: string; shortName: string; coordinators: number; partners: number; observers: number }>;
    organizationsByKind: Array<{ kind: OrganizationKind; count: number }>;
    membershipChanges: { added: number; moved: number; removed: number };
  };
  offers?: { bySectorAndContract: Array<{ sector: string; contractType: string; offers: number; positions: number }> };
  referrals?: {
    /**
     * As referring party (`referrals` made, `hired` among them) and, when known, as offering
     * party (`received` on its offers, `receivedHired`).
     */
    byOrganization: Array<{ organization: string; referrals: number; hired: number; received?: number; receivedHired?: number }>;
    avgDaysToFirstReferral: number | null;
    avgDaysToHiring: number | null;
  };
  meetings?: { held: number; attendanceByOrganization: Array<{ organization: string; attended: number; meetings: number }> };
  polls?: { participationByOrganization: Array<{ organization: string; answered: number; polls: number }> };
}

export type IndicatorsContribution = Partial<Omit<IndicatorsModel, 'range'>>;

export interface DigestSubscription {
  id: number;
  channelId: string;
  /** ISO weekday: 1 Monday … 7 Sunday. */
  weekday: number;
  /** HH:mm in APP_TIMEZONE. */
  time: string;
  locale: Locale;
  active: boolean;
  activeSince: Date;
}
