/**
 * The outcomes the European Social Fund asks for (Regulation (EU) 2021/1057, ESF+, Annex I), as the
 * network can count them from pathways and referrals. Names follow the common indicators where one
 * fits; the README says how each is counted.
 */
export const ESF_INDICATORS = [
  // Annex I, 1: common output indicator "total number of participants".
  'participants',
  // Programme-specific outputs: participants starting a step in the period.
  'starting_training',
  'starting_internship',
  'starting_job',
  // Annex I, 2: common immediate result indicators (upon leaving, here within 4 weeks of the exit).
  'job_searching_upon_leaving',
  'in_education_or_training_upon_leaving',
  'gaining_qualification_upon_leaving',
  'in_employment_upon_leaving',
  // Annex I, 3: common longer-term result indicator, from the 6-month follow-up.
  'in_employment_six_months_after_leaving',
  'six_month_follow_ups_missing',
  // Programme-specific: organizations that owned or took part in a pathway in the period.
  'organizations_involved',
] as const;
export type EsfIndicator = (typeof ESF_INDICATORS)[number];

export type EsfFigures = Record<EsfIndicator, number>;

export interface EsfIndicatorsReport {
  total: EsfFigures;
  /** Per organization (the owner of the pathway, or the referring organization of a referral). */
  byOrganization: Array<{ organizationId: number; shortName: string; figures: EsfFigures }>;
}

/** Days after the exit within which a result still counts as "upon leaving" (ESF+: 4 weeks). */
export const UPON_LEAVING_DAYS = 28;

export function emptyFigures(): EsfFigures {
  return Object.fromEntries(ESF_INDICATORS.map((k) => [k, 0])) as EsfFigures;
}
