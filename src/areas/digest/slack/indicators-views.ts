import { formatPercent } from '../../../platform/i18n/messages';
import { commonMessages } from '../../../platform/i18n/common';
import { formatNumber } from '../../../platform/i18n/messages';
import type { Locale } from '../../../platform/i18n/locales';
import { formatCalendarDate } from '../../../platform/time';
import type { Block, MessageContent } from '../../../platform/slack/types';
import { context, divider, escapeMrkdwn, header, LIMITS, section } from '../../../platform/slack/blocks';
import { offersLabels } from '../../offers';
import { ESF_INDICATORS, pathwaysMessages } from '../../pathways';
import type { IndicatorsModel } from '../domain/model';
import { days, rate } from '../exports/indicators-csv';
import { digestMessages } from '../messages';
import { chartBlock } from '../../../platform/slack/charts';
import { funnelOf, funnelSpec, funnelText, organizationsSpec, organizationsTable } from './chart-views';
import { listSection } from './digest-views';

const MAX_LINES = 30;

/** The indicators as an ephemeral message; the full detail goes in the CSV. */
export function indicatorsMessage(model: IndicatorsModel, locale: Locale, tz: string, note?: string): MessageContent {
  const i = digestMessages(locale).indicators;
  const labels = offersLabels(locale);
  const range = i.range({ from: formatCalendarDate(model.range.from, locale), to: formatCalendarDate(model.range.to, locale), timezone: tz });
  const parts: Block[] = [];
  const list = (title: string, lines: string[]) => parts.push(listSection(title, lines, locale, MAX_LINES));
  if (model.network) {
    const n = model.network;
    const kinds = commonMessages(locale).orgKinds;
    list(
      i.members_by_organization,
      n.membersByOrganization.map((m) => i.member_counts({ organization: escapeMrkdwn(m.shortName), coordinators: m.coordinators, partners: m.partners, observers: m.observers })),
    );
    list(i.organizations_by_kind, n.organizationsByKind.map((k) => i.kind_line({ kind: kinds[k.kind], count: k.count })));
    parts.push(section(i.membership_changes(n.membershipChanges)));
  }
  if (model.offers) {
    list(
      i.offers_by_sector,
      model.offers.bySectorAndContract.map((o) =>
        i.offer_line({ sector: escapeMrkdwn(labels.sector(o.sector)), contract: escapeMrkdwn(labels.contract(o.contractType)), offers: o.offers, positions: o.positions }),
      ),
    );
  }
  if (model.referrals) {
    const r = model.referrals;
    list(i.referrals_by_organization, [
      ...r.byOrganization.map((o) => {
        const line = i.referral_line({ organization: escapeMrkdwn(o.organization), referrals: o.referrals, hired: o.hired });
        return o.received === undefined ? line : `${line} · ${i.referral_received({ received: o.received, receivedHired: o.receivedHired ?? 0 })}`;
      }),
      i.avg_days({ toReferral: days(r.avgDaysToFirstReferral, locale), toHiring: days(r.avgDaysToHiring, locale) }),
    ]);
  }
  if (model.meetings) {
    const m = model.meetings;
    list(
      i.meetings_held({ count: m.held }),
      m.attendanceByOrganization.map((a) => i.attendance_line({ organization: escapeMrkdwn(a.organization), attended: a.attended, meetings: a.meetings, rate: formatPercent(locale, rate(a.attended, a.meetings) / 100) })),
    );
  }
  if (model.polls) {
    list(i.poll_participation, model.polls.participationByOrganization.map((p) => i.poll_line({ organization: escapeMrkdwn(p.organization), answered: p.answered, polls: p.polls })));
  }
  if (model.esf) {
    const p = pathwaysMessages(locale).indicators;
    const esf = model.esf;
    list(p.title, ESF_INDICATORS.map((key) => p.line({ label: p.labels[key], value: formatNumber(locale, esf.total[key]) })));
  }
  // The pictures first: the funnel and the organizations as Slack charts (2 at most per message), the figures per organization as a table.
  const c = digestMessages(locale).charts;
  const pictures: Block[] = [];
  const funnel = funnelOf(model.funnel, model.esf?.total.in_employment_six_months_after_leaving);
  if (funnel) pictures.push(chartBlock(funnelSpec(funnel, locale)));
  const byOrganization = organizationsSpec(model, locale);
  if (byOrganization) {
    pictures.push(chartBlock(byOrganization.spec));
    if (byOrganization.left > 0) pictures.push(context([c.by_org_more({ count: byOrganization.left })]));
  }
  const table = organizationsTable(model, locale);
  if (table) pictures.push(section(c.table_title), table);
  const blocks: Block[] = [header(i.header), context([range]), divider(), ...pictures, ...(pictures.length ? [divider()] : []), ...parts];
  if (note) blocks.push(context([note]));
  const text = [`${i.header} · ${range}`, funnel ? funnelText(funnel, locale) : undefined].filter(Boolean).join('\n');
  return { text, blocks: blocks.slice(0, LIMITS.messageBlocks) };
}
