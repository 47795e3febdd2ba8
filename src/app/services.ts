import type { AppConfig } from '../platform/config';
import type { Knex } from '../platform/database/transaction';
import type { Logger } from '../platform/logger';
import { rememberEvent } from '../platform/slack/events-store';
import { ActorService } from '../areas/network/use-cases/actor-service';
import type { ChangeAware } from '../platform/cache';
import { DigestService } from '../areas/digest/use-cases/digest-service';
import { DirectMessages } from '../platform/outbox/direct-messages';
import { HomeService } from '../areas/digest/use-cases/home-service';
import { MessagePublisher } from '../platform/outbox/publisher';
import { NetworkService } from '../areas/network/use-cases/network-service';
import { OffersService } from '../areas/offers/use-cases/offers-service';
import { PollService } from '../areas/polls/use-cases/poll-service';
import type { SlackClient } from '../platform/slack/types';
import { TableService } from '../areas/table/use-cases/table-service';

export interface ServiceDeps {
  db: Knex;
  /** Connections for background work (the publisher); defaults to `db`. */
  backgroundDb?: Knex;
  client: SlackClient;
  config: AppConfig;
  logger: Logger;
  /** Options for the message publisher (tests shorten its intervals). */
  publisher?: { minIntervalMs?: number; sweepMs?: number };
  /** How often one member's App Home may be republished (tests shorten it). */
  homeRefreshWindowMs?: number;
}

/** Every use case, built once per process and shared by listeners and jobs. */
export interface Services {
  actors: ActorService;
  network: NetworkService;
  offers: OffersService;
  publisher: MessagePublisher;
  directMessages: DirectMessages;
  digests: DigestService;
  home: HomeService;
  table: TableService;
  polls: PollService;
  /** True the first time an event id is seen; false for Slack's retries. */
  firstDelivery(eventId: string): Promise<boolean>;
  /** What is kept in memory until the database announces a change (src/main.ts wires the LISTEN). */
  caches: ChangeAware[];
}

export function createServices(deps: ServiceDeps): Services {
  const directMessages = new DirectMessages(deps);
  const publisher = new MessagePublisher({ db: deps.backgroundDb ?? deps.db, client: deps.client, logger: deps.logger, directMessages, ...deps.publisher });
  const actors = new ActorService(deps);
  const home = new HomeService({ ...deps, actors, refreshWindowMs: deps.homeRefreshWindowMs });
  const offers = new OffersService({ ...deps, publisher, home });
  const network = new NetworkService(deps);
  return {
    actors,
    network,
    offers,
    publisher,
    directMessages,
    digests: new DigestService(deps),
    home,
    table: new TableService({ ...deps, publisher, directMessages, actors }),
    polls: new PollService({ ...deps, publisher, directMessages, actors, home }),
    firstDelivery: (eventId) => rememberEvent(deps.db, eventId),
    caches: [actors.cache, network.directoryCache, offers.listCache, offers.settingCache, home.membersCache],
  };
}
