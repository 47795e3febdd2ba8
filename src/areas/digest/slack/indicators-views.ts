import { stringify } from 'csv-stringify/sync';
import type { IndicatorsModel } from '../domain/model';
import type { Translator } from '../../../platform/i18n';
import { formatCalendarDate } from '../../../platform/time';
import type { Block, MessageContent } from '../../../platform/slack/types';
import { context, divider, escapeMrkdwn, header, LIMITS, section } from '../../../platform/slack/blocks';
import { contractLabel, listSection, sectorLabel } from './digest-views';

const MAX_LINES = 30;

function rate(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 1000) / 10 : 0;
}

function days(value: number | null | undefined, t: Translator): string {
  return value === null || value === undefined ? t('digest.indicators.not_available') : String(Math.round(value * 10) / 10);
}

/** The indicators as an ephemeral message; the full detail goes in the CSV. */
export function indicatorsMessage(model: IndicatorsModel, t: Translator, tz: string, note?: string): MessageContent {
  const i = 'digest.indicators';
  const range = t(`${i}.range`, { from: formatCalendarDate(model.range.from, t.locale), to: formatCalendarDate(model.range.to, t.locale), timezone: tz });
  const parts: Block[] = [];
  const list = (title: string, lines: string[]) => parts.push(listSection(title, lines, t, MAX_LINES));
  if (model.network) {
    const n = model.network;
    list(
      t(`${i}.members_by_organization`),
      n.membersByOrganization.map((m) =>
        t(`${i}.member_counts`, { organization: escapeMrkdwn(m.shortName), coordinators: m.coordinators, partners: m.partners, observers: m.observers }),
      ),
    );
    list(t(`${i}.organizations_by_kind`), n.organizationsByKind.map((k) => t(`${i}.kind_line`, { kind: t(`common.orgKinds.${k.kind}`), count: k.count })));
    parts.push(section(t(`${i}.membership_changes`, n.membershipChanges)));
  }
  if (model.offers) {
    list(
      t(`${i}.offers_by_sector`),
      model.offers.bySectorAndContract.map((o) =>
        t(`${i}.offer_line`, { sector: escapeMrkdwn(sectorLabel(o.sector, t)), contract: escapeMrkdwn(contractLabel(o.contractType, t)), offers: o.offers, positions: o.positions }),
      ),
    );
  }
  if (model.referrals) {
    const r = model.referrals;
    list(
      t(`${i}.referrals_by_organization`),
      [
        ...r.byOrganization.map((o) => {
          const line = t(`${i}.referral_line`, { organization: escapeMrkdwn(o.organization), referrals: o.referrals, hired: o.hired });
          return o.received === undefined ? line : `${line} · ${t(`${i}.referral_received`, { received: o.received, receivedHired: o.receivedHired ?? 0 })}`;
        }),
        t(`${i}.avg_days`, { toReferral: days(r.avgDaysToFirstReferral, t), toHiring: days(r.avgDaysToHiring, t) }),
      ],
    );
  }
  if (model.meetings) {
    const m = model.meetings;
    list(
      t(`${i}.meetings_held`, { count: m.held }),
      m.attendanceByOrganization.map((a) =>
        t(`${i}.attendance_line`, { organization: escapeMrkdwn(a.organization), attended: a.attended, meetings: a.meetings, rate: rate(a.attended, a.meetings) }),
      ),
    );
  }
  if (model.polls) {
    list(
      t(`${i}.poll_participation`),
      model.polls.participationByOrganization.map((p) => t(`${i}.poll_line`, { organization: escapeMrkdwn(p.organization), answered: p.answered, polls: p.polls })),
    );
  }
  const blocks: Block[] = [header(t(`${i}.header`)), context([range]), divider(), ...parts];
  if (note) blocks.push(context([note]));
  return { text: `${t(`${i}.header`)} · ${range}`, blocks: blocks.slice(0, LIMITS.messageBlocks) };
}

/**
 * The indicators as CSV, one row per figure (section, indicator, dimension, value), with a
 * UTF-8 BOM so spreadsheet programs read the accents right. Headers in the reader's language.
 */
export function indicatorsCsv(model: IndicatorsModel, t: Translator): string {
  const c = (key: string) => t(`digest.indicators.csv.${key}` as Parameters<Translator>[0]);
  const rows: Array<[string, string, string, string | number]> = [];
  const all = c('all');
  if (model.network) {
    const n = model.network;
    for (const m of n.membersByOrganization) {
      rows.push([c('network'), c('coordinators'), m.shortName, m.coordinators], [c('network'), c('partners'), m.shortName, m.partners], [c('network'), c('observers'), m.shortName, m.observers]);
    }
    for (const k of n.organizationsByKind) rows.push([c('network'), c('organizations_by_kind'), t(`common.orgKinds.${k.kind}`), k.count]);
    rows.push(
      [c('network'), c('members_added'), all, n.membershipChanges.added],
      [c('network'), c('members_moved'), all, n.membershipChanges.moved],
      [c('network'), c('members_removed'), all, n.membershipChanges.removed],
    );
  }
  if (model.offers) {
    for (const o of model.offers.bySectorAndContract) {
      const dim = `${sectorLabel(o.sector, t)} / ${contractLabel(o.contractType, t)}`;
      rows.push([c('offers'), c('offers_count'), dim, o.offers], [c('offers'), c('positions'), dim, o.positions]);
    }
  }
  if (model.referrals) {
    const r = model.referrals;
    for (const o of r.byOrganization) {
      rows.push([c('referrals'), c('referrals_count'), o.organization, o.referrals], [c('referrals'), c('hired'), o.organization, o.hired]);
      if (o.received !== undefined) rows.push([c('referrals'), c('referrals_received'), o.organization, o.received], [c('referrals'), c('hired_received'), o.organization, o.receivedHired ?? 0]);
    }
    rows.push([c('referrals'), c('avg_days_to_referral'), all, days(r.avgDaysToFirstReferral, t)], [c('referrals'), c('avg_days_to_hiring'), all, days(r.avgDaysToHiring, t)]);
  }
  if (model.meetings) {
    rows.push([c('meetings'), c('meetings_held'), all, model.meetings.held]);
    for (const a of model.meetings.attendanceByOrganization) {
      rows.push(
        [c('meetings'), c('meetings_invited'), a.organization, a.meetings],
        [c('meetings'), c('attendance'), a.organization, a.attended],
        [c('meetings'), c('attendance_rate'), a.organization, rate(a.attended, a.meetings)],
      );
    }
  }
  if (model.polls) {
    for (const p of model.polls.participationByOrganization) rows.push([c('polls'), c('polls_answered'), p.organization, p.answered], [c('polls'), c('polls_total'), p.organization, p.polls]);
  }
  return stringify([[c('section'), c('indicator'), c('dimension'), c('value')], ...rows], { bom: true, escape_formulas: true });
}
