import type { Eligibility, Offer, OfferInput, OfferListQuery, OfferStatus, Referral, ReferralCounts, ReferralStatus } from '../domain/types';
import { emptyCounts, OFFER_PAGE_SIZE } from '../domain/types';
import { auditInsert, type AuditEntry } from '../../../platform/audit/audit-store';
import { messageRequestInsert, type MessageRequest } from '../../../platform/outbox/published-messages-store';
import { type Knex, type Queryable } from '../../../platform/database/transaction';

const OFFER_COLUMNS = [
  'f.id',
  'f.organization_id',
  'f.title',
  'f.sector',
  'f.positions',
  'f.contract_type',
  'f.weekly_hours',
  'f.location',
  'f.start_date',
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

function toOffer(r: Record<string, unknown>): Offer {
  const eligibility = typeof r.eligibility === 'string' ? (JSON.parse(r.eligibility) as Eligibility[]) : (r.eligibility as Eligibility[]);
  return {
    id: Number(r.id),
    organizationId: Number(r.organization_id),
    organizationName: r.org_name as string,
    organizationShortName: r.org_short_name as string,
    title: r.title as string,
    sector: r.sector as Offer['sector'],
    positions: Number(r.positions),
    contractType: r.contract_type as Offer['contractType'],
    weeklyHours: r.weekly_hours === null || r.weekly_hours === undefined ? null : Number(r.weekly_hours),
    location: r.location as string,
    startDate: (r.start_date as string | null) ?? null,
    deadline: r.deadline as string,
    requirements: r.requirements as string,
    eligibility,
    status: r.status as OfferStatus,
    statusChangedAt: r.status_changed_at as Date,
    filledAt: (r.filled_at as Date | null) ?? null,
    createdBy: r.created_by as string,
    createdAt: r.created_at as Date,
  };
}

function selectOffers(q: Queryable) {
  return q('offers as f').join('organizations as o', 'o.id', 'f.organization_id').select(OFFER_COLUMNS);
}

type NewOffer = OfferInput & { createdBy: string; now: Date };

function offerInsert(q: Queryable, input: NewOffer): Knex.QueryBuilder {
  return q('offers')
    .insert({
      organization_id: input.organizationId,
      title: input.title,
      sector: input.sector,
      positions: input.positions,
      contract_type: input.contractType,
      weekly_hours: input.weeklyHours,
      location: input.location,
      start_date: input.startDate,
      deadline: input.deadline,
      requirements: input.requirements,
      eligibility: JSON.stringify(input.eligibility),
      created_by: input.createdBy,
      created_at: input.now,
      updated_at: input.now,
      status_changed_at: input.now,
    })
    .returning('id');
}

export async function insertOffer(q: Queryable, input: NewOffer): Promise<number> {
  const [row] = (await offerInsert(q, input)) as Array<{ id: number }>;
  return Number(row!.id);
}

/**
 * A new offer, the request for its announcement and its audit row, in one statement (so one round
 * trip, atomic on its own): the submission of the offer form waits for it before its ack.
 */
export async function insertAnnouncedOffer(
  q: Queryable,
  input: NewOffer,
  announcement: Omit<MessageRequest, 'entityId'>,
  audit: Omit<AuditEntry, 'entityId'>,
): Promise<number> {
  const newId = q.raw('(select id from new_offer)');
  const row = (await q
    .with('new_offer', offerInsert(q, input))
    .with('announcement', messageRequestInsert(q, { ...announcement, entityId: newId }))
    .with('audit', auditInsert(q, { ...audit, entityId: newId }))
    .select('id')
    .from('new_offer')
    .first()
    ) as { id: number };
  return Number(row.id);
}

export async function findOffer(q: Queryable, id: number, options: { forUpdate?: boolean } = {}): Promise<Offer | undefined> {
  const query = selectOffers(q).where('f.id', id);
  if (options.forUpdate) query.forUpdate('f');
  const row = (await query.first()) as Record<string, unknown> | undefined;
  return row ? toOffer(row) : undefined;
}

/**
 * One page of offers, newest first, with the total count in the same round trip. The count is a
 * subquery of its own, so the page itself stops after its rows (a window count would join and
 * number every matching offer first). Prepared: the list is the most used read.
 */
export async function listOffers(
  q: Queryable,
  query: OfferListQuery & { organizationId: number | null },
): Promise<{ offers: Offer[]; total: number }> {
  const matching = (alias: string) => (b: Knex.QueryBuilder) => {
    if (query.filter === 'open') b.whereIn(`${alias}.status`, ['open', 'matching']);
    if (query.filter === 'mine') b.where(`${alias}.organization_id`, query.organizationId ?? -1);
    if (query.sector) b.where(`${alias}.sector`, query.sector);
  };
  const total = q('offers as c').count('*').where(matching('c')).as('total_count');
  const rows = (await selectOffers(q)
    .select(total)
    .where(matching('f'))
    .orderBy([{ column: 'f.created_at', order: 'desc' }, { column: 'f.id', order: 'desc' }])
    .limit(OFFER_PAGE_SIZE)
    .offset((query.page - 1) * OFFER_PAGE_SIZE)
    ) as Array<Record<string, unknown>>;
  return { offers: rows.map(toOffer), total: rows.length ? Number(rows[0]!.total_count) : 0 };
}

export async function allOffers(q: Queryable): Promise<Offer[]> {
  return ((await selectOffers(q).orderBy('f.id')) as Array<Record<string, unknown>>).map(toOffer);
}

export async function updateOfferStatus(q: Queryable, id: number, status: OfferStatus, now: Date): Promise<void> {
  const closed = status === 'filled' || status === 'withdrawn' || status === 'expired';
  await q('offers')
    .where({ id })
    .update({
      status,
      status_changed_at: now,
      updated_at: now,
      filled_at: status === 'filled' ? now : null,
      closed_at: closed ? now : null,
    });
}

/** Active offers whose deadline (a calendar date) is before `today`. */
export async function offersPastDeadline(q: Queryable, today: string): Promise<number[]> {
  const rows = (await q('offers').select('id').whereIn('status', ['open', 'matching']).where('deadline', '<', today).orderBy('id')) as Array<{ id: number }>;
  return rows.map((r) => Number(r.id));
}

/** Active offers whose deadline falls between `from` and `to` (inclusive calendar dates). */
export async function offersWithDeadlineBetween(q: Queryable, from: string, to: string): Promise<Offer[]> {
  const rows = (await selectOffers(q).whereIn('f.status', ['open', 'matching']).whereBetween('f.deadline', [from, to]).orderBy('f.id')) as Array<
    Record<string, unknown>
  >;
  return rows.map(toOffer);
}

// Referrals

function toReferral(r: Record<string, unknown>): Referral {
  return {
    id: Number(r.id),
    offerId: Number(r.offer_id),
    candidateCode: (r.candidate_code as string | null) ?? null,
    referringOrganizationId: Number(r.referring_organization_id),
    referringOrganizationShortName: r.org_short_name as string,
    note: (r.note as string | null) ?? null,
    status: r.status as ReferralStatus,
    statusChangedAt: r.status_changed_at as Date,
    interviewAt: (r.interview_at as Date | null) ?? null,
    closedAt: (r.closed_at as Date | null) ?? null,
    createdAt: r.created_at as Date,
    createdBy: r.created_by as string,
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
  const row = rows[0] as { id: number } | undefined;
  return row ? Number(row.id) : undefined;
}

export async function findReferral(q: Queryable, id: number, options: { forUpdate?: boolean } = {}): Promise<Referral | undefined> {
  const query = selectReferrals(q).where('r.id', id);
  if (options.forUpdate) query.forUpdate('r');
  const row = (await query.first()) as Record<string, unknown> | undefined;
  return row ? toReferral(row) : undefined;
}

/** The referrals of an offer, optionally only those of one referring organization. */
export async function listReferrals(q: Queryable, offerId: number, referringOrganizationId?: number): Promise<Referral[]> {
  const query = selectReferrals(q).where('r.offer_id', offerId).orderBy('r.id');
  if (referringOrganizationId !== undefined) query.where('r.referring_organization_id', referringOrganizationId);
  return ((await query) as Array<Record<string, unknown>>).map(toReferral);
}

export async function updateReferralStatus(q: Queryable, id: number, status: ReferralStatus, now: Date): Promise<void> {
  const patch: Record<string, unknown> = { status, status_changed_at: now, updated_at: now };
  if (status === 'interview') patch.interview_at = now;
  if (status === 'hired' || status === 'not_selected' || status === 'withdrawn') patch.closed_at = now;
  await q('referrals').where({ id }).update(patch);
}

export async function referralCounts(q: Queryable, offerIds: number[]): Promise<Map<number, ReferralCounts>> {
  const out = new Map<number, ReferralCounts>();
  if (offerIds.length === 0) return out;
  const rows = (await q('referrals')
    .select('offer_id', 'status')
    .count('* as n')
    .whereIn('offer_id', offerIds)
    .groupBy('offer_id', 'status')) as Array<{ offer_id: number; status: ReferralStatus; n: number | string }>;
  for (const r of rows) {
    const counts = out.get(Number(r.offer_id)) ?? emptyCounts();
    counts[r.status] = Number(r.n);
    out.set(Number(r.offer_id), counts);
  }
  return out;
}

/**
 * Clears codes and notes of referrals closed before `cutoff`, and of referrals still open on
 * offers closed before it; status and dates stay for statistics. Returns the ids cleared.
 */
export async function anonymizeReferralsBefore(q: Queryable, cutoff: Date, now: Date): Promise<number[]> {
  const rows = (await q('referrals')
    .whereNull('anonymized_at')
    .where((w) =>
      w
        .where('closed_at', '<', cutoff)
        .orWhereIn(
          'offer_id',
          q('offers').select('id').whereIn('status', ['filled', 'withdrawn', 'expired']).where('closed_at', '<', cutoff),
        ),
    )
    .update({ candidate_code: null, note: null, anonymized_at: now, updated_at: now })
    .returning('id')) as Array<{ id: number }>;
  return rows.map((r) => Number(r.id)).sort((a, b) => a - b);
}
