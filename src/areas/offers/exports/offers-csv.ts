import { stringify } from 'csv-stringify/sync';
import type { Offer, ReferralCounts } from '../domain/types';
import { emptyCounts, totalReferrals } from '../domain/types';
import { LOCALE_CONVENTIONS, type Locale } from '../../../platform/i18n/locales';
import { calendarDateIn } from '../../../platform/time';
import { offersMessages } from '../messages';

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

/**
 * The offers CSV for the project's reporting: one row per offer with referral counts by outcome,
 * no candidate codes or notes, in the reader's language. Built with csv-stringify (quoting, embedded
 * separators and newlines handled there), UTF-8 with a BOM so Excel reads the accents right, with
 * the separators spreadsheets of that language expect (LOCALE_CONVENTIONS: ';' in Italian, ',' in English).
 */
export function offersCsv(offers: Offer[], counts: Map<number, ReferralCounts>, locale: Locale, tz: string): Buffer {
  const m = offersMessages(locale);
  const csv = LOCALE_CONVENTIONS[locale].csv;
  const date = (d: Date | null) => (d ? calendarDateIn(d, tz) : '');
  const rows = offers.map((o) => {
    const c = counts.get(o.id) ?? emptyCounts();
    const values = [
      o.id,
      date(o.createdAt),
      o.organizationName,
      o.title,
      m.sectors[o.sector],
      m.contracts[o.contractType],
      o.positions,
      o.weeklyHours ?? '',
      o.location,
      o.startDate ?? '',
      o.deadline,
      m.statuses[o.status],
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
    delimiter: csv.delimiter,
    header: true,
    columns: COLUMNS.map((key) => ({ key, header: m.export.columns[key] })),
    record_delimiter: csv.recordDelimiter,
  });
  return Buffer.from(text, 'utf8');
}
