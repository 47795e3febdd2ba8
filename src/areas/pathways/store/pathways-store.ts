import type { Table } from '../../../platform/database/tables';
import type { Knex, Queryable } from '../../../platform/database/transaction';
import { CONTRACT_TYPES } from '../../offers';
import type { MilestoneInput, PathwayInput } from '../domain/pathway-input';
import { MILESTONE_KINDS, type DueMilestone, type Milestone, type MilestoneKind, type MilestoneOutcome, type Pathway, type PathwayOrganization } from '../domain/types';
import { EXIT_STATUSES, FOLLOW_UP_OUTCOMES, STEP_OUTCOMES } from '../domain/types';

/** Rows of migration 20261204180000_pathways. */
export interface PathwayRow {
  id: number;
  candidate_code: string;
  owner_organization_id: number;
  consent_on: string;
  created_by: string;
  created_at: Date;
  updated_at: Date;
  exited_on: string | null;
  anonymised_at: Date | null;
}

export interface PathwayOrganizationRow {
  pathway_id: number;
  organization_id: number;
  consented: boolean;
  involved: boolean;
}

export interface MilestoneRow {
  id: number;
  pathway_id: number;
  kind: string;
  planned_on: string | null;
  done_on: string | null;
  responsible_organization_id: number;
  outcome: string | null;
  qualification: boolean;
  same_employer: boolean | null;
  contract_type: string | null;
  note: string | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

declare module 'knex/types/tables' {
  interface Tables {
    pathways: Table<PathwayRow, Omit<PathwayRow, 'id' | 'exited_on' | 'anonymised_at'> & Partial<Pick<PathwayRow, 'exited_on' | 'anonymised_at'>>>;
    pathway_organizations: Table<PathwayOrganizationRow>;
    pathway_milestones: Table<MilestoneRow, Omit<MilestoneRow, 'id'>>;
  }
}

const OUTCOMES: readonly MilestoneOutcome[] = [...STEP_OUTCOMES, ...EXIT_STATUSES, ...FOLLOW_UP_OUTCOMES];

function toKind(value: string): MilestoneKind {
  const kind = MILESTONE_KINDS.find((k) => k === value);
  // The CHECK constraint admits only these; anything else is a schema the code does not know.
  if (!kind) throw new Error(`unknown milestone kind ${value}`);
  return kind;
}

export function toMilestone(r: MilestoneRow): Milestone {
  return {
    id: r.id,
    pathwayId: r.pathway_id,
    kind: toKind(r.kind),
    plannedOn: r.planned_on,
    doneOn: r.done_on,
    responsibleOrganizationId: r.responsible_organization_id,
    outcome: OUTCOMES.find((o) => o === r.outcome) ?? null,
    qualification: r.qualification,
    sameEmployer: r.same_employer,
    contractType: CONTRACT_TYPES.find((c) => c === r.contract_type) ?? null,
    note: r.note,
  };
}

/** A new pathway, or undefined when an open one already has this code (the unique index decides). */
export async function insertPathway(q: Queryable, input: PathwayInput, createdBy: string, now: Date): Promise<number | undefined> {
  const [row] = await q('pathways')
    .insert({
      candidate_code: input.candidateCode,
      owner_organization_id: input.ownerOrganizationId,
      consent_on: input.consentOn,
      created_by: createdBy,
      created_at: now,
      updated_at: now,
    })
    .onConflict()
    .ignore()
    .returning('id');
  if (!row) return undefined;
  const consented = input.consentedOrganizationIds.filter((id) => id !== input.ownerOrganizationId);
  if (consented.length > 0) {
    await q('pathway_organizations').insert(consented.map((organizationId) => ({ pathway_id: row.id, organization_id: organizationId, consented: true, involved: false })));
  }
  return row.id;
}

/** Sets which of the consented organizations are involved; returns the involved ids before. */
export async function setInvolved(q: Queryable, pathwayId: number, involvedIds: readonly number[]): Promise<number[]> {
  const before = await q('pathway_organizations').where({ pathway_id: pathwayId, involved: true }).pluck('organization_id');
  await q('pathway_organizations').where({ pathway_id: pathwayId }).whereNotIn('organization_id', involvedIds).update({ involved: false });
  if (involvedIds.length > 0) await q('pathway_organizations').where({ pathway_id: pathwayId }).whereIn('organization_id', involvedIds).update({ involved: true });
  return before.map(Number);
}

interface PathwayJoinRow extends PathwayRow {
  owner_short_name: string;
}

async function organizationsOf(q: Queryable, pathwayIds: readonly number[]): Promise<Map<number, PathwayOrganization[]>> {
  const rows = await q('pathway_organizations as po')
    .join('organizations as o', 'o.id', 'po.organization_id')
    .whereIn('po.pathway_id', pathwayIds)
    .orderBy('o.short_name')
    .select<Array<PathwayOrganizationRow & { short_name: string; name: string }>>('po.pathway_id', 'po.organization_id', 'po.consented', 'po.involved', 'o.short_name', 'o.name');
  const out = new Map<number, PathwayOrganization[]>();
  for (const r of rows) {
    const list = out.get(r.pathway_id) ?? [];
    list.push({ organizationId: r.organization_id, shortName: r.short_name, name: r.name, consented: r.consented, involved: r.involved });
    out.set(r.pathway_id, list);
  }
  return out;
}

async function milestonesOf(q: Queryable, pathwayIds: readonly number[]): Promise<Map<number, Milestone[]>> {
  const rows = await q('pathway_milestones')
    .whereIn('pathway_id', pathwayIds)
    .orderByRaw('coalesce(done_on, planned_on), id')
    .select<MilestoneRow[]>('*');
  const out = new Map<number, Milestone[]>();
  for (const r of rows) {
    const list = out.get(r.pathway_id) ?? [];
    list.push(toMilestone(r));
    out.set(r.pathway_id, list);
  }
  return out;
}

function selectPathways(q: Queryable) {
  return q('pathways as p')
    .join('organizations as o', 'o.id', 'p.owner_organization_id')
    .whereNull('p.anonymised_at')
    .select<PathwayJoinRow[]>('p.*', 'o.short_name as owner_short_name');
}

async function assemble(q: Queryable, rows: PathwayJoinRow[]): Promise<Pathway[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const [organizations, milestones] = await Promise.all([organizationsOf(q, ids), milestonesOf(q, ids)]);
  return rows.map((r) => ({
    id: r.id,
    candidateCode: r.candidate_code,
    ownerOrganizationId: r.owner_organization_id,
    ownerShortName: r.owner_short_name,
    consentOn: r.consent_on,
    createdAt: r.created_at,
    exitedOn: r.exited_on,
    organizations: organizations.get(r.id) ?? [],
    milestones: milestones.get(r.id) ?? [],
  }));
}

export async function findPathway(q: Queryable, id: number, options: { forUpdate?: boolean } = {}): Promise<Pathway | undefined> {
  const query = selectPathways(q).where('p.id', id);
  if (options.forUpdate) query.forUpdate('p');
  const [pathway] = await assemble(q, await query);
  return pathway;
}

export async function findPathwayByCode(q: Queryable, code: string): Promise<Pathway | undefined> {
  const [pathway] = await assemble(q, await selectPathways(q).whereRaw('upper(p.candidate_code) = ?', [code.toUpperCase()]));
  return pathway;
}

type Viewer = { isCoordinator: boolean; organizationId: number | null };

/** Narrows a query of `pathways as p` to those a viewer may see (canSeePathway, in SQL). */
function visibleTo(q: Queryable, query: Knex.QueryBuilder, viewer: Viewer): void {
  if (viewer.isCoordinator) return;
  const org = viewer.organizationId ?? -1;
  query.where((w) =>
    w
      .where('p.owner_organization_id', org)
      .orWhereExists(q('pathway_organizations as po').whereRaw('po.pathway_id = p.id').where({ 'po.organization_id': org, 'po.consented': true, 'po.involved': true })),
  );
}

/** The pathways a viewer may see: every one for a coordinator; otherwise owned, or involved with consent. */
export async function listVisiblePathways(q: Queryable, viewer: Viewer, limit: number): Promise<Pathway[]> {
  const query = selectPathways(q).orderBy('p.created_at', 'desc').orderBy('p.id', 'desc').limit(limit);
  visibleTo(q, query, viewer);
  return assemble(q, await query);
}

/** Of these codes (upper case), those with an open pathway the viewer may see, with its id. */
export async function visiblePathwayCodes(q: Queryable, codes: readonly string[], viewer: Viewer): Promise<Array<{ id: number; code: string }>> {
  if (codes.length === 0) return [];
  const query = q('pathways as p')
    .whereNull('p.anonymised_at')
    .whereRaw(`upper(p.candidate_code) in (${codes.map(() => '?').join(', ')})`, codes.map((c) => c.toUpperCase()))
    .select<Array<{ id: number; code: string }>>('p.id', q.raw('upper(p.candidate_code) as code'));
  visibleTo(q, query, viewer);
  return (await query).map((r) => ({ id: Number(r.id), code: r.code }));
}

export async function findMilestone(q: Queryable, id: number): Promise<Milestone | undefined> {
  const row = await q('pathway_milestones').where({ id }).first();
  return row ? toMilestone(row) : undefined;
}

/** The columns a milestone's fields are stored in: one mapping for the insert and the update (whose kind never changes). */
function milestoneColumns(input: MilestoneInput) {
  return {
    kind: input.kind,
    planned_on: input.plannedOn,
    done_on: input.doneOn,
    responsible_organization_id: input.responsibleOrganizationId,
    outcome: input.outcome,
    qualification: input.qualification,
    same_employer: input.sameEmployer,
    contract_type: input.contractType,
    note: input.note,
  };
}

export async function insertMilestone(q: Queryable, pathwayId: number, input: MilestoneInput, createdBy: string, now: Date): Promise<number> {
  const [row] = await q('pathway_milestones')
    .insert({
      pathway_id: pathwayId,
      ...milestoneColumns(input),
      created_by: createdBy,
      created_at: now,
      updated_at: now,
    })
    .returning('id');
  if (!row) throw new Error('the milestone insert returned no id');
  return row.id;
}

export async function updateMilestone(q: Queryable, id: number, input: MilestoneInput, now: Date): Promise<void> {
  const { kind: _kind, ...columns } = milestoneColumns(input);
  await q('pathway_milestones').where({ id }).update({ ...columns, updated_at: now });
}

export async function setExitedOn(q: Queryable, pathwayId: number, exitedOn: string | null, now: Date): Promise<void> {
  await q('pathways').where({ id: pathwayId }).update({ exited_on: exitedOn, updated_at: now });
}

/** Follow-ups not yet planned for this pathway (an exit recorded twice creates them once). */
export async function missingFollowUps(q: Queryable, pathwayId: number, kinds: readonly MilestoneKind[]): Promise<MilestoneKind[]> {
  const present = await q('pathway_milestones').where({ pathway_id: pathwayId }).whereIn('kind', kinds).pluck('kind');
  return kinds.filter((k) => !present.includes(k));
}

interface DueRow {
  id: number;
  pathway_id: number;
  candidate_code: string;
  kind: string;
  planned_on: string;
  responsible_organization_id: number;
}

/** What a due milestone is read with, joined to its pathway (`m` milestones, `p` pathways). */
const DUE_COLUMNS = ['m.id', 'm.pathway_id', 'p.candidate_code', 'm.kind', 'm.planned_on', 'm.responsible_organization_id'];

function toDue(r: DueRow): DueMilestone {
  return {
    milestoneId: r.id,
    pathwayId: r.pathway_id,
    candidateCode: r.candidate_code,
    kind: toKind(r.kind),
    plannedOn: r.planned_on,
    responsibleOrganizationId: r.responsible_organization_id,
  };
}

/** Follow-ups due by `today` and not recorded, on pathways still open to reading (not anonymised). */
export async function dueFollowUps(q: Queryable, today: string): Promise<DueMilestone[]> {
  const rows = await q('pathway_milestones as m')
    .join('pathways as p', 'p.id', 'm.pathway_id')
    .whereNull('p.anonymised_at')
    .whereNull('m.done_on')
    .whereIn('m.kind', ['followup_6', 'followup_12'])
    .where('m.planned_on', '<=', today)
    .orderBy('m.planned_on')
    .orderBy('m.id')
    .select<DueRow[]>(DUE_COLUMNS);
  return rows.map(toDue);
}

/** Milestones not done, planned in [from, to], on pathways the organization owns or follows (all for a coordinator). */
export async function upcomingMilestones(
  q: Queryable,
  viewer: { isCoordinator: boolean; organizationId: number | null },
  range: { from: string; to: string },
): Promise<DueMilestone[]> {
  const query = q('pathway_milestones as m')
    .join('pathways as p', 'p.id', 'm.pathway_id')
    .whereNull('p.anonymised_at')
    .whereNull('m.done_on')
    .whereBetween('m.planned_on', [range.from, range.to])
    .orderBy('m.planned_on')
    .orderBy('m.id')
    .limit(20)
    .select<DueRow[]>(DUE_COLUMNS);
  if (!viewer.isCoordinator) {
    const org = viewer.organizationId ?? -1;
    query.where((w) =>
      w
        .where('p.owner_organization_id', org)
        .orWhere('m.responsible_organization_id', org)
        .orWhereExists(q('pathway_organizations as po').whereRaw('po.pathway_id = p.id').where({ 'po.organization_id': org, 'po.consented': true, 'po.involved': true })),
    );
  }
  const rows = await query;
  return rows.map(toDue);
}

/** Every row the app holds about a code, for an access request. */
export async function pathwayRecordsForCode(q: Queryable, code: string): Promise<{ pathways: PathwayRow[]; organizations: PathwayOrganizationRow[]; milestones: MilestoneRow[] }> {
  const pathways = await q('pathways').whereRaw('upper(candidate_code) = ?', [code.toUpperCase()]).select('*');
  const ids = pathways.map((p) => p.id);
  const organizations = ids.length ? await q('pathway_organizations').whereIn('pathway_id', ids).select('*') : [];
  const milestones = ids.length ? await q('pathway_milestones').whereIn('pathway_id', ids).orderBy('id').select('*') : [];
  return { pathways, organizations, milestones };
}

/**
 * Forgets a code: the pathways keep their dates and coded outcomes for the statistics, with the
 * code replaced by a marker and the notes dropped. Returns the organizations that followed them.
 */
export async function anonymisePathways(q: Queryable, where: { code: string } | { exitedBefore: string }, now: Date): Promise<{ pathwayIds: number[]; organizationIds: number[] }> {
  const target = q('pathways').whereNull('anonymised_at');
  if ('code' in where) target.whereRaw('upper(candidate_code) = ?', [where.code.toUpperCase()]);
  else target.where('exited_on', '<', where.exitedBefore);
  const rows = await target.select('id', 'owner_organization_id');
  if (rows.length === 0) return { pathwayIds: [], organizationIds: [] };
  const ids = rows.map((r) => r.id);
  await q('pathways')
    .whereIn('id', ids)
    .update({ candidate_code: q.raw(`'ANON-' || id::text`), anonymised_at: now, updated_at: now });
  await q('pathway_milestones').whereIn('pathway_id', ids).update({ note: null, updated_at: now });
  const involved = await q('pathway_organizations').whereIn('pathway_id', ids).where({ involved: true }).pluck('organization_id');
  return { pathwayIds: ids, organizationIds: [...new Set([...rows.map((r) => r.owner_organization_id), ...involved.map(Number)])] };
}
