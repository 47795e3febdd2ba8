import type { Locale } from '../../../platform/config';

export const ORGANIZATION_KINDS = ['public_body', 'cooperative', 'union', 'probation_office', 'training', 'association'] as const;
export type OrganizationKind = (typeof ORGANIZATION_KINDS)[number];

export const ROLES = ['coordinator', 'partner', 'observer'] as const;
export type Role = (typeof ROLES)[number];

export interface Organization {
  id: number;
  name: string;
  shortName: string;
  kind: OrganizationKind;
  isCoordinatorBody: boolean;
  active: boolean;
}

export interface Member {
  id: number;
  userId: string;
  teamId: string | null;
  organizationId: number;
  role: Role;
  locale: Locale | null;
  localeCheckedAt: Date | null;
}

export interface MemberWithOrganization extends Member {
  organization: Organization;
}

/**
 * Who is asking, as every service sees it. `role` is null for someone outside the network.
 * Configured admins (ADMIN_USER_IDS) are coordinators whatever the directory says.
 */
export interface Actor {
  userId: string;
  teamId: string | null;
  member: MemberWithOrganization | null;
  role: Role | null;
  isConfiguredAdmin: boolean;
  locale: Locale;
}
