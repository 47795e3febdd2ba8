import { recordAudit } from '../../../platform/audit/audit-store';
import { AppError } from '../../../platform/errors';
import type { Locale } from '../../../platform/i18n/locales';
import { addDays, calendarDateIn, instantFromLocal } from '../../../platform/time';
import { requireCoordinator, type Actor } from '../../network';
import { resolveRange } from '../domain/riepilogo-command';
import type { IndicatorsModel } from '../domain/model';
import { indicatorsCsv } from '../exports/indicators-csv';
import { digestMessages } from '../messages';
import { composeIndicators } from './compose';
import type { DigestDeps } from './deps';

/** A file the Slack side delivers as it is. */
export interface ExportFile {
  filename: string;
  title: string;
  content: Buffer;
  comment: string;
}

export interface IndicatorsReport {
  model: IndicatorsModel;
  /** Every figure as CSV, headers in the reader's language. */
  file: ExportFile;
}

/** The project's indicators, for coordinators: aggregates only, and every reading is on record. */
export class Indicators {
  constructor(private readonly deps: DigestDeps) {}

  /** Over inclusive local dates: the given ones, else from 1 January to today. */
  async report(actor: Actor, input: { from?: string; to?: string }, locale: Locale): Promise<IndicatorsReport> {
    requireCoordinator(actor);
    const { db, tz, clock, areas } = this.deps;
    const now = clock.now();
    const range = resolveRange(input, calendarDateIn(now, tz));
    if (!range) throw new AppError('invalid_input', { reason: digestMessages.text((m) => m.indicators.reversed({ from: input.from ?? '', to: input.to ?? '' })) });
    const start = instantFromLocal(range.from, '00:00', tz);
    const end = instantFromLocal(addDays(range.to, 1), '00:00', tz);
    if (!start || !end) throw new AppError('invalid_input', { reason: digestMessages.text((m) => m.indicators.usage) });
    const model = await composeIndicators(db.q, areas, { start, end, dates: range }, { now, tz });
    // Aggregates only, but they cover referrals: who looked, and when, is on record (DESIGN.md §7).
    await db.write([], (q) => recordAudit(q, { actorUserId: actor.userId, action: 'indicators.read', entity: 'indicators', entityId: null, after: range }));
    const m = digestMessages(locale).indicators;
    return {
      model,
      file: {
        filename: `isonew-indicatori-${range.from}-${range.to}.csv`,
        title: m.csv_title({ from: range.from, to: range.to }),
        content: indicatorsCsv(model, locale, tz),
        comment: m.csv_comment({ from: range.from, to: range.to }),
      },
    };
  }
}
