import type { FilledOffer, OfferSummary, ReferralCountKey, ReferralCountsByStatus, WaitingReferral } from '../domain/reporting';
import { REFERRAL_STATUSES, type ReferralStatus } from '../domain/types';
import { ACTIVE_OFFER_STATUSES } from '../domain/lifecycle';
import type { Queryable } from '../../../platform/database/transaction';
import type { DigestPeriod } from '../../../platform/reporting';

/**
 * Read-only figures about offers and referrals for the digest, the App Home and the
 * indicators. Counts are aggregated here, in SQL; every query filters on an indexed column
 * (offers: created_at, filled_at, (status, deadline), (organization_id, created_at);
 * referrals: created_at, (status, status_changed_at), (offer_id, …), referring_organization_id).
 * Nothing here returns a candidate code except `waitingReferrals`, whose caller decides who sees it.
 */

/** Referrals still waiting for the offering organization's answer. */

/**
 * A hiring: a referral that reached "hired" on a job offer. On a course the same status is an
 * enrolment, which the figures of hirings do not count. `r`: the referrals' alias, if any.
 */
function hiring(r = ''): string {
  const a = r ? `${r}.` : '';
  return `${a}status = 'hired' and ${a}offer_id in (select id from offers where kind = 'job')`;
}

export const WAITING_REFERRAL_STATUSES: readonly ReferralStatus[] = ['proposed', 'interview'];

/** What the reports show in the contract's place for a training course (it has none). */
export const COURSE_CONTRACT = 'course';

/** A count as the drivers return it (PostgreSQL's bigint comes back as a string). */
type Count = number | string;

interface OfferSummaryRow {
  id: number;
  title: string;
  short_name: string;
  positions: number;
  sector: string;
  /** Null for a course: reported as the contract 'course'. */
  contract_type: string | null;
  deadline: string | null;
}

const SUMMARY_COLUMNS = ['f.id', 'f.title', 'o.short_name', 'f.positions', 'f.sector', 'f.contract_type', 'f.deadline'];

function toSummary(r: OfferSummaryRow): OfferSummary {
  return {
    id: Number(r.id),
    title: r.title,
    organization: r.short_name,
    positions: Number(r.positions),
    sector: r.sector,
    contractType: r.contract_type ?? COURSE_CONTRACT,
    deadline: r.deadline ?? undefined,
  };
}

function offersWithOrganization(q: Queryable) {
  return q('offers as f').join('organizations as o', 'o.id', 'f.organization_id');
}

export async function newOffers(q: Queryable, period: DigestPeriod): Promise<OfferSummary[]> {
  const rows = await offersWithOrganization(q)
    .where('f.created_at', '>=', period.start)
    .andWhere('f.created_at', '<', period.end)
    .orderBy('f.created_at')
    .orderBy('f.id')
    .select<OfferSummaryRow[]>(SUMMARY_COLUMNS);
  return rows.map(toSummary);
}

/** Offers filled in the period, each with the organizations whose candidates were hired. */
export async function filledOffers(q: Queryable, period: DigestPeriod): Promise<FilledOffer[]> {
  const rows = await offersWithOrganization(q)
    .where('f.status', 'filled')
    .andWhere('f.filled_at', '>=', period.start)
    .andWhere('f.filled_at', '<', period.end)
    .orderBy('f.filled_at')
    .orderBy('f.id')
    .select<Array<OfferSummaryRow & { hired_from: string[] | null }>>(
      ...SUMMARY_COLUMNS,
      q.raw(
        `coalesce((select array_agg(distinct ro.short_name order by ro.short_name) from referrals r
            join organizations ro on ro.id = r.referring_organization_id
           where r.offer_id = f.id and r.status = 'hired'), '{}') as hired_from`,
      ),
    );
  return rows.map((r) => ({ ...toSummary(r), hiredFrom: r.hired_from ?? [] }));
}

/** Active offers whose deadline (a calendar date) falls in [from, to], soonest first. */
export async function offersExpiringBetween(q: Queryable, from: string, to: string): Promise<OfferSummary[]> {
  const rows = await offersWithOrganization(q)
    .whereIn('f.status', ACTIVE_OFFER_STATUSES)
    .andWhere('f.deadline', '>=', from)
    .andWhere('f.deadline', '<=', to)
    .orderBy('f.deadline')
    .orderBy('f.id')
    .select<OfferSummaryRow[]>(SUMMARY_COLUMNS);
  return rows.map(toSummary);
}

function statusCounts(rows: ReadonlyArray<{ status: ReferralCountKey; count: Count }>): ReferralCountsByStatus {
  const out: ReferralCountsByStatus = {};
  for (const r of rows) out[r.status] = Number(r.count);
  return out;
}

