/**
 * Transitional: the use-case bag of areas not yet built by their own `create…Area` (their
 * listeners reach it as `req.services`). Each area moves out of here into its entry file.
 */
import type { HomeRefresher } from '../areas/digest';
import type { ActorService, NetworkArea } from '../areas/network';
import { PollService } from '../areas/polls/use-cases/poll-service';
import type { ChangeAware } from '../platform/cache';
import type { MessagePublisher } from '../platform/outbox/publisher';
import type { Platform } from '../platform/runtime';
import type { DirectMessages } from '../platform/slack/direct-messages';

export interface Services {
  publisher: MessagePublisher;
  directMessages: DirectMessages;
  /** Transitional: Home refreshes for areas that do not call platform.homeTabs themselves yet. */
  home: HomeRefresher;
  polls: PollService;
  /** True the first time an event id is seen; false for Slack's retries. */
  firstDelivery(eventId: string): Promise<boolean>;
  /** What is kept in memory until the database announces a change. */
  caches: ChangeAware[];
}

export function createServices(platform: Platform, network: NetworkArea): Services {
  const deps = { db: platform.db.q, backgroundDb: platform.backgroundDb.q, client: platform.client, config: platform.config, logger: platform.logger };
  const { publisher, directMessages } = platform;
  const actors: ActorService = { resolve: network.resolveActor, localeOf: network.localeOf, coordinatorIds: network.coordinatorIds };
  const { homeTabs } = platform;
  const home: HomeRefresher = {
    refresh: async (userId) => homeTabs.refresh([userId]),
    refreshOrganizations: async (organizationIds) => homeTabs.refreshOrganizations(organizationIds),
  };
  return {
    publisher,
    directMessages,
    home,
    polls: new PollService({ ...deps, publisher, directMessages, actors, home }),
    firstDelivery: platform.firstDelivery,
    caches: platform.caches,
  };
}
