import type { Locale } from '../../../platform/i18n/locales';
import { pathwaysMessages } from '../../pathways';
import { formatCalendarDate, formatInstant } from '../../../platform/time';
import type { Block, MessageContent } from '../../../platform/slack/types';
import { context, divider, escapeMrkdwn, header, LIMITS, section } from '../../../platform/slack/blocks';
import { offersLabels, REFERRAL_COUNT_KEYS, type OfferSummary, type ReferralCountKey, type ReferralCountsByStatus } from '../../offers';
import type { ActionItemSummary, AttendanceLine, AttendanceStatus } from '../../table';
import { chartBlock, type DataVisualizationBlock } from '../../../platform/slack/charts';
import type { DigestModel, TrendWeek } from '../domain/model';
import { digestMessages } from '../messages';

/** At most this many lines per list: the rest is "…and N more" with a pointer to the App Home. */
export const MAX_ITEMS = 10;

/**
 * One titled list as a single section block: the lines that fit in MAX_ITEMS and under the
 * section-text limit, then "…and N more" (DESIGN.md §5: never exceed a Block Kit limit).
 * `total` counts the items when `lines` holds only the first of them.
 */
export function listSection(title: string, lines: string[], locale: Locale, maxItems = MAX_ITEMS, total = lines.length): Block {
  const budget = LIMITS.sectionText - 200;
  let text = title;
  let shown = 0;
  for (const line of lines.slice(0, maxItems)) {
    if (text.length + line.length + 1 > budget) break;
    text += `\n${line}`;
    shown++;
  }
  if (shown < total) text += `\n_${digestMessages(locale).message.more({ count: total - shown })}_`;
  return section(text);
}

export function offerLine(o: OfferSummary, locale: Locale, extra: string[] = []): string {
  const m = digestMessages(locale).message;
  const details = [
    o.positions !== undefined ? m.positions({ count: o.positions }) : undefined,
    o.sector ? escapeMrkdwn(offersLabels(locale).sector(o.sector)) : undefined,
    ...extra,
  ].filter((d): d is string => Boolean(d));
  const base = m.offer_line({ title: escapeMrkdwn(o.title), organization: escapeMrkdwn(o.organization) });
  return details.length ? `${base} · ${details.join(' · ')}` : base;
}

export function actionLine(a: ActionItemSummary, locale: Locale): string {
  const org = a.owner ? escapeMrkdwn(a.owner) : undefined;
  const owner = a.ownerUserId ? (org ? `<@${a.ownerUserId}> (${org})` : `<@${a.ownerUserId}>`) : (org ?? '—');
  return digestMessages(locale).message.action_line({ text: escapeMrkdwn(a.text), owner, date: formatCalendarDate(a.dueDate, locale) });
}

function periodText(model: DigestModel, locale: Locale, tz: string): { from: string; to: string } {
  return { from: formatInstant(model.period.start, tz, locale, 'date'), to: formatInstant(model.period.end, tz, locale, 'date') };
}

/** How many referrals are in this status (none when the count has no row). */
export function referralCount(byStatus: ReferralCountsByStatus, status: ReferralCountKey): number {
  return byStatus[status] ?? 0;
}

