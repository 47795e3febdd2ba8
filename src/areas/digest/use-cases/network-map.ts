import type { Locale } from '../../../platform/i18n/locales';
import type { PictureSpec } from '../../../platform/charts/spec';
import { addDays, calendarDateIn, instantFromLocal } from '../../../platform/time';
import type { IndicatorsModel } from '../domain/model';
import { composeIndicators } from './compose';
import type { DigestDeps } from './deps';

/** How the Slack side draws the network map of an indicators model, in a language. */
export type DrawNetworkMap = (model: IndicatorsModel, locale: Locale) => { spec: PictureSpec; altText: string };

/** Where pictures are uploaded (the platform's chart images). */
export interface PictureStore {
  fileFor(key: string, spec: PictureSpec, altText: string): Promise<{ fileId: string; altText: string; uploaded: boolean }>;
  latest(key: string): Promise<{ fileId: string; altText: string; createdAt: Date } | undefined>;
}

/** The network map the App Home shows: the last 12 months, in the app's default language. */
export function networkMapKey(locale: Locale): string {
  return `network-map:${locale}`;
}

/**
 * The coordinators' network map (organizations, referrals between them, attendance at the
 * table) as an uploaded PNG: redrawn weekly by the job and on demand. The same figures keep the
 * file already uploaded (no second upload when the job runs twice or on two replicas after it).
 */
export class NetworkMaps {
  constructor(private readonly deps: DigestDeps & { pictures: PictureStore; draw: DrawNetworkMap }) {}

  /** The map of the 12 months up to `now`, uploaded if its figures changed. */
  async refresh(now: Date): Promise<{ fileId: string; uploaded: boolean }> {
    const { backgroundDb, areas, tz, defaultLocale, pictures, draw } = this.deps;
    const today = calendarDateIn(now, tz);
    const from = addDays(today, -365);
    const start = instantFromLocal(from, '00:00', tz) ?? now;
    const model = await composeIndicators(backgroundDb.q, areas, { start, end: now, dates: { from, to: today } }, { now, tz });
    const { spec, altText } = draw(model, defaultLocale);
    return pictures.fileFor(networkMapKey(defaultLocale), spec, altText);
  }

  /** The map of an indicators report (its range), for the coordinator who asked. */
  async ofReport(model: IndicatorsModel, locale: Locale): Promise<{ fileId: string; altText: string }> {
    const { spec, altText } = this.deps.draw(model, locale);
    return this.deps.pictures.fileFor(`network-map:report:${locale}:${model.range.from}:${model.range.to}`, spec, altText);
  }

  /** The map the job last uploaded, if any. */
  latest(): Promise<{ fileId: string; altText: string } | undefined> {
    return this.deps.pictures.latest(networkMapKey(this.deps.defaultLocale));
  }
}
