import type { Organization } from '../../network';
import type { Rsvp } from './types';

export type OrganizationAttendanceStatus = 'confirmed' | 'maybe' | 'declined' | 'pending';

export interface OrganizationAttendance {
  organization: Organization;
  status: OrganizationAttendanceStatus;
  /** Who will be there for the organization: people who said yes and named delegates. */
  attending: string[];
}

/** The people who will attend: yes answers and delegates, each once. */
export function attendingUserIds(rsvps: readonly Rsvp[]): string[] {
  const ids = rsvps.flatMap((r) => (r.response === 'yes' ? [r.userId] : r.response === 'delegate' && r.delegateUserId ? [r.delegateUserId] : []));
  return [...new Set(ids)];
}

/**
 * One line per invited organization: confirmed when anyone will attend for it (in person or
 * through a delegate), otherwise maybe / declined from the answers given, otherwise pending.
 */
export function attendanceByOrganization(invited: readonly Organization[], rsvps: readonly Rsvp[]): OrganizationAttendance[] {
  return invited.map((organization) => {
    const answers = rsvps.filter((r) => r.organizationId === organization.id);
    const attending = attendingUserIds(answers);
    let status: OrganizationAttendanceStatus = 'pending';
    if (attending.length > 0) status = 'confirmed';
    else if (answers.some((r) => r.response === 'maybe')) status = 'maybe';
    else if (answers.some((r) => r.response === 'no')) status = 'declined';
    return { organization, status, attending };
  });
}

export function countByStatus(rows: readonly OrganizationAttendance[]): Record<OrganizationAttendanceStatus, number> {
  const counts: Record<OrganizationAttendanceStatus, number> = { confirmed: 0, maybe: 0, declined: 0, pending: 0 };
  for (const r of rows) counts[r.status]++;
  return counts;
}
