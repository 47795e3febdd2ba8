import { requireMember, type Actor } from '../../network';
import type { Locale } from '../../../platform/i18n/locales';
import type { HomeModel } from '../domain/model';
import { composeHome } from './compose';
import type { DigestDeps } from './deps';

/** A person's App Home as it is now, in their language. */
export interface HomeTab {
  model: HomeModel;
  locale: Locale;
  now: Date;
}

/**
 * The App Home: each member's dashboard, built from every area's part when they open the app and
 * whenever an area asks the platform's Home tabs to refresh it. Read through the background
 * connections, so a refresh never takes a request's.
 */
export class HomeDashboards {
  constructor(private readonly deps: DigestDeps) {}

  async of(userId: string): Promise<HomeTab> {
    const { people, backgroundDb, areas, clock, tz, notifications } = this.deps;
    const [actor, coordinatorIds] = await Promise.all([people.actorOf(userId), people.coordinatorIds()]);
    const now = clock.now();
    const model = await composeHome(backgroundDb.q, areas, actor, coordinatorIds, { now, tz });
    if (model.viewer) model.notifications = await notifications.of(userId, backgroundDb.q);
    return { model, locale: actor.locale, now };
  }

  /** A member keeps on exactly the kinds of DM in `enabled` (the App Home's switches). */
  async setNotifications(actor: Actor, enabled: readonly string[]): Promise<void> {
    requireMember(actor);
    await this.deps.notifications.set(actor.userId, enabled, this.deps.clock.now());
  }
}
