import type { HomeTabs } from '../../../platform/slack/home-tabs';
import type { AppConfig } from '../../../platform/config';
import type { Knex } from '../../../platform/database/transaction';
import type { HomeModel } from '../domain/model';
import type { Actor } from '../../network';
import { translator } from '../../../platform/i18n';
import type { Logger } from '../../../platform/logger';
import { homeView } from '../slack/home-views';
import type { ActorService } from '../../network';
import { mergeContributions, reportingAreas, type ReportingArea } from './reporting';
import type { SlackClient } from '../../../platform/slack/types';

/** What other services need to refresh Home tabs after a change (never throws). */
export interface HomeRefresher {
  refresh(userId: string): Promise<void>;
  refreshOrganizations(organizationIds: number[]): Promise<void>;
}

/**
 * The App Home: each member's dashboard, published with views.publish when they open the
 * app and refreshed by any area when that member's data changes (`refresh(userId)`).
 */
export class HomeService implements HomeRefresher {
  private readonly areas: ReportingArea[];

  constructor(
    private readonly deps: {
      db: Knex;
      /** Background refreshes read through this pool (PostgreSQL), so they never take a request's connection. */
      backgroundDb?: Knex;
      client: SlackClient;
      config: Pick<AppConfig, 'timezone'>;
      logger: Logger;
      actors: ActorService;
      areas?: ReportingArea[];
      homeTabs: HomeTabs;
    },
  ) {
    this.areas = deps.areas ?? reportingAreas;
    deps.homeTabs.setRenderer(async (userId) => {
      const actor = await deps.actors.resolve(userId, null);
      const now = new Date();
      return homeView(await this.model(actor, now, deps.backgroundDb ?? deps.db), translator(actor.locale), now, deps.config.timezone);
    });
  }

  async model(actor: Actor, now: Date, db: Knex = this.deps.db): Promise<HomeModel> {
    const coordinatorIds = await this.deps.actors.coordinatorIds();
    if (!actor.role) return { viewer: null, coordinatorIds };
    const org = actor.member?.organization;
    const base: HomeModel = {
      viewer: { userId: actor.userId, role: actor.role, organization: org ? { name: org.name, shortName: org.shortName } : undefined },
      coordinatorIds,
    };
    const ctx = { now, tz: this.deps.config.timezone };
    const parts = await Promise.all(this.areas.map((a) => (a.home ? a.home(db, actor, ctx) : Promise.resolve({}))));
    return mergeContributions(base, parts);
  }

  /** Builds and publishes the actor's Home tab; throws on failure (the caller logs). */
  async publish(actor: Actor, now = new Date(), db: Knex = this.deps.db): Promise<void> {
    const view = homeView(await this.model(actor, now, db), translator(actor.locale), now, this.deps.config.timezone);
    await this.deps.client.views.publish({ user_id: actor.userId, view });
  }

  /** Asks for a member's Home to be re-published after their data changed; returns at once (platform HomeTabs). */
  async refresh(userId: string): Promise<void> {
    this.deps.homeTabs.refresh([userId]);
  }

  /** Resolves once every requested refresh has been published (or has failed): for tests and benchmarks. */
  idle(): Promise<void> {
    return this.deps.homeTabs.idle();
  }

  /** Stops background refreshes (the app is shutting down). */
  stop(): void {
    this.deps.homeTabs.stop();
  }

  /** Re-publishes the Home of the members of these organizations. Never throws. */
  async refreshOrganizations(organizationIds: number[]): Promise<void> {
    this.deps.homeTabs.refreshOrganizations(organizationIds);
  }
}
