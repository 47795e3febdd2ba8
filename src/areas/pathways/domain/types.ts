/**
 * Individual pathways (progetti personali individualizzati, DESIGN.md §2): a woman's route through
 * orientation, training, an internship or work grant, hiring and keeping the job, across partners.
 * The candidate is only a pseudonymous code; there is no free-text diagnosis.
 */
import type { ContractType } from '../../offers';

export const MILESTONE_KINDS = ['orientation', 'skills_assessment', 'training', 'internship', 'hiring', 'exit', 'followup_6', 'followup_12'] as const;
export type MilestoneKind = (typeof MILESTONE_KINDS)[number];

/** What a milestone a person plans can be (follow-ups are created by the exit, not by hand). */
export const PLANNABLE_KINDS = ['orientation', 'skills_assessment', 'training', 'internship', 'hiring', 'exit'] as const satisfies readonly MilestoneKind[];
export type PlannableKind = (typeof PLANNABLE_KINDS)[number];

export const FOLLOW_UP_KINDS = ['followup_6', 'followup_12'] as const satisfies readonly MilestoneKind[];
export type FollowUpKind = (typeof FOLLOW_UP_KINDS)[number];
export const FOLLOW_UP_MONTHS: Record<FollowUpKind, number> = { followup_6: 6, followup_12: 12 };

/** The status at exit (ESF+ immediate results). */
export const EXIT_STATUSES = ['employed', 'self_employed', 'in_training', 'looking', 'other'] as const;
export type ExitStatus = (typeof EXIT_STATUSES)[number];

/** How a step ended (orientation, assessment, course, internship, hiring). */
export const STEP_OUTCOMES = ['completed', 'interrupted'] as const;
export type StepOutcome = (typeof STEP_OUTCOMES)[number];

/** A follow-up's answer: in work or not (with same employer and contract when in work). */
export const FOLLOW_UP_OUTCOMES = ['employed', 'not_employed'] as const;
export type FollowUpOutcome = (typeof FOLLOW_UP_OUTCOMES)[number];

export type MilestoneOutcome = StepOutcome | ExitStatus | FollowUpOutcome;

/** The outcomes each kind accepts: the form offers these and validation refuses others. */
export function outcomesFor(kind: MilestoneKind): readonly MilestoneOutcome[] {
  switch (kind) {
    case 'exit':
      return EXIT_STATUSES;
    case 'followup_6':
    case 'followup_12':
      return FOLLOW_UP_OUTCOMES;
    case 'orientation':
    case 'skills_assessment':
    case 'training':
    case 'internship':
    case 'hiring':
      return STEP_OUTCOMES;
  }
}

export function isFollowUp(kind: MilestoneKind): kind is FollowUpKind {
  return kind === 'followup_6' || kind === 'followup_12';
}

export interface Milestone {
  id: number;
  pathwayId: number;
  kind: MilestoneKind;
  /** Calendar dates (YYYY-MM-DD) in the network's time zone. */
  plannedOn: string | null;
  doneOn: string | null;
  responsibleOrganizationId: number;
  outcome: MilestoneOutcome | null;
  /** A training course that led to a qualification (ESF+ "gaining a qualification"). */
  qualification: boolean;
  /** Follow-ups in work: the same employer as at exit, and the contract. */
  sameEmployer: boolean | null;
  contractType: ContractType | null;
  note: string | null;
}

export interface PathwayOrganization {
  organizationId: number;
  shortName: string;
  name: string;
  consented: boolean;
  involved: boolean;
}

export interface Pathway {
  id: number;
  candidateCode: string;
  ownerOrganizationId: number;
  ownerShortName: string;
  consentOn: string;
  createdAt: Date;
  exitedOn: string | null;
  organizations: PathwayOrganization[];
  milestones: Milestone[];
}

/** Who may see a pathway: coordinators, its owner, and organizations both involved and consented. */
export function canSeePathway(viewer: { isCoordinator: boolean; organizationId: number | null }, pathway: Pick<Pathway, 'ownerOrganizationId' | 'organizations'>): boolean {
  if (viewer.isCoordinator) return true;
  if (viewer.organizationId === null) return false;
  if (viewer.organizationId === pathway.ownerOrganizationId) return true;
  return pathway.organizations.some((o) => o.organizationId === viewer.organizationId && o.consented && o.involved);
}

/** Who may change it: the owner organization's members and coordinators. */
export function canChangePathway(viewer: { isCoordinator: boolean; organizationId: number | null }, pathway: Pick<Pathway, 'ownerOrganizationId'>): boolean {
  return viewer.isCoordinator || (viewer.organizationId !== null && viewer.organizationId === pathway.ownerOrganizationId);
}

/** Who may record a milestone's outcome: those who may change the pathway, and the milestone's responsible organization. */
export function canRecordMilestone(
  viewer: { isCoordinator: boolean; organizationId: number | null },
  pathway: Pick<Pathway, 'ownerOrganizationId' | 'organizations'>,
  milestone: Pick<Milestone, 'responsibleOrganizationId'>,
): boolean {
  return canChangePathway(viewer, pathway) || (canSeePathway(viewer, pathway) && viewer.organizationId === milestone.responsibleOrganizationId);
}

/** A milestone not yet done, with its pathway's code: the App Home and the follow-up reminders list these. */
export interface DueMilestone {
  milestoneId: number;
  pathwayId: number;
  candidateCode: string;
  kind: MilestoneKind;
  plannedOn: string;
  responsibleOrganizationId: number;
}
