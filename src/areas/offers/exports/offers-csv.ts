import type { Offer, ReferralCounts } from '../domain/types';
import { emptyCounts, totalReferrals } from '../domain/types';
import type { Locale } from '../../../platform/i18n/locales';
import { csvFile, type CsvCell } from '../../../platform/exports/csv';
import { offersMessages } from '../messages';
import { offerStatusName } from '../domain/kind-labels';

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
  'end_date',
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
 * no candidate codes or notes, in the reader's language, written by the platform's CSV module.
 */
export function offersCsv(offers: Offer[], counts: Map<number, ReferralCounts>, locale: Locale, tz: string): Buffer {
  const m = offersMessages(locale);
  const rows = offers.map((o): CsvCell[] => {
    const c = counts.get(o.id) ?? emptyCounts();
    return [
      o.id,
      o.createdAt,
      o.organizationName,
      o.title,
      m.sectors[o.sector],
      o.contractType ? m.contracts[o.contractType] : m.course.label,
      o.positions,
      o.weeklyHours,
      o.location,
      o.startDate,
      o.endDate,
      o.deadline,
      offerStatusName(m, o.kind, o.status),
      o.statusChangedAt,
      o.filledAt,
      totalReferrals(c),
      c.proposed,
      c.interview,
      c.hired,
      c.not_selected,
      c.withdrawn,
    ];
  });
  return csvFile({ headers: COLUMNS.map((key) => m.export.columns[key]), rows }, { locale, tz });
}
