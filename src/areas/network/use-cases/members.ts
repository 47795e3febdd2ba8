import type { AppConfig } from '../../../platform/config';
import { recordAudit } from '../../../platform/audit/audit-store';
import type { Db, Transaction } from '../../../platform/database/transaction';
import { AppError } from '../../../platform/errors';
import type { SlackClient } from '../../../platform/slack/types';
import type { HomeTabs } from '../../../platform/slack/home-tabs';
import { requireCoordinator } from '../domain/permissions';
import { findOrganization } from '../domain/rete-command';
import type { Actor, MemberWithOrganization, Role } from '../domain/types';
import { networkMessages } from '../messages';
import { countCoordinators, deleteMember, findMemberByUserId, upsertMember } from '../store/members-store';
import { listOrganizations } from '../store/organizations-store';
import { slackUserInfo } from './slack-users';

export type AddMemberResult =
  | { kind: 'added'; member: MemberWithOrganization }
  | { kind: 'moved'; member: MemberWithOrganization; previous: MemberWithOrganization }
  | { kind: 'unchanged'; member: MemberWithOrganization };

export interface AddMemberInput {
  userId: string;
  teamId: string | null;
  /** The organization as typed: its short name, its name, or a unique part of the name. */
  organizationQuery: string;
  role: Role;
}

/** A member as stored in the audit log: ids and role, nothing typed by a user. */
function auditMember(m: MemberWithOrganization | undefined) {
  return m ? { userId: m.userId, organizationId: m.organizationId, role: m.role } : undefined;
}

/** Adding, moving and removing members of the network (coordinators only); each change is audited. */
export class MemberChanges {
  constructor(
    private readonly deps: {
      db: Db;
      client: SlackClient;
      config: Pick<AppConfig, 'adminUserIds'>;
      homeTabs: Pick<HomeTabs, 'refresh'>;
    },
  ) {}

  async addMember(actor: Actor, input: AddMemberInput): Promise<AddMemberResult> {
    requireCoordinator(actor);
    const organizations = await listOrganizations(this.deps.db.q);
    const shortNames = organizations.filter((o) => o.active).map((o) => o.shortName).join(', ');
    if (!input.organizationQuery.trim()) throw new AppError('invalid_input', { reason: networkMessages.text((m) => m.add.missing_org({ shortNames })) });
    const match = findOrganization(organizations, input.organizationQuery);
    if (match.kind === 'none') {
      throw new AppError('invalid_input', { reason: networkMessages.text((m) => m.add.unknown_org({ query: input.organizationQuery, shortNames })) });
    }
    if (match.kind === 'ambiguous') {
      const matches = match.matches.map((o) => o.shortName).join(', ');
      throw new AppError('invalid_input', { reason: networkMessages.text((m) => m.add.ambiguous_org({ query: input.organizationQuery, matches })) });
    }
    const organization = match.organization;
    if (!organization.active) throw new AppError('invalid_input', { reason: networkMessages.text((m) => m.add.inactive_org({ shortName: organization.shortName })) });
    if (await this.isBot(input.userId)) throw new AppError('invalid_input', { reason: networkMessages.text((m) => m.add.bot) });

    const result = await this.deps.db.transaction(['members'], async (trx): Promise<AddMemberResult> => {
      const previous = await findMemberByUserId(trx, input.userId);
      if (previous && previous.organizationId === organization.id && previous.role === input.role) {
        return { kind: 'unchanged', member: previous };
      }
      if (previous?.role === 'coordinator' && input.role !== 'coordinator' && !this.deps.config.adminUserIds.includes(input.userId)) {
        await this.ensureAnotherCoordinator(trx);
      }
      const member = await upsertMember(trx, { userId: input.userId, teamId: input.teamId, organizationId: organization.id, role: input.role, addedBy: actor.userId });
      await recordAudit(trx, {
        actorUserId: actor.userId,
        action: previous ? 'member.update' : 'member.add',
        entity: 'member',
        entityId: input.userId,
        before: auditMember(previous),
        after: auditMember(member),
      });
      return previous ? { kind: 'moved', member, previous } : { kind: 'added', member };
    });
    if (result.kind !== 'unchanged') this.deps.homeTabs.refresh([input.userId]);
    return result;
  }

  /** Removes the user from the network; undefined when they were not in it (nothing changes). */
  async removeMember(actor: Actor, userId: string): Promise<MemberWithOrganization | undefined> {
    requireCoordinator(actor);
    if (this.deps.config.adminUserIds.includes(userId)) {
      throw new AppError('conflict', { reason: networkMessages.text((m) => m.remove.admin({ userId })) });
    }
    const removed = await this.deps.db.transaction(['members'], async (trx) => {
      const previous = await findMemberByUserId(trx, userId);
      if (!previous) return undefined;
      if (previous.role === 'coordinator') await this.ensureAnotherCoordinator(trx);
      await deleteMember(trx, userId);
      await recordAudit(trx, { actorUserId: actor.userId, action: 'member.remove', entity: 'member', entityId: userId, before: auditMember(previous) });
      return previous;
    });
    if (removed) this.deps.homeTabs.refresh([userId]);
    return removed;
  }

  /** The network keeps at least one coordinator (counting those configured by ADMIN_USER_IDS). */
  private async ensureAnotherCoordinator(trx: Transaction): Promise<void> {
    const remaining = (await countCoordinators(trx)) - 1 + this.deps.config.adminUserIds.length;
    if (remaining < 1) throw new AppError('conflict', { reason: networkMessages.text((m) => m.remove.last_coordinator) });
  }

  private async isBot(userId: string): Promise<boolean> {
    try {
      const info = await slackUserInfo(this.deps.client, userId);
      return Boolean(info.user?.is_bot);
    } catch {
      return false;
    }
  }
}
