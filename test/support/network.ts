import type { Knex } from 'knex';
import { ISONEW_ORGANIZATIONS } from '../../src/areas/network/domain/seed-data';
import type { Locale } from '../../src/platform/i18n/locales';

export type TestRole = 'coordinator' | 'partner' | 'observer';

export interface TestMember {
  user: string;
  /** The organization's short name (`LEGACOOP`, `UEPE`…). */
  org: string;
  role?: TestRole;
  locale?: Locale;
}

export interface TestNetwork {
  /** Organization ids by short name. */
  orgs: Record<string, number>;
}

/**
 * The network under test, written straight to the database as an administrator would: the nine
 * ISO.NEW organizations (as `npm run seed` loads them) and the given members. Replaces the setup
 * each suite used to copy. Pass a writer that lets the app hear of the change (TestApp.byHand).
 */
export async function buildNetwork(
  write: <T>(work: (knex: Knex) => Promise<T>) => Promise<T>,
  members: readonly TestMember[] = [],
  options: { addedBy?: string; now?: Date } = {},
): Promise<TestNetwork> {
  return write(async (knex) => {
    const orgs: Record<string, number> = {};
    for (const seed of ISONEW_ORGANIZATIONS) {
      const [row] = (await knex('organizations')
        .insert({ name: seed.name, short_name: seed.shortName, kind: seed.kind, is_coordinator_body: seed.isCoordinatorBody ?? false })
        .onConflict('short_name')
        .merge({ name: seed.name })
        .returning(['id', 'short_name'])) as Array<{ id: number; short_name: string }>;
      if (row) orgs[row.short_name] = row.id;
    }
    for (const member of members) {
      const organizationId = orgs[member.org];
      if (organizationId === undefined) throw new Error(`no organization ${member.org} in the test network`);
      await knex('members')
        .insert({
          user_id: member.user,
          organization_id: organizationId,
          role: member.role ?? 'partner',
          locale: member.locale ?? null,
          locale_checked_at: member.locale ? (options.now ?? new Date('2026-01-01T00:00:00Z')) : null,
          added_by: options.addedBy ?? 'UCOORD01',
        })
        .onConflict('user_id')
        .merge();
    }
    return { orgs };
  });
}
