import type { Platform } from '../../../platform/runtime';
import type { HomeDashboards } from '../use-cases/home';
import { DIGEST_POST, type WeeklyDigests } from '../use-cases/weekly-digest';
import { buildDigest } from './digest-views';
import type { Locale } from '../../../platform/i18n/locales';
import { classifySlackError } from '../../../platform/slack/slack-errors';
import type { HomeModel } from '../domain/model';
import { digestMessages } from '../messages';
import type { NetworkMaps } from '../use-cases/network-map';
import { funnelOf, funnelSpec, funnelText } from './chart-views';
import { homeView, type HomePictures } from './home-views';

/**
 * The digest area's renderers: the weekly digest the outbox posts (built for its week when it is
 * delivered, in the channel's language) and every App Home tab the platform publishes.
 */
export function registerDigestRenderers(
  platform: Pick<Platform, 'outbox' | 'homeTabs' | 'chartImages' | 'logger'>,
  use: { weekly: WeeklyDigests; homes: HomeDashboards; networkMaps: NetworkMaps },
  tz: string,
): void {
  // A digest lists offers by title: a corrected title is corrected in the digests already posted.
  platform.outbox.register(
    DIGEST_POST,
    async (params, { locale, q, now }) => {
      const model = await use.weekly.ofPost(q, params, now);
      return model ? buildDigest(model, locale, now, tz) : undefined;
    },
    { showsTextsOf: ['offer'] },
  );
  platform.homeTabs.setRenderer(async (userId) => {
    const { model, locale, now } = await use.homes.of(userId);
    return homeView(model, locale, now, tz, model.coordinator ? await homePictures(model.coordinator, locale) : undefined);
  });

  /**
   * The coordinators' pictures: the funnel of the year (Slack's chart block is not allowed on the
   * App Home, so it is a PNG, uploaded again only when its figures change) and the network map
   * the weekly job drew. A failed upload leaves the picture out; the table still has the figures.
   */
  async function homePictures(figures: NonNullable<HomeModel['coordinator']>, locale: Locale): Promise<HomePictures> {
    const pictures: HomePictures = {};
    try {
      const funnel = funnelOf(figures.funnelThisYear, figures.employedAfterSixMonthsThisYear);
      if (funnel) {
        const spec = funnelSpec(funnel, locale, digestMessages(locale).charts.funnel_this_year);
        pictures.funnel = await platform.chartImages.fileFor(`home-funnel:${locale}`, spec, funnelText(funnel, locale));
      }
      pictures.networkMap = await use.networkMaps.latest();
    } catch (error) {
      platform.logger.warn({ reason: classifySlackError(error).reason }, 'could not upload the App Home chart');
    }
    return pictures;
  }
}
