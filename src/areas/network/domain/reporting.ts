import type { OrganizationKind, Role } from './types';

/**
 * The network's parts of the weekly digest, the App Home and the indicators (the digest area
 * composes them with the other areas' parts). Every string is user-typed: the view escapes it.
 */

/** The week's changes to the directory. */
export interface NetworkDigest {
  newOrganizations: Array<{ name: string; shortName: string }>;
  newMembers: Array<{ userId: string; organization: string }>;
  removedMembers: number;
}

export interface NetworkDigestPart {
  network: NetworkDigest;
}

/** The directory's figures on a coordinator's App Home. */
export interface NetworkFigures {
  organizations: number;
  members: number;
  membersByRole: Partial<Record<Role, number>>;
  newMembersLast30Days: number;
}

export interface NetworkHomePart {
  /** The viewer's organization's other members. */
  colleagues: string[];
  /** Only for coordinators. */
  coordinator?: NetworkFigures;
}

export interface NetworkIndicators {
  membersByOrganization: Array<{ organization: string; shortName: string; coordinators: number; partners: number; observers: number }>;
  organizationsByKind: Array<{ kind: OrganizationKind; count: number }>;
  membershipChanges: { added: number; moved: number; removed: number };
}

export interface NetworkIndicatorsPart {
  network: NetworkIndicators;
}
