import { stringify } from 'csv-stringify/sync';
import { commonMessages } from '../../../platform/i18n/common';
import type { Locale } from '../../../platform/i18n/locales';
import { offersLabels } from '../../offers';
import { ESF_INDICATORS, pathwaysMessages } from '../../pathways';
import type { IndicatorsModel } from '../domain/model';
import { digestMessages } from '../messages';

/** Percent of `part` in `whole`, one decimal; 0 when `whole` is 0. */
export function rate(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0;
}

/** Average days, one decimal; "n.d." when there is no figure. */
export function days(value: number | null | undefined, locale: Locale): string {
  return value === null || value === undefined ? digestMessages(locale).indicators.not_available : String(Math.round(value * 10) / 10);
}

/**
 * The indicators as CSV, one row per figure (section, indicator, dimension, value), with a
 * UTF-8 BOM so spreadsheet programs read the accents right. Headers in the reader's language.
 */
export function indicatorsCsv(model: IndicatorsModel, locale: Locale): string {
  const c = digestMessages(locale).indicators.csv;
  const labels = offersLabels(locale);
  const kinds = commonMessages(locale).orgKinds;
  const rows: Array<[string, string, string, string | number]> = [];
  const all = c.all;
  if (model.network) {
    const n = model.network;
    for (const m of n.membersByOrganization) {
      rows.push([c.network, c.coordinators, m.shortName, m.coordinators], [c.network, c.partners, m.shortName, m.partners], [c.network, c.observers, m.shortName, m.observers]);
    }
    for (const k of n.organizationsByKind) rows.push([c.network, c.organizations_by_kind, kinds[k.kind], k.count]);
    rows.push(
      [c.network, c.members_added, all, n.membershipChanges.added],
      [c.network, c.members_moved, all, n.membershipChanges.moved],
      [c.network, c.members_removed, all, n.membershipChanges.removed],
    );
  }
  if (model.offers) {
    for (const o of model.offers.bySectorAndContract) {
      const dim = `${labels.sector(o.sector)} / ${labels.contract(o.contractType)}`;
      rows.push([c.offers, c.offers_count, dim, o.offers], [c.offers, c.positions, dim, o.positions]);
    }
  }
  if (model.referrals) {
    const r = model.referrals;
    for (const o of r.byOrganization) {
      rows.push([c.referrals, c.referrals_count, o.organization, o.referrals], [c.referrals, c.hired, o.organization, o.hired]);
      if (o.received !== undefined) rows.push([c.referrals, c.referrals_received, o.organization, o.received], [c.referrals, c.hired_received, o.organization, o.receivedHired ?? 0]);
    }
    rows.push([c.referrals, c.avg_days_to_referral, all, days(r.avgDaysToFirstReferral, locale)], [c.referrals, c.avg_days_to_hiring, all, days(r.avgDaysToHiring, locale)]);
  }
  if (model.meetings) {
    rows.push([c.meetings, c.meetings_held, all, model.meetings.held]);
    for (const a of model.meetings.attendanceByOrganization) {
      rows.push(
        [c.meetings, c.meetings_invited, a.organization, a.meetings],
        [c.meetings, c.attendance, a.organization, a.attended],
        [c.meetings, c.attendance_rate, a.organization, rate(a.attended, a.meetings)],
      );
    }
  }
  if (model.polls) {
    for (const p of model.polls.participationByOrganization) rows.push([c.polls, c.polls_answered, p.organization, p.answered], [c.polls, c.polls_total, p.organization, p.polls]);
  }
  if (model.esf) {
    const p = pathwaysMessages(locale).indicators;
    for (const key of ESF_INDICATORS) rows.push([p.section, p.labels[key], all, model.esf.total[key]]);
    for (const o of model.esf.byOrganization) for (const key of ESF_INDICATORS) rows.push([p.section, p.labels[key], o.shortName, o.figures[key]]);
  }
  return stringify([[c.section, c.indicator, c.dimension, c.value], ...rows], { bom: true, escape_formulas: true });
}
