export const SECTORS = [
  'agriculture',
  'cleaning_services',
  'catering',
  'manufacturing',
  'logistics',
  'retail',
  'tailoring',
  'personal_care',
  'administration',
  'other',
] as const;
export type Sector = (typeof SECTORS)[number];

export const CONTRACT_TYPES = ['internship', 'work_grant', 'fixed_term', 'permanent', 'outside_work_art21', 'apprenticeship', 'other'] as const;
export type ContractType = (typeof CONTRACT_TYPES)[number];

/** A job (every offer before issue 16) or a training course: a course has seats, dates and no contract. */
export const OFFER_KINDS = ['job', 'course'] as const;
export type OfferKind = (typeof OFFER_KINDS)[number];

export const ELIGIBILITY = ['outside_work', 'alternative_measures', 'former_prisoners', 'disadvantaged_381'] as const;
export type Eligibility = (typeof ELIGIBILITY)[number];

/** aperta → in selezione → coperta | ritirata | scaduta */
export const OFFER_STATUSES = ['open', 'matching', 'filled', 'withdrawn', 'expired'] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];

/** proposta → colloquio → assunta | non selezionata | ritirata */
export const REFERRAL_STATUSES = ['proposed', 'interview', 'hired', 'not_selected', 'withdrawn'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

export interface OfferInput {
  /** Absent: a job (data imports written before courses existed). */
  kind?: OfferKind;
  organizationId: number;
  title: string;
  sector: Sector;
  /** Places of a job, seats of a course: hires (enrolments) fill them. */
  positions: number;
  /** Null for a course. */
  contractType: ContractType | null;
  weeklyHours: number | null;
  location: string;
  /** Calendar dates, YYYY-MM-DD. */
  startDate: string | null;
  /** A course's last day (null for a job). */
  endDate?: string | null;
  /** When applications (a course: enrolments) close. */
  deadline: string;
  requirements: string;
  eligibility: Eligibility[];
}

export interface Offer extends OfferInput {
  kind: OfferKind;
  endDate: string | null;
  id: number;
  organizationName: string;
  organizationShortName: string;
  status: OfferStatus;
  statusChangedAt: Date;
  filledAt: Date | null;
  createdBy: string;
  createdAt: Date;
}

export type ReferralCounts = Record<ReferralStatus, number>;

export interface Referral {
  id: number;
  offerId: number;
  /** Null once anonymised. */
  candidateCode: string | null;
  referringOrganizationId: number;
  referringOrganizationShortName: string;
  note: string | null;
  status: ReferralStatus;
  statusChangedAt: Date;
  interviewAt: Date | null;
  closedAt: Date | null;
  createdAt: Date;
  createdBy: string;
}

export type OfferListFilter = 'open' | 'all' | 'mine';

export interface OfferListQuery {
  filter: OfferListFilter;
  sector: Sector | null;
  /** Only jobs, or only courses; null: both. */
  kind?: OfferKind | null;
  page: number;
}

export const OFFER_PAGE_SIZE = 20;

export function emptyCounts(): ReferralCounts {
  return { proposed: 0, interview: 0, hired: 0, not_selected: 0, withdrawn: 0 };
}

export function totalReferrals(counts: ReferralCounts): number {
  return Object.values(counts).reduce((a, b) => a + b, 0);
}
