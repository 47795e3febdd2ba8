import type { Locale } from '../../../platform/i18n/locales';
import type { ChartSpec, GraphSpec } from '../../../platform/charts/spec';
import { CHART_LIMITS, numberCell, tableBlock, textCell, type TableCell } from '../../../platform/slack/charts';
import type { Block } from '../../../platform/slack/types';
import type { OffersFunnel } from '../../offers';
import type { IndicatorsModel } from '../domain/model';
import { digestMessages } from '../messages';

/**
 * The pictures of the indicators, as specs: the same spec becomes Slack's chart block in a
 * message (platform/slack/charts.ts chartBlock) and a PNG where that block is not allowed (the App
 * Home: platform/charts), so both show the same figures.
 */

/** The funnel's figures: the offers area's, and the women employed 6 months after leaving a pathway when the pathways area gave them. */
export type Funnel = OffersFunnel & { employedAfterSixMonths?: number };

/**
 * A funnel's figures: the offers' steps, then the ESF+ result "in employment six months after
 * leaving" when the pathways area gave it (the indicators' range, or the App Home's year).
 */
export function funnelOf(offers: OffersFunnel | undefined, employedAfterSixMonths: number | undefined): Funnel | undefined {
  if (!offers) return undefined;
  return employedAfterSixMonths === undefined ? offers : { ...offers, employedAfterSixMonths };
}

/** Offers → referrals → interviews → hires (→ employed at 6 months), one bar each. */
export function funnelSpec(funnel: Funnel, locale: Locale, title?: string): ChartSpec {
  const c = digestMessages(locale).charts;
  const steps: Array<[string, number]> = [
    [c.funnel_steps.offers, funnel.offers],
    [c.funnel_steps.referrals, funnel.referrals],
    [c.funnel_steps.interviews, funnel.interviews],
    [c.funnel_steps.hires, funnel.hires],
  ];
  if (funnel.employedAfterSixMonths !== undefined) steps.push([c.funnel_steps.employed_6_months, funnel.employedAfterSixMonths]);
  return {
    kind: 'bar',
    title: title ?? c.funnel_title,
    categories: steps.map(([label]) => label),
    series: [{ name: c.funnel_series, values: steps.map(([, value]) => value) }],
  };
}

export function funnelText(funnel: Funnel, locale: Locale): string {
  const c = digestMessages(locale).charts;
  const text = c.funnel_text(funnel);
  return funnel.employedAfterSixMonths === undefined ? text : `${text} ${c.funnel_employed({ count: funnel.employedAfterSixMonths })}`;
}

/** Referrals made and hires per organization (those with any), the most active first, at most 20. */
export function organizationsSpec(model: IndicatorsModel, locale: Locale): { spec: ChartSpec; left: number } | undefined {
  const rows = (model.referrals?.byOrganization ?? []).filter((o) => o.referrals > 0 || o.hired > 0);
  if (!rows.length) return undefined;
  const sorted = [...rows].sort((a, b) => b.referrals - a.referrals || b.hired - a.hired || a.organization.localeCompare(b.organization));
  const shown = sorted.slice(0, CHART_LIMITS.categories);
  const c = digestMessages(locale).charts;
  return {
    spec: {
      kind: 'bar',
      title: c.by_org_title,
      categories: shown.map((o) => o.organization),
      series: [
        { name: c.by_org_series.referrals, values: shown.map((o) => o.referrals) },
        { name: c.by_org_series.hired, values: shown.map((o) => o.hired) },
      ],
    },
    left: sorted.length - shown.length,
  };
}

/** One row per organization: representatives, referrals made and received, hires, meetings attended. */
export function organizationsTable(model: IndicatorsModel, locale: Locale): Block | undefined {
  const h = digestMessages(locale).charts.table_headers;
  const names = new Set<string>();
  const members = new Map((model.network?.membersByOrganization ?? []).map((m) => [m.shortName, m.coordinators + m.partners + m.observers]));
  const referrals = new Map((model.referrals?.byOrganization ?? []).map((r) => [r.organization, r]));
  const attended = new Map((model.meetings?.attendanceByOrganization ?? []).map((a) => [a.organization, a]));
  for (const map of [members, referrals, attended]) for (const name of map.keys()) names.add(name);
  if (!names.size) return undefined;
  const header: TableCell[] = [textCell(h.organization), textCell(h.members), textCell(h.referrals), textCell(h.received), textCell(h.hired), textCell(h.attended)];
  const rows = [...names].sort((a, b) => a.localeCompare(b)).map((name): TableCell[] => {
    const r = referrals.get(name);
    const a = attended.get(name);
    return [
      textCell(name),
      numberCell(members.get(name) ?? 0),
      numberCell(r?.referrals ?? 0),
      numberCell(r?.received ?? 0),
      numberCell(r?.hired ?? 0),
      textCell(a ? `${a.attended}/${a.meetings}` : '—'),
    ];
  });
  return tableBlock([header, ...rows.slice(0, CHART_LIMITS.tableRows - 1)], [1, 2, 3, 4, 5]);
}

/** Figures as label/value pairs ("*Label*\nvalue", as the Home's messages write them) in a table. */
export function figuresTable(items: string[], locale: Locale): Block {
  const c = digestMessages(locale).charts;
  const rows = items.map((item): TableCell[] => {
    const [label = '', ...rest] = item.split('\n');
    const value = rest.join(' ').trim();
    return [textCell(label.replace(/^\*|\*$/g, '')), /^\d+$/.test(value) ? numberCell(Number(value)) : textCell(value)];
  });
  return tableBlock([[textCell(c.figure), textCell(c.value)], ...rows], [1]);
}

/**
 * The network map: every organization the indicators name as a node sized by its attendance at
 * the table, referrals between organizations as weighted arrows.
 */
export function networkMapSpec(model: IndicatorsModel, locale: Locale): GraphSpec {
  const c = digestMessages(locale).charts;
  const attendance = new Map((model.meetings?.attendanceByOrganization ?? []).map((a) => [a.organization, a.attended]));
  const names = new Set<string>([
    ...(model.network?.membersByOrganization ?? []).map((m) => m.shortName),
    ...attendance.keys(),
    ...(model.flows ?? []).flatMap((f) => [f.from, f.to]),
  ]);
  const sorted = [...names].sort((a, b) => a.localeCompare(b));
  return {
    kind: 'graph',
    title: c.map_title,
    caption: c.map_caption,
    nodes: sorted.map((name) => ({ id: name, label: name, size: attendance.get(name) ?? 0 })),
    edges: (model.flows ?? []).filter((f) => f.from !== f.to).map((f) => ({ from: f.from, to: f.to, weight: f.referrals })),
  };
}

export function networkMapAlt(spec: GraphSpec, locale: Locale): string {
  return digestMessages(locale).charts.map_alt({ organizations: spec.nodes.length, links: spec.edges.length });
}

/** The network map of an indicators model, with its alt text (what the network-map use case uploads). */
export function drawNetworkMap(model: IndicatorsModel, locale: Locale): { spec: GraphSpec; altText: string } {
  const spec = networkMapSpec(model, locale);
  return { spec, altText: networkMapAlt(spec, locale) };
}
