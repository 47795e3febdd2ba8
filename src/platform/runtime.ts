import type { ChangeAware } from './cache';
import { ChartImages } from './charts/chart-images';
import { ChartRenderer } from './charts/chart-renderer';
import type { Clock } from './clock';
import type { AppConfig } from './config';
import type { Database } from './database';
import { createDb, type Db } from './database/transaction';
import type { Locale } from './i18n/locales';
import type { Logger } from './logger';
import { NotificationKinds, NotificationSettings } from './notifications';
import { Outbox } from './outbox/outbox';
import { CodeHolders } from './privacy';
import { registerPlatformPosts } from './outbox/platform-posts';
import { MessagePublisher } from './outbox/publisher';
import { ChannelCanvases } from './slack/canvases';
import { DirectMessages } from './slack/direct-messages';
import { HomeTabs } from './slack/home-tabs';
import type { AckFirst } from './slack/ack-first';
import { loadSecrets, type Secrets } from './secrets';
import { forgetEvent, rememberEvent } from './slack/events-store';
import type { SlackClient } from './slack/types';

/** What the platform needs to know of people, from the network area (wired by the composition root). */
export interface People {
  /** The language a person reads. */
  localeOf(userId: string): Promise<Locale>;
  /** Whether a person wants posts of this kind (their notification settings). */
  wants?(userId: string, kind: string): Promise<boolean>;
  /** The members of these organizations (whose App Home to refresh). */
  membersOf(organizationIds: number[]): Promise<string[]>;
}

export interface PlatformOptions {
  /** Publisher timings (tests shorten them). */
  publisher?: { minIntervalMs?: number; sweepMs?: number };
  /** Outbox sweep (tests shorten it). */
  outbox?: { sweepMs?: number };
  /** How often one member's App Home may be republished (tests shorten it). */
  homeRefreshWindowMs?: number;
}

/**
 * The shared platform every area is built with: configuration, the clock, the logger, the
 * database (request path and background), Slack's client, the publisher of mirrored channel
 * messages, the outbox of one-shot posts, direct messages, and the caches the database's change
 * announcements empty. Areas receive it whole and take what they use.
 */
export interface Platform {
  config: AppConfig;
  clock: Clock;
  logger: Logger;
  /** The request path's connections. */
  db: Db;
  /** Connections for background work (publisher, outbox, jobs, Home tabs): a burst of requests cannot starve them. */
  backgroundDb: Db;
  client: SlackClient;
  publisher: MessagePublisher;
  outbox: Outbox;
  directMessages: DirectMessages;
  /** App Home tabs republished in the background after a change (the digest area renders them). */
  homeTabs: HomeTabs;
  /** Charts and the network map as PNG files uploaded to Slack (where the chart block is not allowed). */
  chartImages: ChartImages;
  /** Channel canvases the app writes (the table channel's minutes). */
  canvases: ChannelCanvases;
  /** The kinds of DM a member can turn off: areas register theirs, the App Home shows the switches. */
  notifications: NotificationKinds;
  /** Each member's choice of kinds (People.wants reads it; the App Home shows and sets it). */
  notificationSettings: NotificationSettings;
  /** The app's secret and the keys derived from it (never stored in the database). */
  secrets: Secrets;
  /** Every area that keeps candidate codes: access requests and erasures reach each of them. */
  codeHolders: CodeHolders;
  /** Every cache kept until the database announces a change (src/platform/cache.ts); areas add theirs. */
  caches: ChangeAware[];
  /** True the first time a Slack event id is seen; false for Slack's retries. */
  firstDelivery(eventId: string): Promise<boolean>;
  /** Forgets an id `firstDelivery` saw (a modal submission refused or failed may be sent again). */
  forgetDelivery(eventId: string): Promise<void>;
}

export function createPlatform(input: {
  config: AppConfig;
  clock: Clock;
  logger: Logger;
  database: Database;
  client: SlackClient;
  people: People;
  options?: PlatformOptions;
  /** Requests waiting for their ack (HTTP mode): background work lets them go first. */
  ackFirst?: AckFirst;
}): Platform {
  const { config, clock, logger, database, client, people, options = {}, ackFirst } = input;
  const db = createDb(database.knex);
  const backgroundDb = createDb(database.background);
  const outbox = new Outbox({
    db: database.background,
    client,
    logger,
    clock,
    defaultLocale: config.defaultLocale,
    localeOf: (userId) => people.localeOf(userId),
    wants: (userId, kind) => (people.wants ? people.wants(userId, kind) : Promise.resolve(true)),
    sweepMs: options.outbox?.sweepMs,
  });
  registerPlatformPosts(outbox);
  const notifications = new NotificationKinds();
  const publisher = new MessagePublisher({ db: database.background, client, logger, clock, outbox, ...options.publisher });
  return {
    config,
    clock,
    logger,
    db,
    backgroundDb,
    client,
    publisher,
    outbox,
    directMessages: new DirectMessages({ client, logger }),
    chartImages: new ChartImages({ client, db: backgroundDb, clock, logger, renderer: new ChartRenderer() }),
    canvases: new ChannelCanvases({ client, db: backgroundDb, clock }),
    notifications,
    notificationSettings: new NotificationSettings(notifications, backgroundDb),
    secrets: loadSecrets(config, logger),
    codeHolders: new CodeHolders(),
    homeTabs: new HomeTabs({ client, logger, membersOf: (ids) => people.membersOf(ids), windowMs: options.homeRefreshWindowMs, ackFirst }),
    caches: [],
    firstDelivery: (eventId) => rememberEvent(database.knex, eventId),
    forgetDelivery: (eventId) => forgetEvent(database.knex, eventId),
  };
}