/** Each present, non-empty part of the model as blocks, in reading order. */
function sections(model: DigestModel, locale: Locale, tz: string): Block[][] {
  const out: Block[][] = [];
  const m = digestMessages(locale).message;
  if (model.offers) {
    const { newOffers, filled, expiring } = model.offers;
    if (newOffers.length) out.push([listSection(m.new_offers({ count: newOffers.length }), newOffers.map((o) => offerLine(o, locale)), locale)]);
    if (filled.length) {
      out.push([
        listSection(
          m.filled_offers({ count: filled.length }),
          filled.map((o) => offerLine(o, locale, o.hiredFrom.length ? [m.hired_from({ organizations: o.hiredFrom.map(escapeMrkdwn).join(', ') })] : [])),
          locale,
        ),
      ]);
    }
    if (expiring.length) {
      out.push([
        listSection(
          m.expiring_offers({ count: expiring.length }),
          expiring.map((o) => offerLine(o, locale, o.deadline ? [m.deadline({ date: formatCalendarDate(o.deadline, locale) })] : [])),
          locale,
        ),
      ]);
    }
  }
  if (model.referrals) {
    const { byStatus, newThisWeek } = model.referrals;
    const counts = REFERRAL_COUNT_KEYS.filter((s) => referralCount(byStatus, s) > 0).map((s) => m.referral_statuses[s]({ count: referralCount(byStatus, s) }));
    if (counts.length || newThisWeek) {
      const line = [newThisWeek ? m.referrals_new({ count: newThisWeek }) : undefined, ...counts].filter(Boolean).join(' · ');
      out.push([section(`${m.referrals}\n${line}`)]);
    }
  }
  const next = model.meetings?.next;
  if (next) {
    const when = [formatInstant(next.startsAt, tz, locale), next.place ? escapeMrkdwn(next.place) : undefined].filter(Boolean).join(' · ');
    const lines = next.attendance.map((a) => attendanceLine(a, locale));
    const summary = attendanceSummary(next.attendance, locale);
    const title = [m.next_meeting, m.meeting_line({ title: escapeMrkdwn(next.title), when }), ...(summary ? [summary] : [])].join('\n');
    out.push([listSection(title, lines.length ? lines : [m.attendance_none], locale)]);
  }
  if (model.polls?.open.length) {
    const lines = model.polls.open.map((p) => {
      const base = m.poll_line({ question: escapeMrkdwn(p.question), answered: p.organizationsAnswered, total: p.organizationsTotal });
      return p.closesAt ? `${base} · ${m.closes({ date: formatInstant(p.closesAt, tz, locale) })}` : base;
    });
    out.push([listSection(m.open_polls({ count: lines.length }), lines, locale)]);
  }
  if (model.actions) {
    const { overdue, dueThisWeek } = model.actions;
    if (overdue.length) out.push([listSection(m.overdue_actions({ count: overdue.length }), overdue.map((a) => actionLine(a, locale)), locale)]);
    if (dueThisWeek.length) out.push([listSection(m.due_actions({ count: dueThisWeek.length }), dueThisWeek.map((a) => actionLine(a, locale)), locale)]);
  }
  if (model.pathways && (model.pathways.opened || model.pathways.followUpsDue)) {
    const p = pathwaysMessages(locale).digest;
    out.push([section(`*${p.title}*\n${[p.opened({ count: model.pathways.opened }), p.follow_ups_due({ count: model.pathways.followUpsDue })].join(' · ')}`)]);
  }
  if (model.network) {
    const { newOrganizations, newMembers, removedMembers } = model.network;
    const lines: string[] = [];
    if (newOrganizations.length) {
      lines.push(
        m.new_organizations({
          organizations: newOrganizations.slice(0, MAX_ITEMS).map((o) => `${escapeMrkdwn(o.name)} (${escapeMrkdwn(o.shortName)})`).join(', ') + more(newOrganizations.length, locale),
        }),
      );
    }
    if (newMembers.length) {
      const members = newMembers.slice(0, MAX_ITEMS).map((x) => `<@${x.userId}> (${escapeMrkdwn(x.organization)})`).join(', ') + more(newMembers.length, locale);
      lines.push(m.new_members({ count: newMembers.length, members }));
    }
    if (removedMembers) lines.push(m.removed_members({ count: removedMembers }));
    if (lines.length) out.push([section(`${m.network}\n${lines.join('\n')}`)]);
  }
  return out;
}

/** One organization's line: its standing when known (not answered included), else the raw counts. */
export function attendanceLine(a: AttendanceLine, locale: Locale): string {
  const m = digestMessages(locale).message;
  const organization = escapeMrkdwn(a.organization);
  if (a.status) return m.attendance_status[a.status]({ organization, yes: a.yes });
  return m.attendance_line({ organization, yes: a.yes, no: a.no, maybe: a.maybe });
}

/** "N confirmed · N maybe · N declined · N not answered", when the lines carry a standing. */
function attendanceSummary(lines: AttendanceLine[], locale: Locale): string | undefined {
  if (!lines.length || lines.some((l) => !l.status)) return undefined;
  const count = (s: AttendanceStatus) => lines.filter((l) => l.status === s).length;
  return digestMessages(locale).message.attendance_summary({ confirmed: count('confirmed'), maybe: count('maybe'), declined: count('declined'), pending: count('pending') });
}

function more(total: number, locale: Locale): string {
  return total > MAX_ITEMS ? ` ${digestMessages(locale).message.more({ count: total - MAX_ITEMS })}` : '';
}

