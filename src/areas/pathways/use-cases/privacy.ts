import { listMembers } from '../../network';
import type { CodeHolder } from '../../../platform/privacy';
import type { JsonValue } from '../../../platform/outbox/outbox-store';
import { anonymisePathways, pathwayRecordsForCode } from '../store/pathways-store';

function json(value: unknown): JsonValue {
  return JSON.parse(JSON.stringify(value)) as JsonValue;
}

/**
 * The pathways' part of an access request and of an erasure (DESIGN.md §7): everything held about
 * a code, and its anonymisation (the dates and coded outcomes stay for the ESF counts; the code
 * and the notes go). Registered with the platform's code holders.
 */
export function pathwaysCodeHolder(): CodeHolder {
  return {
    area: 'pathways',
    tables: ['pathways', 'pathway_milestones', 'pathway_organizations'],
    async access(q, code) {
      const records = await pathwayRecordsForCode(q, code);
      return records.pathways.map((p) => ({
        pathway: json(p),
        organizations: json(records.organizations.filter((o) => o.pathway_id === p.id)),
        milestones: json(records.milestones.filter((m) => m.pathway_id === p.id)),
      }));
    },
    async erase(trx, code, now) {
      const { organizationIds } = await anonymisePathways(trx, { code }, now);
      const members = organizationIds.length ? await listMembers(trx, { organizationIds }) : [];
      return { homes: members.map((m) => m.userId), messages: [], posts: [] };
    },
  };
}
