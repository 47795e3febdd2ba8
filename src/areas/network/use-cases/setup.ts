import type { AppConfig } from '../../../platform/config';
import { recordAudit } from '../../../platform/audit/audit-store';
import type { Db } from '../../../platform/database/transaction';
import { COORDINATOR_BODY, ISONEW_ORGANIZATIONS } from '../domain/seed-data';
import { insertMemberIfAbsent } from '../store/members-store';
import { ensureOrganization } from '../store/organizations-store';

/** The network as it must be at start (the coordinator body and the configured admins), and the seed. */
export class NetworkSetup {
  constructor(private readonly deps: { db: Db; config: Pick<AppConfig, 'adminUserIds'> }) {}

  /**
   * At start: the coordinator body exists and every ADMIN_USER_IDS user is in the directory
   * (as a coordinator of it) unless already placed elsewhere. Idempotent.
   */
  async bootstrap(): Promise<void> {
    await this.deps.db.transaction(['organizations', 'members'], async (trx) => {
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
    return this.deps.db.transaction(['organizations'], async (trx) => {
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
}
