import type { AppConfig } from '../../../platform/config';
import type { Knex } from '../../../platform/database/transaction';
import { requireCoordinator, requireMember } from '../domain/permissions';
import { findOrganization } from '../domain/rete-command';
import { validateOrganizationInput, type OrganizationField } from '../domain/organization-input';
import { COORDINATOR_BODY, ISONEW_ORGANIZATIONS } from '../domain/seed-data';
import type { Actor, MemberWithOrganization, Organization, Role } from '../domain/types';
import type { FieldErrors } from '../../../platform/input/validation';
import { AppError } from '../../../platform/errors';
import { isUniqueViolation } from '../../../platform/errors';
import type { Logger } from '../../../platform/logger';
import { withTimeout } from '../../../platform/timeout';
import { SLACK_LOOKUP_TIMEOUT_MS } from './actor-service';
import { ChangeCache } from '../../../platform/cache';
import { recordAudit } from '../../../platform/audit/audit-store';
import {
  countCoordinators,
  deleteMember,
  findMemberByUserId,
  insertMemberIfAbsent,
  listMembers,
  upsertMember,
} from '../store/members-store';
import {
  ensureOrganization,
  findOrganizationClash,
  insertAuditedOrganization,
  listOrganizations,
} from '../store/organizations-store';
import { withTransaction } from '../../../platform/database/transaction';
import type { SlackClient } from '../../../platform/slack/types';

export interface Directory {
  organizations: Organization[];
  members: MemberWithOrganization[];
}

export type AddMemberResult =
  | { kind: 'added'; member: MemberWithOrganization }
  | { kind: 'moved'; member: MemberWithOrganization; previous: MemberWithOrganization }
  | { kind: 'unchanged'; member: MemberWithOrganization };

export type CreateOrganizationResult =
  | { ok: true; organization: Organization }
  | { ok: false; errors: FieldErrors<OrganizationField> };

/** A member as stored in the audit log: ids and role, nothing typed by a user. */
function auditMember(m: MemberWithOrganization | undefined) {
  return m ? { userId: m.userId, organizationId: m.organizationId, role: m.role } : undefined;
}

export class NetworkService {
  constructor(private readonly deps: { db: Knex; client: SlackClient; config: Pick<AppConfig, 'adminUserIds'>; logger: Logger }) {}

  /** The directory, kept until a member or an organization changes (every member sees the same). */
  readonly directoryCache = new ChangeCache<Directory>(['members', 'organizations']);

  /** Members of these organizations (whose App Homes to refresh after a change), from the directory. */
  async memberIdsOf(organizationIds: readonly number[]): Promise<string[]> {
    const directory = await this.directoryCache.getOrLoad('directory', async () => {
      const [organizations, members] = await Promise.all([listOrganizations(this.deps.db), listMembers(this.deps.db)]);
      return { organizations, members };
    });
    const wanted = new Set(organizationIds);
    return directory.members.filter((m) => wanted.has(m.organizationId)).map((m) => m.userId);
  }

  async directory(actor: Actor): Promise<Directory> {
    requireMember(actor);
    return this.directoryCache.getOrLoad('directory', async () => {
      const [organizations, members] = await Promise.all([listOrganizations(this.deps.db), listMembers(this.deps.db)]);
      return { organizations, members };
    });
  }

  async organizations(options: { activeOnly?: boolean } = {}): Promise<Organization[]> {
    return listOrganizations(this.deps.db, options);
  }

