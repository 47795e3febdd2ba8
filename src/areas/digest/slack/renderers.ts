import type { Platform } from '../../../platform/runtime';
import type { HomeDashboards } from '../use-cases/home';
import { DIGEST_POST, type WeeklyDigests } from '../use-cases/weekly-digest';
import { buildDigest } from './digest-views';
import { homeView } from './home-views';

/**
 * The digest area's renderers: the weekly digest the outbox posts (built for its week when it is
 * delivered, in the channel's language) and every App Home tab the platform publishes.
 */
export function registerDigestRenderers(platform: Pick<Platform, 'outbox' | 'homeTabs'>, use: { weekly: WeeklyDigests; homes: HomeDashboards }, tz: string): void {
  platform.outbox.register(DIGEST_POST, async (params, { locale, q, now }) => {
    const model = await use.weekly.ofPost(q, params, now);
    return model ? buildDigest(model, locale, now, tz) : undefined;
  });
  platform.homeTabs.setRenderer(async (userId) => {
    const { model, locale, now } = await use.homes.of(userId);
    return homeView(model, locale, now, tz);
  });
}
