/**
 * The network area's entry file: the only file other areas (and src/app) import.
 * docs/ARCHITECTURE.md says what belongs here.
 */
import type { AreaModule } from '../../platform/area';
import type { Locale } from '../../platform/i18n/locales';
import type { Platform } from '../../platform/runtime';
import type { Actor, MemberWithOrganization, Organization } from './domain/types';
import { networkFeature } from './slack/listeners';
import { Actors } from './use-cases/actors';
import { DirectoryReads, type Directory } from './use-cases/directory';
import { MemberChanges, type AddMemberInput, type AddMemberResult } from './use-cases/members';
import { OrganizationChanges, type CreateOrganizationResult, type OrganizationDraft } from './use-cases/organizations';
import { PrivacyRequests } from './use-cases/privacy';
import { NetworkSetup } from './use-cases/setup';

export { actorOrganizationId, actsFor, isCoordinator, requireContributor, requireCoordinator, requireMember } from './domain/permissions';
export type { Actor, MemberWithOrganization, Organization, OrganizationKind, Role } from './domain/types';
export { findMemberByUserId, listMembers } from './store/members-store';
export { findOrganizationById, listOrganizations, toOrganization } from './store/organizations-store';
export type { ActorService } from './use-cases/actors';
export type { AddMemberInput, AddMemberResult, CreateOrganizationResult, Directory, OrganizationDraft };

// Reporting: the network's part of the weekly digest, the App Home and the indicators (read by the digest area).
export { networkReporting, type NetworkReporting } from './reporting';
export type { NetworkDigest, NetworkDigestPart, NetworkFigures, NetworkHomePart, NetworkIndicators, NetworkIndicatorsPart } from './domain/reporting';

/** What the network area offers the composition root, other areas, tests and tools. */
export interface NetworkArea extends AreaModule<Actor> {
  /** Who is asking, with their role and language (every request starts here). */
  resolveActor(userId: string, teamId: string | null): Promise<Actor>;
  /** A user's language from Slack alone, for when the directory cannot be read (the database is down). */
  fallbackLocale(userId: string): Promise<Locale>;
  /** Coordinators' user ids (the configured admins and the directory's), for "ask a coordinator". */
  coordinatorIds(): Promise<string[]>;
  /** The language to write to a member in, without asking Slack. */
  localeOf(userId: string): Promise<Locale>;
  /** The members of these organizations (whose App Homes to refresh). */
  memberIdsOf(organizationIds: readonly number[]): Promise<string[]>;
  /** Every organization and member, for a member of the network. */
  directory(actor: Actor): Promise<Directory>;
  organizations(options?: { activeOnly?: boolean }): Promise<Organization[]>;
  addMember(actor: Actor, input: AddMemberInput): Promise<AddMemberResult>;
  removeMember(actor: Actor, userId: string): Promise<MemberWithOrganization | undefined>;
  createOrganization(actor: Actor, draft: OrganizationDraft, submission?: string): Promise<CreateOrganizationResult>;
  /** Access requests and erasures of candidate codes (coordinators). */
  privacy: PrivacyRequests;
  /** Loads the ISO.NEW organizations (idempotent); returns how many were new. */
  seedNetwork(): Promise<number>;
  /** At start: the coordinator body and the ADMIN_USER_IDS coordinators (idempotent). */
  bootstrap(): Promise<void>;
}

/** Builds the network area: its use cases, its caches (registered with the platform) and its Slack surfaces. */
export function createNetworkArea(platform: Platform): NetworkArea {
  const { db, clock, client, config, logger, homeTabs } = platform;
  const actors = new Actors({ db, clock, client, config, logger });
  const directory = new DirectoryReads({ db });
  const members = new MemberChanges({ db, client, config, homeTabs });
  const organizations = new OrganizationChanges({ db });
  const setup = new NetworkSetup({ db, config });
  const privacy = new PrivacyRequests(platform);
  platform.caches.push(actors.cache, directory.cache);
  return {
    feature: networkFeature({ directory, members, organizations, privacy, directMessages: platform.directMessages }),
    jobs: [],
    resolveActor: (userId, teamId) => actors.resolve(userId, teamId),
    fallbackLocale: (userId) => actors.fallbackLocale(userId),
    coordinatorIds: () => actors.coordinatorIds(),
    localeOf: (userId) => actors.localeOf(userId),
    memberIdsOf: (organizationIds) => directory.memberIdsOf(organizationIds),
    directory: (actor) => directory.directory(actor),
    organizations: (options) => directory.organizations(options),
    addMember: (actor, input) => members.addMember(actor, input),
    removeMember: (actor, userId) => members.removeMember(actor, userId),
    createOrganization: (actor, draft, submission) => organizations.createOrganization(actor, draft, submission),
    privacy,
    seedNetwork: () => setup.seedNetwork(),
    bootstrap: () => setup.bootstrap(),
  };
}