/**
 * Referrals by status (those among REFERRAL_STATUSES), an enrolment on a course apart from the
 * hires (`enrolled`), optionally only those whose status changed in a period.
 */
function referralsByStatus(q: Queryable, changedIn?: DigestPeriod) {
  const query = q('referrals as r').join('offers as o', 'o.id', 'r.offer_id').whereIn('r.status', REFERRAL_STATUSES);
  if (changedIn) query.andWhere('r.status_changed_at', '>=', changedIn.start).andWhere('r.status_changed_at', '<', changedIn.end);
  const key = `case when r.status = 'hired' and o.kind = 'course' then 'enrolled' else r.status end`;
  return query.groupByRaw(key).select<Array<{ status: ReferralCountKey; count: Count }>>(q.raw(`${key} as status`), q.raw('count(*) as count'));
}

/**
 * Referrals whose status changed in the period, by the status they reached (a new referral
 * counts as proposed), and how many were made: counts only, never a code (DESIGN.md §7).
 */
export async function referralsOfPeriod(q: Queryable, period: DigestPeriod): Promise<{ byStatus: ReferralCountsByStatus; newThisWeek: number }> {
  const [byStatus, made] = await Promise.all([
    referralsByStatus(q, period),
    q('referrals').where('created_at', '>=', period.start).andWhere('created_at', '<', period.end).first<{ count: Count } | undefined>(q.raw('count(*) as count')),
  ]);
  return { byStatus: statusCounts(byStatus), newThisWeek: Number(made?.count ?? 0) };
}

/** An organization's active offers, newest first. */
export async function openOffersOf(q: Queryable, organizationId: number): Promise<OfferSummary[]> {
  const rows = await offersWithOrganization(q)
    .where('f.organization_id', organizationId)
    .whereIn('f.status', ACTIVE_OFFER_STATUSES)
    .orderBy('f.created_at', 'desc')
    .orderBy('f.id', 'desc')
    .select<OfferSummaryRow[]>(SUMMARY_COLUMNS);
  return rows.map(toSummary);
}

export interface WaitingReferralRow extends Omit<WaitingReferral, 'code'> {
  offeringOrganizationId: number;
  referringOrganizationId: number;
  /** Null once anonymised; the caller shows it only to those the offers area lets see it. */
  code: string | null;
}

/**
 * Referrals waiting for an answer where `organizationId` offers or refers (all of them when
 * null: coordinators), oldest first, at most `limit`, with the total.
 */
export async function waitingReferrals(q: Queryable, organizationId: number | null, limit: number): Promise<{ rows: WaitingReferralRow[]; total: number }> {
  // An organization's share is the union of two indexed lookups: referrals to its offers
  // (offers by organization, then referrals by offer) and the referrals it made.
  const mine = (orgId: number) =>
    q('referrals as r2')
      .join('offers as f2', 'f2.id', 'r2.offer_id')
      .select('r2.id')
      .where('f2.organization_id', orgId)
      .whereIn('r2.status', WAITING_REFERRAL_STATUSES)
      .unionAll(q('referrals as r3').select('r3.id').where('r3.referring_organization_id', orgId).whereIn('r3.status', WAITING_REFERRAL_STATUSES));
  const scoped = () => {
    const query = q('referrals as r').join('offers as f', 'f.id', 'r.offer_id').whereIn('r.status', WAITING_REFERRAL_STATUSES);
    if (organizationId !== null) query.whereIn('r.id', mine(organizationId));
    return query;
  };
  const [rows, total] = await Promise.all([
    scoped()
      .join('organizations as fo', 'fo.id', 'f.organization_id')
      .join('organizations as ro', 'ro.id', 'r.referring_organization_id')
      .orderBy('r.status_changed_at')
      .orderBy('r.id')
      .limit(limit)
      .select<
        Array<{
          id: number;
          offer_id: number;
          title: string;
          status: ReferralStatus;
          status_changed_at: Date;
          candidate_code: string | null;
          organization_id: number;
          referring_organization_id: number;
          offering: string;
          referring: string;
        }>
      >(
        'r.id',
        'r.offer_id',
        'f.title',
        'r.status',
        'r.status_changed_at',
        'r.candidate_code',
        'f.organization_id',
        'r.referring_organization_id',
        'fo.short_name as offering',
        'ro.short_name as referring',
      ),
    scoped().first<{ count: Count } | undefined>(q.raw('count(*) as count')),
  ]);
  return {
    rows: rows.map((r) => ({
      id: Number(r.id),
      offerId: Number(r.offer_id),
      offerTitle: r.title,
      status: r.status,
      since: r.status_changed_at,
      code: r.candidate_code ?? null,
      offeringOrganizationId: Number(r.organization_id),
      referringOrganizationId: Number(r.referring_organization_id),
      offeringOrganization: r.offering,
      referringOrganization: r.referring,
    })),
    total: Number(total?.count ?? 0),
  };
}

