/**
 * The digest area's entry file: the only file other areas (and src/app) import.
 * docs/ARCHITECTURE.md says what belongs here.
 *
 * The digest area reads every other area's reporting contribution (handed to it by the
 * composition root) and composes the weekly digest, the App Home and the indicators; no other
 * area reads it.
 */
import type { AreaModule } from '../../platform/area';
import type { Platform } from '../../platform/runtime';
import type { Actor, NetworkReporting } from '../network';
import type { OffersReporting } from '../offers';
import type { PollsReporting } from '../polls';
import type { TableReporting } from '../table';
import type { PathwaysReporting } from '../pathways';
import { digestJob } from './jobs/digest-job';
import { networkMapJob } from './jobs/network-map-job';
import { drawNetworkMap } from './slack/chart-views';
import { digestFeature } from './slack/listeners';
import { registerDigestRenderers } from './slack/renderers';
import type { People } from './use-cases/deps';
import { HomeDashboards } from './use-cases/home';
import { Indicators } from './use-cases/indicators';
import { NetworkMaps } from './use-cases/network-map';
import { DigestSubscriptions } from './use-cases/subscriptions';
import { WeeklyDigests } from './use-cases/weekly-digest';

export type { DigestRunReport } from './use-cases/weekly-digest';

export interface DigestAreaDeps {
  /** Who people are, and the network's reporting contribution. */
  network: People & { reporting: NetworkReporting };
  offers: OffersReporting;
  table: TableReporting;
  polls: PollsReporting;
  pathways: PathwaysReporting;
}

/** The area's Slack side and job, and its use cases (for tests and tools). */
export interface DigestArea extends AreaModule<Actor> {
  /** The weekly digest: what is due (the job's run), the preview. */
  weekly: WeeklyDigests;
  subscriptions: DigestSubscriptions;
  indicators: Indicators;
  /** The App Home tabs' models. */
  homes: HomeDashboards;
  /** The coordinators' network map (weekly job, on demand). */
  networkMaps: NetworkMaps;
}

export function createDigestArea(platform: Platform, deps: DigestAreaDeps): DigestArea {
  const tz = platform.config.timezone;
  const useCaseDeps = {
    db: platform.db,
    backgroundDb: platform.backgroundDb,
    clock: platform.clock,
    tz,
    defaultLocale: platform.config.defaultLocale,
    outbox: platform.outbox,
    areas: { network: deps.network.reporting, offers: deps.offers, table: deps.table, polls: deps.polls, pathways: deps.pathways },
    people: deps.network,
    notifications: platform.notificationSettings,
  };
  const weekly = new WeeklyDigests(useCaseDeps);
  const subscriptions = new DigestSubscriptions(useCaseDeps);
  const indicators = new Indicators(useCaseDeps);
  const homes = new HomeDashboards(useCaseDeps);
  const networkMaps = new NetworkMaps({ ...useCaseDeps, pictures: platform.chartImages, draw: drawNetworkMap });
  registerDigestRenderers(platform, { weekly, homes, networkMaps }, tz);
  return {
    feature: digestFeature({ subscriptions, weekly, indicators, homes, networkMaps, homeTabs: platform.homeTabs, directMessages: platform.directMessages, tz }),
    jobs: [digestJob(weekly), networkMapJob(networkMaps)],
    weekly,
    subscriptions,
    indicators,
    homes,
    networkMaps,
  };
}

/**
 * Transitional: what the offers and polls services call to refresh App Homes, until they call
 * `platform.homeTabs` themselves (src/app/services.ts builds it on the platform's Home tabs).
 * @deprecated use `platform.homeTabs.refresh(userIds)` / `.refreshOrganizations(ids)`.
 */
export interface HomeRefresher {
  refresh(userId: string): Promise<void>;
  refreshOrganizations(organizationIds: number[]): Promise<void>;
}
