import {
  ELIGIBILITY,
  emptyCounts,
  OFFER_PAGE_SIZE,
  type ContractType,
  type Eligibility,
  type OfferKind,
  type Offer,
  type OfferInput,
  type OfferListQuery,
  type OfferStatus,
  type Referral,
  type ReferralCounts,
  type ReferralStatus,
  type Sector,
} from '../domain/types';
import { auditInsert, type AuditEntry } from '../../../platform/audit/audit-store';
import { messageRequestInsert, type MessageRequest } from '../../../platform/outbox/published-messages-store';
import { claimInsert } from '../../../platform/slack/events-store';
import type { Knex, Queryable } from '../../../platform/database/transaction';
import type { Table } from '../../../platform/database/tables';

/** A row of `offers` as the drivers return it (migration 20261124100000). */
export interface OfferRow {
  id: number;
  organization_id: number;
  title: string;
  kind: OfferKind;
  sector: Sector;
  positions: number;
  /** Null for a course (migration 20261205120000). */
  contract_type: ContractType | null;
  weekly_hours: number | null;
  location: string;
  /** Calendar dates come back as 'YYYY-MM-DD' (src/platform/database sets the parsers). */
  start_date: string | null;
  end_date: string | null;
  deadline: string;
  requirements: string;
  /** jsonb: an array of eligibility names (a JSON text on some drivers). */
  eligibility: unknown;
  status: OfferStatus;
  status_changed_at: Date;
  filled_at: Date | null;
  closed_at: Date | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

export type OfferInsert = Pick<OfferRow, 'organization_id' | 'title' | 'sector' | 'positions' | 'contract_type' | 'location' | 'deadline' | 'created_by'> &
  Partial<Pick<OfferRow, 'kind' | 'end_date' | 'weekly_hours' | 'start_date' | 'requirements' | 'status' | 'status_changed_at' | 'filled_at' | 'closed_at' | 'created_at' | 'updated_at'>> & {
    /** JSON text of the eligibility array. */
    eligibility?: string;
  };

/** A row of `referrals` as the drivers return it (migration 20261124100000). */
export interface ReferralRow {
  id: number;
  offer_id: number;
  /** Null once anonymised. */
  candidate_code: string | null;
  referring_organization_id: number;
  note: string | null;
  status: ReferralStatus;
  status_changed_at: Date;
  interview_at: Date | null;
  closed_at: Date | null;
  anonymized_at: Date | null;
  created_by: string;
  created_at: Date;
  updated_at: Date;
}

type ReferralInsert = Pick<ReferralRow, 'offer_id' | 'referring_organization_id' | 'created_by'> &
  Partial<Pick<ReferralRow, 'candidate_code' | 'note' | 'status' | 'status_changed_at' | 'interview_at' | 'closed_at' | 'anonymized_at' | 'created_at' | 'updated_at'>>;

declare module 'knex/types/tables' {
  interface Tables {
    referrals: Table<ReferralRow, ReferralInsert>;
  }
}

/**
 * `offers`, typed by its row. Not in knex's Tables map yet: a cast in offers-reporting-store.ts
 * (offersBySectorAndContract) does not compile against the typed table; once it goes, declare
 * `offers: Table<OfferRow, OfferInsert>` above and use `q('offers')`.
 */
function offersTable(q: Queryable) {
  return q<OfferRow>('offers');
}

/** An offer with its organization's names, as the offer queries select it. */
type OfferWithOrganizationRow = Omit<OfferRow, 'closed_at' | 'updated_at'> & { org_name: string; org_short_name: string };

const OFFER_COLUMNS = [
  'f.id',
  'f.organization_id',
  'f.kind',
  'f.title',
  'f.sector',
  'f.positions',
  'f.contract_type',
  'f.weekly_hours',
  'f.location',
  'f.start_date',
  'f.end_date',
  'f.deadline',
  'f.requirements',
  'f.eligibility',
  'f.status',
  'f.status_changed_at',
  'f.filled_at',
  'f.created_by',
  'f.created_at',
  'o.name as org_name',
  'o.short_name as org_short_name',
];

function isEligibility(value: unknown): value is Eligibility {
  return ELIGIBILITY.some((e) => e === value);
}

/** The stored eligibility array (jsonb: parsed by the driver, or its JSON text), known names only. */
function toEligibility(value: unknown): Eligibility[] {
  const parsed: unknown = typeof value === 'string' ? JSON.parse(value) : value;
  return Array.isArray(parsed) ? parsed.filter(isEligibility) : [];
}

function toOffer(r: OfferWithOrganizationRow): Offer {
  return {
    id: r.id,
    kind: r.kind,
    organizationId: r.organization_id,
    organizationName: r.org_name,
    organizationShortName: r.org_short_name,
    title: r.title,
    sector: r.sector,
    positions: r.positions,
    contractType: r.contract_type,
    weeklyHours: r.weekly_hours ?? null,
    location: r.location,
    startDate: r.start_date ?? null,
    endDate: r.end_date ?? null,
    deadline: r.deadline,
    requirements: r.requirements,
    eligibility: toEligibility(r.eligibility),
    status: r.status,
    statusChangedAt: r.status_changed_at,
    filledAt: r.filled_at ?? null,
    createdBy: r.created_by,
    createdAt: r.created_at,
  };
}

function selectOffers(q: Queryable) {
  return q('offers as f').join('organizations as o', 'o.id', 'f.organization_id').select(OFFER_COLUMNS);
}

export type NewOffer = OfferInput & { createdBy: string; now: Date };

/** The columns an offer's fields are stored in: one mapping for the insert and the edit. */
function offerColumns(input: OfferInput) {
  return {
    kind: input.kind ?? 'job',
    organization_id: input.organizationId,
    title: input.title,
    sector: input.sector,
    positions: input.positions,
    contract_type: input.contractType,
    weekly_hours: input.weeklyHours,
    location: input.location,
    start_date: input.startDate,
    end_date: input.endDate ?? null,
    deadline: input.deadline,
    requirements: input.requirements,
    eligibility: JSON.stringify(input.eligibility),
  };
}

function offerInsert(q: Queryable, input: NewOffer) {
  const row: OfferInsert = {
    ...offerColumns(input),
    created_by: input.createdBy,
    created_at: input.now,
    updated_at: input.now,
    status_changed_at: input.now,
  };
  return offersTable(q).insert(row).returning('id');
}

/** Stores an offer as it is (no announcement, no audit: data imports and tests). */
export async function insertOffer(q: Queryable, input: NewOffer): Promise<number> {
  const [row] = await offerInsert(q, input);
  if (!row) throw new Error('the offer insert returned no id');
  return row.id;
}

/**
 * A new offer, the request for its announcement, its audit row and the claim of the form's
 * submission, in one statement (so one round trip, atomic on its own): the submission of the offer
 * form waits for it before its ack. A submission already claimed fails it whole (`isClaimTaken`).
 */
export async function insertAnnouncedOffer(
  q: Queryable,
  input: NewOffer,
  announcement: Omit<MessageRequest, 'entityId'>,
  audit: Omit<AuditEntry, 'entityId'>,
  submission?: string,
): Promise<number> {
  const newId = q.raw('(select id from new_offer)');
  const statement = submission ? q.with('submission', claimInsert(q, submission)) : q;
  const row: { id: number } | undefined = await statement
    .with('new_offer', offerInsert(q, input))
    .with('announcement', messageRequestInsert(q, { ...announcement, entityId: newId }))
    .with('audit', auditInsert(q, { ...audit, entityId: newId }))
    .select('id')
    .from('new_offer')
    .first();
  if (!row) throw new Error('the offer insert returned no id');
  return row.id;
}

export async function findOffer(q: Queryable, id: number, options: { forUpdate?: boolean } = {}): Promise<Offer | undefined> {
  const query = selectOffers(q).where('f.id', id);
  if (options.forUpdate) query.forUpdate('f');
  const row: OfferWithOrganizationRow | undefined = await query.first();
  return row ? toOffer(row) : undefined;
}

/**
 * One page of offers, newest first, with the total count in the same round trip. The count is a
 * subquery of its own, so the page itself stops after its rows (a window count would join and
 * number every matching offer first). The list is the most used read.
 */
export async function listOffers(
  q: Queryable,
  query: OfferListQuery & { organizationId: number | null },
): Promise<{ offers: Offer[]; total: number }> {
  const matching = (alias: string) => (b: Knex.QueryBuilder) => {
    if (query.filter === 'open') b.whereIn(`${alias}.status`, ['open', 'matching']);
    if (query.filter === 'mine') b.where(`${alias}.organization_id`, query.organizationId ?? -1);
    if (query.sector) b.where(`${alias}.sector`, query.sector);
    if (query.kind) b.where(`${alias}.kind`, query.kind);
  };
  const total = q('offers as c').count('*').where(matching('c')).as('total_count');
  const rows: Array<OfferWithOrganizationRow & { total_count: number }> = await selectOffers(q)
    .select(total)
    .where(matching('f'))
    .orderBy([
      { column: 'f.created_at', order: 'desc' },
      { column: 'f.id', order: 'desc' },
    ])
    .limit(OFFER_PAGE_SIZE)
    .offset((query.page - 1) * OFFER_PAGE_SIZE);
  if (rows.length === 0 && query.page > 1) {
    // Past the last page the count has no row to ride on: ask it alone, so the reader learns how many pages there are.
    const [counted] = await q('offers as c').count({ n: '*' }).where(matching('c'));
    return { offers: [], total: Number(counted?.n ?? 0) };
  }
  return { offers: rows.map(toOffer), total: Number(rows[0]?.total_count ?? 0) };
}

export async function allOffers(q: Queryable): Promise<Offer[]> {
  const rows: OfferWithOrganizationRow[] = await selectOffers(q).orderBy('f.id');
  return rows.map(toOffer);
}

export async function updateOfferStatus(q: Queryable, id: number, status: OfferStatus, now: Date): Promise<void> {
  const closed = status === 'filled' || status === 'withdrawn' || status === 'expired';
  await offersTable(q)
    .where({ id })
    .update({
      status,
      status_changed_at: now,
      updated_at: now,
      filled_at: status === 'filled' ? now : null,
      closed_at: closed ? now : null,
    });
}

/** Every field of an offer as edited (its status is changed apart). */
export async function updateOfferFields(q: Queryable, id: number, input: OfferInput, now: Date): Promise<void> {
  await offersTable(q)
    .where({ id })
    .update({
      ...offerColumns(input),
      updated_at: now,
    });
}

/** Corrects an offer's free texts (a redaction: the old text is not kept anywhere). */
export async function updateOfferTexts(q: Queryable, id: number, texts: Pick<OfferInput, 'title' | 'location' | 'requirements'>, now: Date): Promise<void> {
  await offersTable(q).where({ id }).update({ ...texts, updated_at: now });
}

/** Active offers whose deadline (a calendar date) is before `today`. */
export async function offersPastDeadline(q: Queryable, today: string): Promise<number[]> {
  const rows = await offersTable(q).select('id').whereIn('status', ['open', 'matching']).where('deadline', '<', today).orderBy('id');
  return rows.map((r) => r.id);
}

/** Active offers whose deadline falls between `from` and `to` (inclusive calendar dates). */
export async function offersWithDeadlineBetween(q: Queryable, from: string, to: string): Promise<Offer[]> {
  const rows: OfferWithOrganizationRow[] = await selectOffers(q).whereIn('f.status', ['open', 'matching']).whereBetween('f.deadline', [from, to]).orderBy('f.id');
  return rows.map(toOffer);
}

// Referrals

type ReferralWithOrganizationRow = ReferralRow & { org_short_name: string };

function toReferral(r: ReferralWithOrganizationRow): Referral {
  return {
    id: r.id,
    offerId: r.offer_id,
    candidateCode: r.candidate_code ?? null,
    referringOrganizationId: r.referring_organization_id,
    referringOrganizationShortName: r.org_short_name,
    note: r.note ?? null,
    status: r.status,
    statusChangedAt: r.status_changed_at,
    interviewAt: r.interview_at ?? null,
    closedAt: r.closed_at ?? null,
    createdAt: r.created_at,
    createdBy: r.created_by,
  };
}

function selectReferrals(q: Queryable) {
  return q('referrals as r').join('organizations as o', 'o.id', 'r.referring_organization_id').select('r.*', 'o.short_name as org_short_name');
}

/** Inserts the referral unless the code was already referred to this offer; undefined then. */
export async function insertReferral(
  q: Queryable,
  input: { offerId: number; candidateCode: string; referringOrganizationId: number; note: string; createdBy: string; now: Date },
): Promise<number | undefined> {
  const rows = await q('referrals')
    .insert({
      offer_id: input.offerId,
      candidate_code: input.candidateCode,
      referring_organization_id: input.referringOrganizationId,
      note: input.note || null,
      created_by: input.createdBy,
      created_at: input.now,
      updated_at: input.now,
      status_changed_at: input.now,
    })
    .onConflict(['offer_id', 'candidate_code'])
    .ignore()
    .returning('id');
  return rows[0]?.id;
}

export async function findReferral(q: Queryable, id: number, options: { forUpdate?: boolean } = {}): Promise<Referral | undefined> {
  const query = selectReferrals(q).where('r.id', id);
  if (options.forUpdate) query.forUpdate('r');
  const row: ReferralWithOrganizationRow | undefined = await query.first();
  return row ? toReferral(row) : undefined;
}

/** The referrals of an offer, optionally only those of one referring organization. */
export async function listReferrals(q: Queryable, offerId: number, referringOrganizationId?: number): Promise<Referral[]> {
  const query = selectReferrals(q).where('r.offer_id', offerId).orderBy('r.id');
  if (referringOrganizationId !== undefined) query.where('r.referring_organization_id', referringOrganizationId);
  const rows: ReferralWithOrganizationRow[] = await query;
  return rows.map(toReferral);
}

export async function updateReferralStatus(q: Queryable, id: number, status: ReferralStatus, now: Date): Promise<void> {
  const closes = status === 'hired' || status === 'not_selected' || status === 'withdrawn';
  await q('referrals')
    .where({ id })
    .update({
      status,
      status_changed_at: now,
      updated_at: now,
      ...(status === 'interview' ? { interview_at: now } : {}),
      ...(closes ? { closed_at: now } : {}),
    });
}

/** Corrects a referral's note (a redaction: the old text is kept nowhere); null empties it. */
export async function updateReferralNote(q: Queryable, id: number, note: string | null, now: Date): Promise<void> {
  await q('referrals').where({ id }).update({ note, updated_at: now });
}

export async function referralCounts(q: Queryable, offerIds: number[]): Promise<Map<number, ReferralCounts>> {
  const out = new Map<number, ReferralCounts>();
  if (offerIds.length === 0) return out;
  const rows = await q.raw<{ rows: Array<{ offer_id: number; status: ReferralStatus; n: number }> }>(
    `select offer_id, status, count(*) as n from referrals where offer_id in (${offerIds.map(() => '?').join(',')}) group by offer_id, status`,
    offerIds,
  );
  for (const r of rows.rows) {
    const counts = out.get(r.offer_id) ?? emptyCounts();
    counts[r.status] = r.n;
    out.set(r.offer_id, counts);
  }
  return out;
}

/**
 * Clears codes and notes of referrals closed before `cutoff`, and of referrals still open on
 * offers closed before it; status and dates stay for statistics. Returns the ids cleared.
 */
export async function anonymizeReferralsBefore(q: Queryable, cutoff: Date, now: Date): Promise<ErasedReferral[]> {
  const rows = await q('referrals')
    .whereNull('anonymized_at')
    .where((w) =>
      w
        .where('closed_at', '<', cutoff)
        .orWhereIn('offer_id', offersTable(q).select('id').whereIn('status', ['filled', 'withdrawn', 'expired']).where('closed_at', '<', cutoff)),
    )
    .update({ candidate_code: null, note: null, anonymized_at: now, updated_at: now })
    .returning(['id', 'offer_id', 'referring_organization_id']);
  return toErased(rows);
}

/** A referral whose code was just cleared (retention or erasure): what must be refreshed in Slack. */
export interface ErasedReferral {
  id: number;
  offerId: number;
  referringOrganizationId: number;
}

function toErased(rows: Array<Pick<ReferralRow, 'id' | 'offer_id' | 'referring_organization_id'>>): ErasedReferral[] {
  return rows.map((r) => ({ id: r.id, offerId: r.offer_id, referringOrganizationId: r.referring_organization_id })).sort((a, b) => a.id - b.id);
}

/** A referral as an access request shows it: the referral, with its offer's title and organizations. */
export interface ReferralOfCode {
  referral: Referral;
  offerKind: OfferKind;
  offerTitle: string;
  offerOrganizationId: number;
  offerOrganizationShortName: string;
}

/** Every referral of this candidate code, on any offer (an access request). */
export async function referralsWithCode(q: Queryable, code: string): Promise<ReferralOfCode[]> {
  const rows: Array<ReferralWithOrganizationRow & { offer_kind: OfferKind; offer_title: string; offer_organization_id: number; offer_org_short_name: string }> = await selectReferrals(q)
    .join('offers as f', 'f.id', 'r.offer_id')
    .join('organizations as fo', 'fo.id', 'f.organization_id')
    .select('f.kind as offer_kind', 'f.title as offer_title', 'f.organization_id as offer_organization_id', 'fo.short_name as offer_org_short_name')
    .where('r.candidate_code', code)
    .orderBy('r.id');
  return rows.map((r) => ({
    referral: toReferral(r),
    offerKind: r.offer_kind,
    offerTitle: r.offer_title,
    offerOrganizationId: Number(r.offer_organization_id),
    offerOrganizationShortName: r.offer_org_short_name,
  }));
}

/**
 * Erases a candidate code: its referrals keep status and dates (statistics) and lose the code and
 * the note, as retention does. Returns what was erased.
 */
export async function eraseReferralCode(q: Queryable, code: string, now: Date): Promise<ErasedReferral[]> {
  const rows = await q('referrals')
    .where('candidate_code', code)
    .update({ candidate_code: null, note: null, anonymized_at: now, updated_at: now })
    .returning(['id', 'offer_id', 'referring_organization_id']);
  return toErased(rows);
}
