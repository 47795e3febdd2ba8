import { AppError } from '../../../platform/errors';
import { commonMessages } from '../../../platform/i18n/common';
import type { Actor, MemberWithOrganization, Role } from './types';

export function isCoordinator(actor: Actor): boolean {
  return actor.role === 'coordinator';
}

/** A member who can read network data (every role). Throws not_member for outsiders. */
export function requireMember(actor: Actor): asserts actor is Actor & { role: Role } {
  if (!actor.role) throw new AppError('not_member');
}

/** A member who can change things: coordinators and partners, not observers. */
export function requireContributor(actor: Actor): asserts actor is Actor & { role: Role } {
  requireMember(actor);
  if (actor.role === 'observer') throw new AppError('forbidden', { reason: commonMessages.text((m) => m.reasons.observers_read_only) });
}

export function requireCoordinator(actor: Actor): void {
  requireMember(actor);
  if (actor.role !== 'coordinator') throw new AppError('forbidden', { reason: commonMessages.text((m) => m.reasons.coordinators_only) });
}

/** The organization an actor acts for; coordinators configured only by ADMIN_USER_IDS may have none. */
export function actorOrganizationId(actor: Actor): number | null {
  return actor.member?.organizationId ?? null;
}

/** True when `member` belongs to the organization, or the actor coordinates the network. */
export function actsFor(actor: Actor, organizationId: number): boolean {
  return isCoordinator(actor) || actor.member?.organizationId === organizationId;
}

export function describeMember(m: MemberWithOrganization): string {
  return `${m.userId}@${m.organization.shortName}`;
}
