import type { ActionItemSummary, AttendanceLine, AttendanceStatus, DigestModel, OfferSummary, ReferralStatus } from '../domain/model';
import { REFERRAL_STATUSES } from '../domain/model';
import { CONTRACT_TYPES, SECTORS } from '../../offers';
import type { Translator } from '../../../platform/i18n';
import { formatCalendarDate, formatInstant } from '../../../platform/time';
import type { Block, MessageContent } from '../../../platform/slack/types';
import { context, divider, escapeMrkdwn, header, LIMITS, section } from '../../../platform/slack/blocks';

/** At most this many lines per list: the rest is "…and N more" with a pointer to the App Home. */
export const MAX_ITEMS = 10;

/**
 * One titled list as a single section block: the lines that fit in MAX_ITEMS and under the
 * section-text limit, then "…and N more" (DESIGN.md §5: never exceed a Block Kit limit).
 * `total` counts the items when `lines` holds only the first of them.
 */
export function listSection(title: string, lines: string[], t: Translator, maxItems = MAX_ITEMS, total = lines.length): Block {
  const budget = LIMITS.sectionText - 200;
  let text = title;
  let shown = 0;
  for (const line of lines.slice(0, maxItems)) {
    if (text.length + line.length + 1 > budget) break;
    text += `\n${line}`;
    shown++;
  }
  if (shown < total) text += `\n_${t('digest.message.more', { count: total - shown })}_`;
  return section(text);
}

/** A sector as the reader's language names it (an unknown value as stored); plain text, escape it for mrkdwn. */
export function sectorLabel(sector: string, t: Translator): string {
  const known = SECTORS.find((s) => s === sector);
  return known ? t(`offers.sectors.${known}`) : sector;
}

/** A contract type as the reader's language names it (an unknown value as stored); plain text. */
export function contractLabel(contractType: string, t: Translator): string {
  const known = CONTRACT_TYPES.find((c) => c === contractType);
  return known ? t(`offers.contracts.${known}`) : contractType;
}

export function offerLine(o: OfferSummary, t: Translator, extra: string[] = []): string {
  const details = [
    o.positions !== undefined ? t('digest.message.positions', { count: o.positions }) : undefined,
    o.sector ? escapeMrkdwn(sectorLabel(o.sector, t)) : undefined,
    ...extra,
  ].filter((d): d is string => Boolean(d));
  const base = t('digest.message.offer_line', { title: escapeMrkdwn(o.title), organization: escapeMrkdwn(o.organization) });
  return details.length ? `${base} · ${details.join(' · ')}` : base;
}

export function actionLine(a: ActionItemSummary, t: Translator): string {
  const org = a.owner ? escapeMrkdwn(a.owner) : undefined;
  const owner = a.ownerUserId ? (org ? `<@${a.ownerUserId}> (${org})` : `<@${a.ownerUserId}>`) : (org ?? '—');
  return t('digest.message.action_line', { text: escapeMrkdwn(a.text), owner, date: formatCalendarDate(a.dueDate, t.locale) });
}

function periodText(model: DigestModel, t: Translator, tz: string): { from: string; to: string } {
  return { from: formatInstant(model.period.start, tz, t.locale, 'date'), to: formatInstant(model.period.end, tz, t.locale, 'date') };
}

function referralCount(byStatus: Partial<Record<ReferralStatus, number>>, status: ReferralStatus): number {
  return byStatus[status] ?? 0;
}

/** Each present, non-empty part of the model as blocks, in reading order. */
function sections(model: DigestModel, t: Translator, tz: string): Block[][] {
  const out: Block[][] = [];
  const m = 'digest.message';
  if (model.offers) {
    const { newOffers, filled, expiring } = model.offers;
    if (newOffers.length) out.push([listSection(t(`${m}.new_offers`, { count: newOffers.length }), newOffers.map((o) => offerLine(o, t)), t)]);
    if (filled.length) {
      out.push([
        listSection(
          t(`${m}.filled_offers`, { count: filled.length }),
          filled.map((o) => offerLine(o, t, o.hiredFrom.length ? [t(`${m}.hired_from`, { organizations: o.hiredFrom.map(escapeMrkdwn).join(', ') })] : [])),
          t,
        ),
      ]);
    }
    if (expiring.length) {
      out.push([
        listSection(
          t(`${m}.expiring_offers`, { count: expiring.length }),
          expiring.map((o) => offerLine(o, t, o.deadline ? [t(`${m}.deadline`, { date: formatCalendarDate(o.deadline, t.locale) })] : [])),
          t,
        ),
      ]);
    }
  }
  if (model.referrals) {
    const { byStatus, newThisWeek } = model.referrals;
    const counts = REFERRAL_STATUSES.filter((s) => referralCount(byStatus, s) > 0).map(
      (s) => `${referralCount(byStatus, s)} ${t(`${m}.referral_statuses.${s}`)}`,
    );
    if (counts.length || newThisWeek) {
      const line = [newThisWeek ? t(`${m}.referrals_new`, { count: newThisWeek }) : undefined, ...counts].filter(Boolean).join(' · ');
      out.push([section(`${t(`${m}.referrals`)}\n${line}`)]);
    }
  }
  const next = model.meetings?.next;
  if (next) {
    const when = [formatInstant(next.startsAt, tz, t.locale), next.place ? escapeMrkdwn(next.place) : undefined].filter(Boolean).join(' · ');
    const lines = next.attendance.map((a) => attendanceLine(a, t));
    const summary = attendanceSummary(next.attendance, t);
    const title = [t(`${m}.next_meeting`), t(`${m}.meeting_line`, { title: escapeMrkdwn(next.title), when }), ...(summary ? [summary] : [])].join('\n');
    out.push([listSection(title, lines.length ? lines : [t(`${m}.attendance_none`)], t)]);
  }
  if (model.polls?.open.length) {
    const lines = model.polls.open.map((p) => {
      const base = t(`${m}.poll_line`, { question: escapeMrkdwn(p.question), answered: p.organizationsAnswered, total: p.organizationsTotal });
      return p.closesAt ? `${base} · ${t(`${m}.closes`, { date: formatInstant(p.closesAt, tz, t.locale) })}` : base;
    });
    out.push([listSection(t(`${m}.open_polls`, { count: lines.length }), lines, t)]);
  }
  if (model.actions) {
    const { overdue, dueThisWeek } = model.actions;
    if (overdue.length) out.push([listSection(t(`${m}.overdue_actions`, { count: overdue.length }), overdue.map((a) => actionLine(a, t)), t)]);
    if (dueThisWeek.length) out.push([listSection(t(`${m}.due_actions`, { count: dueThisWeek.length }), dueThisWeek.map((a) => actionLine(a, t)), t)]);
  }
  if (model.network) {
    const { newOrganizations, newMembers, removedMembers } = model.network;
    const lines: string[] = [];
    if (newOrganizations.length) {
      lines.push(t(`${m}.new_organizations`, { organizations: newOrganizations.slice(0, MAX_ITEMS).map((o) => `${escapeMrkdwn(o.name)} (${escapeMrkdwn(o.shortName)})`).join(', ') + more(newOrganizations.length, t) }));
    }
    if (newMembers.length) {
      const members = newMembers.slice(0, MAX_ITEMS).map((x) => `<@${x.userId}> (${escapeMrkdwn(x.organization)})`).join(', ') + more(newMembers.length, t);
      lines.push(t(`${m}.new_members`, { count: newMembers.length, members }));
    }
    if (removedMembers) lines.push(t(`${m}.removed_members`, { count: removedMembers }));
    if (lines.length) out.push([section(`${t(`${m}.network`)}\n${lines.join('\n')}`)]);
  }
  return out;
}

