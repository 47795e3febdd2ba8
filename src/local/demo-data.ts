import type { Actor } from '../areas/network/domain/types';
import type { NetworkArea } from '../areas/network';
import { DEMO_USERS } from './demo-users';

/** The seed acts as the system, a coordinator: every change is audited with actor `system`. */
const SYSTEM: Actor = { userId: 'system', teamId: null, member: null, role: 'coordinator', isConfiguredAdmin: true, locale: 'it' };

/**
 * Loads the ISO.NEW organizations and the demo members through the network service (so each
 * member gets its audit row). Idempotent: returns how many members were added or changed.
 */
export async function seedDemo(network: Pick<NetworkArea, 'seedNetwork' | 'addMember'>, teamId: string | null = null): Promise<number> {
  await network.seedNetwork();
  let changed = 0;
  for (const user of DEMO_USERS) {
    const result = await network.addMember(SYSTEM, { userId: user.id, teamId, organizationQuery: user.organization, role: user.role });
    if (result.kind !== 'unchanged') changed++;
  }
  return changed;
}

/**
 * True when nobody is in the directory yet (a fresh database), not counting the ADMIN_USER_IDS
 * coordinators that every start adds.
 */
export async function directoryIsEmpty(network: Pick<NetworkArea, 'directory'>, adminUserIds: readonly string[] = []): Promise<boolean> {
  const { members } = await network.directory(SYSTEM);
  return members.every((m) => adminUserIds.includes(m.userId));
}
