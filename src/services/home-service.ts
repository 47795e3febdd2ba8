import type { AppConfig } from '../config';
import type { Knex } from '../repositories/transaction';
import type { HomeModel } from '../domain/digest/model';
import type { Actor } from '../domain/network/types';
import { translator } from '../i18n';
import type { Logger } from '../lib/logger';
import { listMembers } from '../repositories/members-repository';
import { homeView } from '../slack/views/home-views';
import type { ActorService } from './actor-service';
import { mergeContributions, reportingAreas, type ReportingArea } from './reporting';
import type { SlackClient } from './slack-types';

/**
 * The App Home: each member's dashboard, published with views.publish when they open the
 * app and refreshed by any area when that member's data changes (`refresh(userId)`).
 */
/** At most this many Home tabs are refreshed for one change (the others refresh when opened). */
export const MAX_REFRESHED_HOMES = 50;

/** What other services need to refresh Home tabs after a change (never throws). */
export interface HomeRefresher {
  refresh(userId: string): Promise<void>;
  refreshOrganizations(organizationIds: number[]): Promise<void>;
}

export class HomeService implements HomeRefresher {
  private readonly areas: ReportingArea[];

  constructor(
    private readonly deps: {
      db: Knex;
      client: SlackClient;
      config: Pick<AppConfig, 'timezone'>;
      logger: Logger;
      actors: ActorService;
      areas?: ReportingArea[];
    },
  ) {
    this.areas = deps.areas ?? reportingAreas;
  }

  async model(actor: Actor, now: Date): Promise<HomeModel> {
    const coordinatorIds = await this.deps.actors.coordinatorIds();
    if (!actor.role) return { viewer: null, coordinatorIds };
    const org = actor.member?.organization;
    const base: HomeModel = {
      viewer: { userId: actor.userId, role: actor.role, organization: org ? { name: org.name, shortName: org.shortName } : undefined },
      coordinatorIds,
    };
    const ctx = { now, tz: this.deps.config.timezone };
    const parts = await Promise.all(this.areas.map((a) => (a.home ? a.home(this.deps.db, actor, ctx) : Promise.resolve({}))));
    return mergeContributions(base, parts);
  }

  /** Builds and publishes the actor's Home tab; throws on failure (the caller logs). */
  async publish(actor: Actor, now = new Date()): Promise<void> {
    const view = homeView(await this.model(actor, now), translator(actor.locale), now, this.deps.config.timezone);
    await this.deps.client.views.publish({ user_id: actor.userId, view });
  }

  /**
   * Re-publishes a member's Home after their data changed. Never throws: a failure is logged
   * and the next app_home_opened rebuilds the tab anyway.
   */
  async refresh(userId: string): Promise<void> {
    try {
      await this.publish(await this.deps.actors.resolve(userId, null));
    } catch (error) {
      this.deps.logger.warn({ user: userId, err: error instanceof Error ? error.message : String(error) }, 'could not refresh the App Home');
    }
  }

  /**
   * Re-publishes the Home of the members of these organizations (the first MAX_REFRESHED_HOMES,
   * one after the other so a burst stays within views.publish's rate). Never throws.
   */
  async refreshOrganizations(organizationIds: number[]): Promise<void> {
    const ids = [...new Set(organizationIds)];
    if (ids.length === 0) return;
    try {
      const members = await listMembers(this.deps.db, { organizationIds: ids });
      for (const member of members.slice(0, MAX_REFRESHED_HOMES)) await this.refresh(member.userId);
    } catch (error) {
      this.deps.logger.warn({ organizations: ids, err: error instanceof Error ? error.message : String(error) }, 'could not refresh the App Homes');
    }
  }
}
