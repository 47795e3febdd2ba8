import type { Queryable } from '../../../platform/database/transaction';
import type { DateRange, DigestPeriod } from '../../../platform/reporting';
import { ESF_INDICATORS, UPON_LEAVING_DAYS, emptyFigures, type EsfIndicator, type EsfIndicatorsReport } from '../domain/indicators';

/** The 6-month follow-ups due in the range (`f`, with their pathway `p`): where the ESF+ result "in employment six months after leaving" is read. */
const SIX_MONTH_FOLLOW_UPS = `from pathway_milestones f join pathways p on p.id = f.pathway_id
  where f.kind = 'followup_6' and f.planned_on between cast(:from as date) and cast(:to as date)`;

/**
 * The ESF+ indicators in one statement: each indicator is a count of distinct candidate codes (or
 * organizations) per organization and in total (distinct subjects counted each way), so a woman counted by two
 * organizations is still one participant in the total. Participants also come from referrals (the
 * offers area's table, read here only to count: ESF counts people, whichever way they were helped).
 * Dates are calendar dates in APP_TIMEZONE; `today` bounds "missing" follow-ups to those already due.
 */
const INDICATORS_SQL = `
with period_pathways as (
  select p.id, upper(p.candidate_code) collate "C" as code, p.owner_organization_id as org, p.exited_on
  from pathways p
  where p.created_at < :end and (p.exited_on is null or p.exited_on >= cast(:from as date))
),
period_referrals as (
  select upper(r.candidate_code) collate "C" as code, r.referring_organization_id as org
  from referrals r
  where r.created_at >= :start and r.created_at < :end and r.candidate_code is not null
),
exits as (
  select pp.id, pp.code, pp.org, m.done_on, m.outcome
  from pathway_milestones m join period_pathways pp on pp.id = m.pathway_id
  where m.kind = 'exit' and m.done_on between cast(:from as date) and cast(:to as date)
),
facts as materialized (
  select 'participants' as indicator, code as subject, org from period_pathways
  union all select 'participants', code, org from period_referrals
  union all
  select case m.kind when 'training' then 'starting_training' when 'internship' then 'starting_internship' else 'starting_job' end, pp.code, pp.org
  from pathway_milestones m join period_pathways pp on pp.id = m.pathway_id
  where m.kind in ('training', 'internship', 'hiring') and m.done_on between cast(:from as date) and cast(:to as date)
  union all select 'job_searching_upon_leaving', code, org from exits where outcome = 'looking'
  union all select 'in_education_or_training_upon_leaving', code, org from exits where outcome = 'in_training'
  union all
  select 'gaining_qualification_upon_leaving', e.code, e.org from exits e
  where exists (select 1 from pathway_milestones t where t.pathway_id = e.id and t.kind = 'training' and t.qualification
                and t.done_on <= e.done_on + ${UPON_LEAVING_DAYS})
  union all
  select 'in_employment_upon_leaving', e.code, e.org from exits e
  where e.outcome in ('employed', 'self_employed')
     or exists (select 1 from pathway_milestones h where h.pathway_id = e.id and h.kind = 'hiring'
                and h.done_on between e.done_on - ${UPON_LEAVING_DAYS} and e.done_on + ${UPON_LEAVING_DAYS})
  union all
  select case when f.outcome = 'employed' then 'in_employment_six_months_after_leaving' else 'six_month_follow_ups_missing' end, upper(p.candidate_code) collate "C", p.owner_organization_id
  ${SIX_MONTH_FOLLOW_UPS}
    and (f.outcome = 'employed' or (f.done_on is null and f.planned_on <= cast(:today as date)))
  union all select 'organizations_involved', cast(org as text) collate "C", org from period_pathways
  union all
  select 'organizations_involved', cast(po.organization_id as text) collate "C", po.organization_id
  from pathway_organizations po join period_pathways pp on pp.id = po.pathway_id
  where po.involved and po.consented
),
-- Distinct (indicator, organization, subject) by hashing, then counted: cheaper than count(distinct)
-- per grouping set, which sorts every fact once per set.
per_organization as (
  select indicator, org, count(*) as n from (select distinct indicator, org, subject from facts) d group by indicator, org
),
totals as (
  select indicator, count(*) as n from (select distinct indicator, subject from facts) d group by indicator
)
select indicator, org, 0 as is_total, cast(n as int) as n from per_organization
union all
select indicator, null, 1, cast(n as int) from totals
`;