/** "The week in numbers": one line from whatever parts exist; empty when all are zero. */
export function weekInNumbers(model: DigestModel, locale: Locale): string {
  const m = digestMessages(locale).message;
  const n = m.numbers_items;
  const items: Array<[(v: { count: number }) => string, number | undefined]> = [
    [n.new_offers, model.offers?.newOffers.length],
    [n.filled, model.offers?.filled.length],
    [n.referrals, model.referrals?.newThisWeek],
    [n.hired, model.referrals?.byStatus.hired],
    [n.meetings, model.meetings?.heldThisWeek],
    [n.polls, model.polls?.open.length],
    [n.overdue_actions, model.actions?.overdue.length],
    [n.organizations, model.network?.newOrganizations.length],
    [n.members, model.network?.newMembers.length],
  ];
  const shown = items.flatMap(([text, count]) => (count ? [text({ count })] : []));
  return shown.length ? m.numbers({ items: shown.join(' · ') }) : '';
}

/** A week's label on the trend chart and in its text: the date it starts. */
function weekLabel(week: TrendWeek, locale: Locale, tz: string): string {
  return formatInstant(week.period.start, tz, locale, 'date');
}

/**
 * The trend of the last weeks as Slack's chart (new offers, referrals, hires and new pathways per
 * week), or undefined when every figure is zero. The chart's data are the model's figures, as they are.
 */
export function trendChart(model: DigestModel, locale: Locale, tz: string): DataVisualizationBlock | undefined {
  const trend = model.trend;
  if (!trend?.length || trend.every((w) => !w.newOffers && !w.referrals && !w.hires && !w.newPathways)) return undefined;
  const m = digestMessages(locale).message;
  const series = [
    { name: m.trend_series.new_offers, values: trend.map((w) => w.newOffers) },
    { name: m.trend_series.referrals, values: trend.map((w) => w.referrals) },
    { name: m.trend_series.hires, values: trend.map((w) => w.hires) },
  ];
  // The pathways' series when the pathways area gave its figures.
  if (trend.some((w) => w.newPathways !== undefined)) series.push({ name: m.trend_series.new_pathways, values: trend.map((w) => w.newPathways ?? 0) });
  return chartBlock({
    kind: 'line',
    title: m.trend_title({ weeks: trend.length }),
    categories: trend.map((w) => weekLabel(w, locale, tz)),
    series,
    xLabel: m.trend_x,
    yLabel: m.trend_y,
  });
}

/** The chart's figures as text (notifications, screen readers, clients without the block). */
export function trendText(model: DigestModel, locale: Locale, tz: string): string {
  const trend = model.trend ?? [];
  const m = digestMessages(locale).message;
  const lines = trend.map((w) => {
    const line = m.trend_line({ week: weekLabel(w, locale, tz), offers: w.newOffers, referrals: w.referrals, hires: w.hires });
    return w.newPathways === undefined ? line : `${line}, ${m.trend_pathways({ count: w.newPathways })}`;
  });
  return m.trend_text({ weeks: trend.length, lines: lines.join('\n') });
}

/**
 * The weekly digest as a channel message (pure: the clock and zone are parameters). Empty
 * parts are left out; a week with nothing says so in one line; always within Block Kit limits.
 */
export function buildDigest(model: DigestModel, locale: Locale, now: Date, tz: string, options: { preview?: boolean } = {}): MessageContent {
  // `now` is part of the contract (relative wording may use it); the period is absolute today.
  void now;
  const m = digestMessages(locale).message;
  const { from, to } = periodText(model, locale, tz);
  const notes: string[] = [];
  if (options.preview) notes.push(m.preview_note);
  if (model.late) notes.push(m.late({ scheduled: formatInstant(model.late.scheduledFor, tz, locale) }));
  const parts = sections(model, locale, tz);
  const chart = trendChart(model, locale, tz);
  const chartText = chart ? `\n${trendText(model, locale, tz)}` : '';
  if (parts.length === 0) {
    const line = m.nothing({ from, to });
    return { text: line + chartText, blocks: [section(line), ...(chart ? [chart] : []), ...(notes.length ? [context(notes)] : [])] };
  }
  const blocks: Block[] = [header(m.header), context([m.period({ from, to }), ...notes])];
  if (chart) blocks.push(chart);
  for (const part of parts.slice(0, Math.floor((LIMITS.messageBlocks - 6) / 2))) blocks.push(divider(), ...part);
  const numbers = weekInNumbers(model, locale);
  if (numbers) blocks.push(divider(), section(numbers));
  blocks.push(context([m.footer]));
  return { text: `${m.header} · ${m.period({ from, to })}${chartText}`, blocks: blocks.slice(0, LIMITS.messageBlocks) };
}