  async addMember(actor: Actor, input: { userId: string; teamId: string | null; organizationQuery: string; role: Role }): Promise<AddMemberResult> {
    requireCoordinator(actor);
    const organizations = await listOrganizations(this.deps.db);
    const shortNames = organizations.filter((o) => o.active).map((o) => o.shortName).join(', ');
    if (!input.organizationQuery.trim()) throw new AppError('invalid_input', { reasonKey: 'network.add.missing_org', shortNames });
    const match = findOrganization(organizations, input.organizationQuery);
    if (match.kind === 'none') {
      throw new AppError('invalid_input', { reasonKey: 'network.add.unknown_org', query: input.organizationQuery, shortNames });
    }
    if (match.kind === 'ambiguous') {
      throw new AppError('invalid_input', {
        reasonKey: 'network.add.ambiguous_org',
        query: input.organizationQuery,
        matches: match.matches.map((o) => o.shortName).join(', '),
      });
    }
    const organization = match.organization;
    if (!organization.active) throw new AppError('invalid_input', { reasonKey: 'network.add.inactive_org', shortName: organization.shortName });
    if (await this.isBot(input.userId)) throw new AppError('invalid_input', { reasonKey: 'network.add.bot' });

    return withTransaction(this.deps.db, async (trx) => {
      const previous = await findMemberByUserId(trx, input.userId);
      if (previous && previous.organizationId === organization.id && previous.role === input.role) {
        return { kind: 'unchanged', member: previous };
      }
      if (previous?.role === 'coordinator' && input.role !== 'coordinator' && !this.deps.config.adminUserIds.includes(input.userId)) {
        await this.ensureAnotherCoordinator(trx, actor);
      }
      await upsertMember(trx, { userId: input.userId, teamId: input.teamId, organizationId: organization.id, role: input.role, addedBy: actor.userId });
      const member = (await findMemberByUserId(trx, input.userId))!;
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
  }

  async removeMember(actor: Actor, userId: string): Promise<MemberWithOrganization | undefined> {
    requireCoordinator(actor);
    if (this.deps.config.adminUserIds.includes(userId)) {
      throw new AppError('conflict', { reasonKey: 'network.remove.admin', userId });
    }
    return withTransaction(this.deps.db, async (trx) => {
      const previous = await findMemberByUserId(trx, userId);
      if (!previous) return undefined;
      if (previous.role === 'coordinator') await this.ensureAnotherCoordinator(trx, actor);
      await deleteMember(trx, userId);
      await recordAudit(trx, { actorUserId: actor.userId, action: 'member.remove', entity: 'member', entityId: userId, before: auditMember(previous) });
      return previous;
    });
  }

  async createOrganization(actor: Actor, raw: { name?: string | null; shortName?: string | null; kind?: string | null }): Promise<CreateOrganizationResult> {
    requireCoordinator(actor);
    const validated = validateOrganizationInput(raw);
    // Report a duplicate name even when another field is wrong, so the user fixes all at once.
    const invalid: FieldErrors<OrganizationField> = validated.ok ? {} : validated.errors;
    const name = validated.ok ? validated.value.name : invalid.name ? '' : (raw.name ?? '').trim();
    const shortName = validated.ok ? validated.value.shortName : invalid.shortName ? '' : (raw.shortName ?? '').trim();
    const taken = async (): Promise<FieldErrors<OrganizationField>> => {
      const clash = await findOrganizationClash(this.deps.db, name, shortName);
      return {
        ...(clash.name ? { name: { key: 'network.org.name_taken' } } : {}),
        ...(clash.shortName ? { shortName: { key: 'network.org.short_name_taken' } } : {}),
      };
    };
    const errors = { ...invalid, ...(await taken()) };
    if (!validated.ok || Object.keys(errors).length > 0) return { ok: false, errors };
    try {
      const { name: orgName, shortName: orgShortName, kind } = validated.value;
      const organization = await insertAuditedOrganization(this.deps.db, validated.value, {
        actorUserId: actor.userId,
        action: 'organization.create',
        entity: 'organization',
        after: { name: orgName, shortName: orgShortName, kind },
      });
      return { ok: true, organization };
    } catch (error) {
      // Stored by someone else since the check (the insert and its audit row were both refused).
      if (isUniqueViolation(error)) {
        const takenNow = await taken();
        if (Object.keys(takenNow).length > 0) return { ok: false, errors: takenNow };
      }
      throw error;
    }
  }

  /**
   * At start: the coordinator body exists and every ADMIN_USER_IDS user is in the directory
   * (as a coordinator of it) unless already placed elsewhere. Idempotent.
   */
  async bootstrap(): Promise<void> {
    await withTransaction(this.deps.db, async (trx) => {
      const { organization, created } = await ensureOrganization(trx, COORDINATOR_BODY);
      if (created) {
        await recordAudit(trx, { actorUserId: 'system', action: 'organization.create', entity: 'organization', entityId: organization.id, after: organization });
      }
      for (const userId of this.deps.config.adminUserIds) {
        if (await insertMemberIfAbsent(trx, { userId, organizationId: organization.id, role: 'coordinator', addedBy: 'system' })) {
          await recordAudit(trx, {
            actorUserId: 'system',
            action: 'member.add',
            entity: 'member',
            entityId: userId,
            after: { userId, organizationId: organization.id, role: 'coordinator' },
          });
        }
      }
    });
  }

  /** Loads the ISO.NEW organizations; running it again changes nothing. Returns how many were new. */
  async seedNetwork(): Promise<number> {
    return withTransaction(this.deps.db, async (trx) => {
      let created = 0;
      for (const seed of ISONEW_ORGANIZATIONS) {
        const result = await ensureOrganization(trx, seed);
        if (result.created) {
          created++;
          await recordAudit(trx, { actorUserId: 'system', action: 'organization.create', entity: 'organization', entityId: result.organization.id, after: result.organization });
        }
      }
      return created;
    });
  }

  private async ensureAnotherCoordinator(trx: Knex.Transaction, actor: Actor): Promise<void> {
    const remaining = (await countCoordinators(trx)) - 1 + this.deps.config.adminUserIds.length;
    if (remaining < 1) throw new AppError('conflict', { reasonKey: 'network.remove.last_coordinator', userId: actor.userId });
  }

  private async isBot(userId: string): Promise<boolean> {
    try {
      const info = await withTimeout(this.deps.client.users.info({ user: userId }), SLACK_LOOKUP_TIMEOUT_MS);
      return Boolean(info.user?.is_bot);
    } catch {
      return false;
    }
  }
}