/** Network-wide figures for the coordinators' App Home. */
export async function offersOverview(q: Queryable, yearStart: Date): Promise<{ openOffers: number; referralsByStatus: ReferralCountsByStatus; hiresThisYear: number }> {
  const [open, byStatus, hires] = await Promise.all([
    q('offers').whereIn('status', ACTIVE_OFFER_STATUSES).first<{ count: Count } | undefined>(q.raw('count(*) as count')),
    referralsByStatus(q),
    q('referrals').whereRaw(hiring()).andWhere('status_changed_at', '>=', yearStart).first<{ count: Count } | undefined>(q.raw('count(*) as count')),
  ]);
  return { openOffers: Number(open?.count ?? 0), referralsByStatus: statusCounts(byStatus), hiresThisYear: Number(hires?.count ?? 0) };
}

/** Offers created in the period by sector and contract type, with their positions. */
export async function offersBySectorAndContract(
  q: Queryable,
  period: DigestPeriod,
): Promise<Array<{ sector: string; contractType: string; offers: number; positions: number }>> {
  const rows = await q('offers')
    .where('created_at', '>=', period.start)
    .andWhere('created_at', '<', period.end)
    .groupBy('sector', 'contract_type')
    .orderBy(['sector', 'contract_type'])
    .select<Array<{ sector: string; contract_type: string | null; offers: Count; positions: Count | null }>>(
      'sector',
      'contract_type',
      q.raw('count(*) as offers'),
      q.raw('sum(positions) as positions'),
    );
  return rows.map((r) => ({ sector: r.sector, contractType: r.contract_type ?? COURSE_CONTRACT, offers: Number(r.offers), positions: Number(r.positions ?? 0) }));
}

export interface ReferralsByOrganization {
  organization: string;
  /** Referrals the organization made in the period, and those hired in the period. */
  referrals: number;
  hired: number;
  /** Referrals made to the organization's offers in the period, and those hired in the period. */
  received: number;
  receivedHired: number;
}

/**
 * Per organization, as referring and as offering party: referrals made in the period and
 * hirings that happened in it. One query; organizations with nothing are left out.
 */
export async function referralsByOrganization(q: Queryable, period: DigestPeriod): Promise<ReferralsByOrganization[]> {
  const { start, end } = period;
  const { rows } = await q.raw<{ rows: Array<{ short_name: string; made: Count; hired: Count; received: Count; received_hired: Count }> }>(
    `select o.short_name, sum(x.made) as made, sum(x.hired) as hired, sum(x.received) as received, sum(x.received_hired) as received_hired
         from (
           select r.referring_organization_id as org, 1 as made, 0 as hired, 0 as received, 0 as received_hired
             from referrals r where r.created_at >= ? and r.created_at < ?
           union all
           select r.referring_organization_id, 0, 1, 0, 0
             from referrals r where ${hiring('r')} and r.status_changed_at >= ? and r.status_changed_at < ?
           union all
           select f.organization_id, 0, 0, 1, 0
             from referrals r join offers f on f.id = r.offer_id where r.created_at >= ? and r.created_at < ?
           union all
           select f.organization_id, 0, 0, 0, 1
             from referrals r join offers f on f.id = r.offer_id where ${hiring('r')} and r.status_changed_at >= ? and r.status_changed_at < ?
         ) x
         join organizations o on o.id = x.org
        group by o.id, o.short_name
        order by o.short_name`,
    [start, end, start, end, start, end, start, end],
  );
  return rows.map((r) => ({
    organization: r.short_name,
    referrals: Number(r.made),
    hired: Number(r.hired),
    received: Number(r.received),
    receivedHired: Number(r.received_hired),
  }));
}

/**
 * Average days from an offer's creation to its first referral (offers created in the period
 * that got one) and to each hiring (hirings in the period); null when there is none.
 */
