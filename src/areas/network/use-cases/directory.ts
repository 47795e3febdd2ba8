import { ChangeCache } from '../../../platform/cache';
import type { Db } from '../../../platform/database/transaction';
import { requireMember } from '../domain/permissions';
import type { Actor, MemberWithOrganization, Organization, Role } from '../domain/types';
import { listMembers } from '../store/members-store';
import { listOrganizations } from '../store/organizations-store';

/** Every organization and every member: what `/rete lista` shows. */
export interface Directory {
  organizations: Organization[];
  members: MemberWithOrganization[];
}

/** Reading the directory: the whole of it, who belongs where, and who is asking. */
export class DirectoryReads {
  /** The directory, kept until a member or an organization changes (every member sees the same). */
  readonly cache = new ChangeCache<Directory>(['members', 'organizations']);

  constructor(private readonly deps: { db: Db }) {}

  /** The directory, for a member of the network. */
  async directory(actor: Actor): Promise<Directory> {
    requireMember(actor);
    return this.load();
  }

  /** The asking member themselves (`/rete io`); outsiders are refused. */
  whoAmI(actor: Actor): Actor & { role: Role } {
    requireMember(actor);
    return actor;
  }

  /** Members of these organizations (whose App Homes to refresh after a change), from the directory. */
  async memberIdsOf(organizationIds: readonly number[]): Promise<string[]> {
    const directory = await this.load();
    const wanted = new Set(organizationIds);
    return directory.members.filter((m) => wanted.has(m.organizationId)).map((m) => m.userId);
  }

  async organizations(options: { activeOnly?: boolean } = {}): Promise<Organization[]> {
    return listOrganizations(this.deps.db.q, options);
  }

  private load(): Promise<Directory> {
    return this.cache.getOrLoad('directory', async () => {
      const [organizations, members] = await Promise.all([listOrganizations(this.deps.db.q), listMembers(this.deps.db.q)]);
      return { organizations, members };
    });
  }
}
