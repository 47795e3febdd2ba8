import { stringify } from 'csv-stringify/sync';
import type { Offer, ReferralCounts } from '../domain/types';
import { emptyCounts, totalReferrals } from '../domain/types';
import type { Translator } from '../../../platform/i18n';
import { calendarDateIn } from '../../../platform/time';

const COLUMNS = [
  'id',
  'created_at',
  'organization',
  'title',
  'sector',
  'contract',
  'positions',
  'weekly_hours',
  'location',
  'start_date',
  'deadline',
  'status',
  'status_changed_at',
  'filled_at',
  'referrals',
  'proposed',
  'interview',
  'hired',
  'not_selected',
  'withdrawn',
] as const;

/** Excel in an Italian locale expects ';' between fields; English Excel expects ','. */
export function csvDelimiter(locale: Translator['locale']): string {
  return locale === 'it' ? ';' : ',';
}

/**
 * The offers CSV for the project's reporting: one row per offer with referral counts by outcome,
 * no candidate codes or notes. Built with csv-stringify (quoting, embedded separators and
 * newlines handled there), UTF-8 with a BOM so Excel reads the accents right.
 */
export function offersCsv(offers: Offer[], counts: Map<number, ReferralCounts>, t: Translator, tz: string): Buffer {
  const date = (d: Date | null) => (d ? calendarDateIn(d, tz) : '');
  const rows = offers.map((o) => {
    const c = counts.get(o.id) ?? emptyCounts();
    const values = [
      o.id,
      date(o.createdAt),
      o.organizationName,
      o.title,
      t(`offers.sectors.${o.sector}`),
      t(`offers.contracts.${o.contractType}`),
      o.positions,
      o.weeklyHours ?? '',
      o.location,
      o.startDate ?? '',
      o.deadline,
      t(`offers.statuses.${o.status}`),
      date(o.statusChangedAt),
      date(o.filledAt),
      totalReferrals(c),
      c.proposed,
      c.interview,
      c.hired,
      c.not_selected,
      c.withdrawn,
    ];
    return Object.fromEntries(COLUMNS.map((key, i) => [key, values[i]]));
  });
  const text = stringify(rows, {
    bom: true,
    // The file is opened in Excel: a title starting with = + - @ must stay text, never a formula.
    escape_formulas: true,
    delimiter: csvDelimiter(t.locale),
    header: true,
    columns: COLUMNS.map((key) => ({ key, header: t(`offers.export.columns.${key}`) })),
    record_delimiter: 'windows',
  });
  return Buffer.from(text, 'utf8');
}