interface IndicatorRow {
  indicator: string;
  org: number | null;
  is_total: number;
  n: number;
}

function indicatorOf(value: string): EsfIndicator | undefined {
  return ESF_INDICATORS.find((i) => i === value);
}

type IndicatorsQuery = DateRange & { start: Date; end: Date; today: string };

function bindings(range: IndicatorsQuery) {
  return { from: range.from, to: range.to, start: range.start, end: range.end, today: range.today };
}

/** The plan PostgreSQL runs the indicators with (for `bench/pathways-bench.ts`). */
export async function esfIndicatorsPlan(q: Queryable, range: IndicatorsQuery): Promise<string[]> {
  const result: { rows: Array<{ 'QUERY PLAN': string }> } = await q.raw(`explain (analyze, costs off, timing off) ${INDICATORS_SQL}`, bindings(range));
  return result.rows.map((r) => r['QUERY PLAN']);
}

export async function esfIndicators(q: Queryable, range: IndicatorsQuery): Promise<EsfIndicatorsReport> {
  const result: { rows: IndicatorRow[] } = await q.raw(INDICATORS_SQL, bindings(range));
  const total = emptyFigures();
  const byOrg = new Map<number, ReturnType<typeof emptyFigures>>();
  for (const row of result.rows) {
    const indicator = indicatorOf(row.indicator);
    if (!indicator) continue;
    if (Number(row.is_total) === 1) total[indicator] = Number(row.n);
    else if (row.org !== null) {
      const figures = byOrg.get(Number(row.org)) ?? emptyFigures();
      figures[indicator] = Number(row.n);
      byOrg.set(Number(row.org), figures);
    }
  }
  const names = byOrg.size
    ? await q('organizations').whereIn('id', [...byOrg.keys()]).orderBy('short_name').select('id', 'short_name')
    : [];
  return {
    total,
    byOrganization: names.map((o) => ({ organizationId: o.id, shortName: o.short_name, figures: byOrg.get(o.id) ?? emptyFigures() })),
  };
}

/**
 * The women whose 6-month follow-up, due in the range, found them employed: the indicators'
 * `in_employment_six_months_after_leaving` total, alone (the App Home's funnel of the year).
 */
export async function employedSixMonthsAfterLeaving(q: Queryable, range: DateRange): Promise<number> {
  const result: { rows: Array<{ n: number | string }> } = await q.raw(
    `select count(distinct upper(p.candidate_code) collate "C") as n ${SIX_MONTH_FOLLOW_UPS} and f.outcome = 'employed'`,
    { from: range.from, to: range.to },
  );
  return Number(result.rows[0]?.n ?? 0);
}

/** For the weekly digest: pathways opened in the period, and follow-ups falling due in it. */
export async function pathwaysDigestCounts(q: Queryable, period: { start: Date; end: Date; from: string; to: string }): Promise<{ newPathways: number; followUpsDue: number }> {
  const [opened] = await q('pathways').where('created_at', '>=', period.start).andWhere('created_at', '<', period.end).count<Array<{ count: number | string }>>({ count: '*' });
  const [due] = await q('pathway_milestones as m')
    .join('pathways as p', 'p.id', 'm.pathway_id')
    .whereNull('p.anonymised_at')
    .whereIn('m.kind', ['followup_6', 'followup_12'])
    .whereNull('m.done_on')
    .whereBetween('m.planned_on', [period.from, period.to])
    .count<Array<{ count: number | string }>>({ count: '*' });
  return { newPathways: Number(opened?.count ?? 0), followUpsDue: Number(due?.count ?? 0) };
}

/** Pathways opened in each period, in the order given (the digest's trend: each the digest's `newPathways` for that period). */
export async function openedByPeriod(q: Queryable, periods: DigestPeriod[]): Promise<number[]> {
  if (periods.length === 0) return [];
  const columns = periods.map((p, i) => q.raw('count(*) filter (where created_at >= ? and created_at < ?) as ??', [p.start, p.end, `p${i}`]));
  const row = (await q('pathways').first(columns)) as Record<string, number | string> | undefined;
  return periods.map((_, i) => Number(row?.[`p${i}`] ?? 0));
}
