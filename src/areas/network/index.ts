/**
 * The network area's entry file: the only file other areas (and src/app) import.
 * docs/ARCHITECTURE.md says what belongs here.
 */
export { actorOrganizationId, actsFor, isCoordinator, requireContributor, requireCoordinator, requireMember } from './domain/permissions';
export type { Actor, MemberWithOrganization, Organization, OrganizationKind, Role } from './domain/types';
export { findMemberByUserId, listMembers } from './store/members-store';
export { findOrganizationById, listOrganizations, toOrganization } from './store/organizations-store';
export type { ActorService } from './use-cases/actor-service';

// Reporting: the network's part of the weekly digest, the App Home and the indicators (read by the digest area).
export { networkReporting, type NetworkReporting } from './reporting';
export type { NetworkDigest, NetworkDigestPart, NetworkFigures, NetworkHomePart, NetworkIndicators, NetworkIndicatorsPart } from './domain/reporting';
