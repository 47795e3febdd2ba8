import type { NotificationSettings } from '../../../platform/notifications';
import type { Clock } from '../../../platform/clock';
import type { Db } from '../../../platform/database/transaction';
import type { Locale } from '../../../platform/i18n/locales';
import type { Actor } from '../../network';
import type { Contributions } from './compose';

/** Who people are, as the network area tells the digest area (wired by the composition root). */
export interface People {
  /** Who a Slack user is (a non-member has no role). */
  actorOf(userId: string): Promise<Actor>;
  /** The coordinators, named on a non-member's App Home. */
  coordinatorIds(): Promise<string[]>;
}

/** What the digest area's use cases are built with. */
export interface DigestDeps {
  /** The request path's connections. */
  db: Db;
  /** Jobs' and renderers' connections. */
  backgroundDb: Db;
  clock: Clock;
  /** APP_TIMEZONE: schedules and dates are wall-clock times there. */
  tz: string;
  /** The language of a new subscription. */
  defaultLocale: Locale;
  /** Delivers what was asked for (after commit). */
  outbox: { kick(): void };
  areas: Contributions;
  people: People;
  /** Each member's notification settings (the App Home's switches). */
  notifications: Pick<NotificationSettings, 'of' | 'set'>;
}
