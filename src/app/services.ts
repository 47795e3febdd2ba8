/**
 * Transitional: the use-case bag of areas not yet built by their own `create…Area` (their
 * listeners reach it as `req.services`). Each area moves out of here into its entry file.
 */
import { ActorService } from '../areas/network/use-cases/actor-service';
import { DigestService } from '../areas/digest/use-cases/digest-service';
import { HomeService } from '../areas/digest/use-cases/home-service';
import { NetworkService } from '../areas/network/use-cases/network-service';
import { OffersService } from '../areas/offers/use-cases/offers-service';
import { TableService } from '../areas/table/use-cases/table-service';
import type { ChangeAware } from '../platform/cache';
import type { MessagePublisher } from '../platform/outbox/publisher';
import type { Platform } from '../platform/runtime';
import type { DirectMessages } from '../platform/slack/direct-messages';

export interface Services {
  actors: ActorService;
  network: NetworkService;
  offers: OffersService;
  publisher: MessagePublisher;
  directMessages: DirectMessages;
  digests: DigestService;
  home: HomeService;
  table: TableService;
  /** True the first time an event id is seen; false for Slack's retries. */
  firstDelivery(eventId: string): Promise<boolean>;
  /** What is kept in memory until the database announces a change. */
  caches: ChangeAware[];
}

export function createServices(platform: Platform): Services {
  const deps = { db: platform.db.q, backgroundDb: platform.backgroundDb.q, client: platform.client, config: platform.config, logger: platform.logger };
  const { publisher, directMessages } = platform;
  const actors = new ActorService(deps);
  const home = new HomeService({ ...deps, actors, homeTabs: platform.homeTabs });
  const offers = new OffersService({ ...deps, publisher, home });
  const network = new NetworkService(deps);
  platform.caches.push(actors.cache, network.directoryCache, offers.listCache, offers.settingCache);
  return {
    actors,
    network,
    offers,
    publisher,
    directMessages,
    digests: new DigestService(deps),
    home,
    table: new TableService({ ...deps, publisher, directMessages, actors }),
    firstDelivery: platform.firstDelivery,
    caches: platform.caches,
  };
}
