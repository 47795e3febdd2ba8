import type { AppConfig } from '../config';
import type { Knex } from '../db';
import type { Logger } from '../lib/logger';
import { rememberEvent } from '../repositories/slack-events-repository';
import { ActorService } from './actor-service';
import { DirectMessages } from './direct-messages';
import { MessagePublisher } from './message-publisher';
import { NetworkService } from './network-service';
import { PollService } from './poll-service';
import type { SlackClient } from './slack-types';

export interface ServiceDeps {
  db: Knex;
  client: SlackClient;
  config: AppConfig;
  logger: Logger;
  /** Options for the message publisher (tests shorten its intervals). */
  publisher?: { minIntervalMs?: number; sweepMs?: number };
}

/** Every use case, built once per process and shared by listeners and jobs. */
export interface Services {
  actors: ActorService;
  network: NetworkService;
  publisher: MessagePublisher;
  directMessages: DirectMessages;
  polls: PollService;
  /** True the first time an event id is seen; false for Slack's retries. */
  firstDelivery(eventId: string): Promise<boolean>;
}

export function createServices(deps: ServiceDeps): Services {
  const publisher = new MessagePublisher({ db: deps.db, client: deps.client, logger: deps.logger, ...deps.publisher });
  return {
    actors: new ActorService(deps),
    network: new NetworkService(deps),
    publisher,
    directMessages: new DirectMessages(deps),
    polls: new PollService({ ...deps, publisher, directMessages: new DirectMessages(deps), actors: new ActorService(deps) }),
    firstDelivery: (eventId) => rememberEvent(deps.db, eventId),
  };
}