/** One organization's line: its standing when known (not answered included), else the raw counts. */
export function attendanceLine(a: AttendanceLine, t: Translator): string {
  const organization = escapeMrkdwn(a.organization);
  if (a.status) return t(`digest.message.attendance_status.${a.status}`, { organization, yes: a.yes });
  return t('digest.message.attendance_line', { organization, yes: a.yes, no: a.no, maybe: a.maybe });
}

/** "N confirmed · N maybe · N declined · N not answered", when the lines carry a standing. */
function attendanceSummary(lines: AttendanceLine[], t: Translator): string | undefined {
  if (!lines.length || lines.some((l) => !l.status)) return undefined;
  const count = (s: AttendanceStatus) => lines.filter((l) => l.status === s).length;
  return t('digest.message.attendance_summary', { confirmed: count('confirmed'), maybe: count('maybe'), declined: count('declined'), pending: count('pending') });
}

function more(total: number, t: Translator): string {
  return total > MAX_ITEMS ? ` ${t('digest.message.more', { count: total - MAX_ITEMS })}` : '';
}

/** "The week in numbers": one line from whatever parts exist; empty when all are zero. */
export function weekInNumbers(model: DigestModel, t: Translator): string {
  const n = 'digest.message.numbers_items';
  const items: Array<[string, number | undefined]> = [
    [`${n}.new_offers`, model.offers?.newOffers.length],
    [`${n}.filled`, model.offers?.filled.length],
    [`${n}.referrals`, model.referrals?.newThisWeek],
    [`${n}.hired`, model.referrals?.byStatus.hired],
    [`${n}.meetings`, model.meetings?.heldThisWeek],
    [`${n}.polls`, model.polls?.open.length],
    [`${n}.overdue_actions`, model.actions?.overdue.length],
    [`${n}.organizations`, model.network?.newOrganizations.length],
    [`${n}.members`, model.network?.newMembers.length],
  ];
  const shown = items.filter(([, count]) => count).map(([key, count]) => t(key as Parameters<Translator>[0], { count: count ?? 0 }));
  return shown.length ? t('digest.message.numbers', { items: shown.join(' · ') }) : '';
}

/**
 * The weekly digest as a channel message (pure: the clock and zone are parameters). Empty
 * parts are left out; a week with nothing says so in one line; always within Block Kit limits.
 */
export function buildDigest(model: DigestModel, t: Translator, now: Date, tz: string, options: { preview?: boolean } = {}): MessageContent {
  // `now` is part of the contract (relative wording may use it); the period is absolute today.
  void now;
  const { from, to } = periodText(model, t, tz);
  const notes: string[] = [];
  if (options.preview) notes.push(t('digest.message.preview_note'));
  if (model.late) notes.push(t('digest.message.late', { scheduled: formatInstant(model.late.scheduledFor, tz, t.locale) }));
  const parts = sections(model, t, tz);
  if (parts.length === 0) {
    const line = t('digest.message.nothing', { from, to });
    return { text: line, blocks: [section(line), ...(notes.length ? [context(notes)] : [])] };
  }
  const blocks: Block[] = [header(t('digest.message.header')), context([t('digest.message.period', { from, to }), ...notes])];
  for (const part of parts.slice(0, Math.floor((LIMITS.messageBlocks - 6) / 2))) blocks.push(divider(), ...part);
  const numbers = weekInNumbers(model, t);
  if (numbers) blocks.push(divider(), section(numbers));
  blocks.push(context([t('digest.message.footer')]));
  return { text: `${t('digest.message.header')} · ${t('digest.message.period', { from, to })}`, blocks: blocks.slice(0, LIMITS.messageBlocks) };
}