export async function averageDays(q: Queryable, period: DigestPeriod): Promise<{ toFirstReferral: number | null; toHiring: number | null }> {
  const { start, end } = period;
  const { rows } = await q.raw<{ rows: Array<{ to_first_referral: Count | null; to_hiring: Count | null }> }>(
    `select
         (select avg(extract(epoch from (fr.first_at - fr.created_at)) / 86400)
            from (select f.created_at, min(r.created_at) as first_at
                    from offers f join referrals r on r.offer_id = f.id
                   where f.created_at >= ? and f.created_at < ?
                   group by f.id, f.created_at) fr) as to_first_referral,
         (select avg(extract(epoch from (r.status_changed_at - f.created_at)) / 86400)
            from referrals r join offers f on f.id = r.offer_id
           where ${hiring('r')} and r.status_changed_at >= ? and r.status_changed_at < ?) as to_hiring`,
    [start, end, start, end],
  );
  const row = rows[0];
  const num = (v: Count | null | undefined) => (v === null || v === undefined ? null : Number(v));
  return { toFirstReferral: num(row?.to_first_referral), toHiring: num(row?.to_hiring) };
}

/** The organizations that referred candidates to an offer (whose Homes list its referrals). */
export async function referringOrganizationsOf(q: Queryable, offerId: number): Promise<number[]> {
  const rows = await q('referrals').where('offer_id', offerId).distinct<Array<{ referring_organization_id: number }>>('referring_organization_id');
  return rows.map((r) => Number(r.referring_organization_id));
}

/** Per period, in the order given: offers created, referrals made, hirings (a referral reaching hired). */
export interface PeriodCounts {
  newOffers: number;
  referrals: number;
  hires: number;
}

/**
 * The digest's weekly figures for several periods at once (the trend chart), counted exactly as
 * the digest of each period counts them: offers and referrals by created_at, hirings by the
 * status change to hired. One query over a list of periods.
 */
export async function countsByPeriod(q: Queryable, periods: DigestPeriod[]): Promise<PeriodCounts[]> {
  if (periods.length === 0) return [];
  const values = periods.map(() => '(?::integer, ?::timestamptz, ?::timestamptz)').join(', ');
  const bindings = periods.flatMap((p, i) => [i, p.start, p.end]);
  const { rows } = await q.raw<{ rows: Array<{ i: Count; new_offers: Count; referrals: Count; hires: Count }> }>(
    `with periods(i, s, e) as (values ${values})
       select p.i,
              (select count(*) from offers f where f.created_at >= p.s and f.created_at < p.e) as new_offers,
              (select count(*) from referrals r where r.created_at >= p.s and r.created_at < p.e) as referrals,
              (select count(*) from referrals r where ${hiring('r')} and r.status_changed_at >= p.s and r.status_changed_at < p.e) as hires
         from periods p
        order by p.i`,
    bindings,
  );
  return rows.map((r) => ({ newOffers: Number(r.new_offers), referrals: Number(r.referrals), hires: Number(r.hires) }));
}

/**
 * The path from offers to hirings in a period: offers created, referrals made, interviews held
 * (interview_at in the period) and hirings (a referral reaching hired in the period).
 */
export async function funnelCounts(q: Queryable, period: DigestPeriod): Promise<{ offers: number; referrals: number; interviews: number; hires: number }> {
  const { start, end } = period;
  const { rows } = await q.raw<{ rows: Array<{ offers: Count; referrals: Count; interviews: Count; hires: Count }> }>(
    `select (select count(*) from offers where created_at >= ? and created_at < ?) as offers,
            (select count(*) from referrals where created_at >= ? and created_at < ?) as referrals,
            (select count(*) from referrals where interview_at >= ? and interview_at < ?) as interviews,
            (select count(*) from referrals where ${hiring()} and status_changed_at >= ? and status_changed_at < ?) as hires`,
    [start, end, start, end, start, end, start, end],
  );
  const r = rows[0];
  return { offers: Number(r?.offers ?? 0), referrals: Number(r?.referrals ?? 0), interviews: Number(r?.interviews ?? 0), hires: Number(r?.hires ?? 0) };
}

/** Referrals made in a period from one organization to another's offers (the network map's edges). */
export async function referralFlows(q: Queryable, period: DigestPeriod): Promise<Array<{ from: string; to: string; referrals: number }>> {
  const rows = await q('referrals as r')
    .join('offers as f', 'f.id', 'r.offer_id')
    .join('organizations as ro', 'ro.id', 'r.referring_organization_id')
    .join('organizations as fo', 'fo.id', 'f.organization_id')
    .where('r.created_at', '>=', period.start)
    .andWhere('r.created_at', '<', period.end)
    .groupBy('ro.short_name', 'fo.short_name')
    .orderBy(['ro.short_name', 'fo.short_name'])
    .select<Array<{ from: string; to: string; referrals: Count }>>('ro.short_name as from', 'fo.short_name as to', q.raw('count(*) as referrals'));
  return rows.map((r) => ({ from: r.from, to: r.to, referrals: Number(r.referrals) }));
}
