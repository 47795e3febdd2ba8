import { ChangeCache } from '../../../platform/cache';
import type { AppConfig } from '../../../platform/config';
import type { Knex } from '../../../platform/database/transaction';
import type { HomeModel } from '../domain/model';
import type { Actor } from '../../network/domain/types';
import { translator } from '../../../platform/i18n';
import type { Logger } from '../../../platform/logger';
import { listMembers } from '../../network/store/members-store';
import { homeView } from '../slack/home-views';
import type { ActorService } from '../../network/use-cases/actor-service';
import { mergeContributions, reportingAreas, type ReportingArea } from './reporting';
import type { SlackClient } from '../../../platform/slack/types';

/** At most this many Home tabs are refreshed for one change (the others refresh when opened). */
export const MAX_REFRESHED_HOMES = 50;
/** A member's Home is published at most once per this window; later changes land in one trailing publish. */
export const HOME_REFRESH_WINDOW_MS = 2000;
/** How many Home tabs are rebuilt at the same time in the background (each reads every area). */
const HOME_REFRESH_CONCURRENCY = 1;
/** Background refreshes wait until no refresh was asked for this long (a storm of votes goes first)... */
const HOME_REFRESH_QUIET_MS = 300;
/** ...but never longer than this past their due time. */
const HOME_REFRESH_MAX_DEFER_MS = 10_000;

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
  /** Whose Home to refresh when an organization's data changes (asked after every new offer). */
  readonly membersCache = new ChangeCache<string[]>(['members', 'organizations']);

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
      refreshWindowMs?: number;
    },
  ) {
    this.areas = deps.areas ?? reportingAreas;
    this.windowMs = deps.refreshWindowMs ?? HOME_REFRESH_WINDOW_MS;
  }

  private readonly windowMs: number;
  /** Members waiting for a refresh, with when it may run (one entry per member: changes coalesce). */
  private readonly pending = new Map<string, number>();
  /** When each member's Home was last published by a refresh (to keep one publish per window). */
  private readonly lastPublished = new Map<string, number>();
  private running = 0;
  private lastRequestAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;

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

  /**
   * Asks for a member's Home to be re-published after their data changed, and returns at once:
   * the publish runs in the background, at most once per member per window (a burst of changes
   * coalesces into one publish of the latest state), one at a time on the background pool, and
   * only once refresh requests have paused for a moment (at most 10 s later), so a storm of votes
   * never waits on Home tabs. In-process only: each replica publishes at most once per member
   * per window, which is fine for a view refresh. Never throws: a failure is logged and the
   * next app_home_opened rebuilds the tab anyway.
   */
  async refresh(userId: string): Promise<void> {
    this.lastRequestAt = Date.now();
    if (this.stopped || this.pending.has(userId)) return;
    const last = this.lastPublished.get(userId);
    this.pending.set(userId, last === undefined ? Date.now() : Math.max(Date.now(), last + this.windowMs));
    this.pump();
  }

  /** Resolves once every requested refresh has been published (or has failed): for tests and benchmarks. */
  async idle(): Promise<void> {
    while (!this.stopped && (this.pending.size > 0 || this.running > 0)) await new Promise((resolve) => setTimeout(resolve, 20));
  }

  /** Stops background refreshes (the app is shutting down). */
  stop(): void {
    this.stopped = true;
    this.pending.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private pump(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const now = Date.now();
    const quietAt = this.lastRequestAt + HOME_REFRESH_QUIET_MS;
    let next = Infinity;
    for (const [userId, due] of this.pending) {
      if (this.running >= HOME_REFRESH_CONCURRENCY) break;
      const runAt = Math.max(due, Math.min(quietAt, due + HOME_REFRESH_MAX_DEFER_MS));
      if (runAt > now) {
        next = Math.min(next, runAt);
        continue;
      }
      this.pending.delete(userId);
      this.running++;
      void this.publishNow(userId).finally(() => {
        this.running--;
        this.pump();
      });
    }
    if (next !== Infinity && this.running < HOME_REFRESH_CONCURRENCY) {
      this.timer = setTimeout(() => this.pump(), next - now);
      this.timer.unref();
    }
  }

  private async publishNow(userId: string): Promise<void> {
    this.lastPublished.set(userId, Date.now());
    if (this.lastPublished.size > 10_000) this.forgetOld();
    try {
      await this.publish(await this.deps.actors.resolve(userId, null), new Date(), this.deps.backgroundDb ?? this.deps.db);
    } catch (error) {
      this.deps.logger.warn({ user: userId, err: error instanceof Error ? error.message : String(error) }, 'could not refresh the App Home');
    }
  }

  private forgetOld(): void {
    const before = Date.now() - this.windowMs;
    for (const [userId, at] of this.lastPublished) if (at < before) this.lastPublished.delete(userId);
  }

  /**
   * Re-publishes the Home of the members of these organizations (the first MAX_REFRESHED_HOMES,
   * through the same coalescing background queue as `refresh`). Never throws.
   */
  async refreshOrganizations(organizationIds: number[]): Promise<void> {
    const ids = [...new Set(organizationIds)];
    if (ids.length === 0) return;
    try {
      const userIds = await this.membersCache.getOrLoad(ids.sort((a, b) => a - b).join(','), async () =>
        (await listMembers(this.deps.db, { organizationIds: ids })).map((m) => m.userId),
      );
      for (const userId of userIds.slice(0, MAX_REFRESHED_HOMES)) await this.refresh(userId);
    } catch (error) {
      this.deps.logger.warn({ organizations: ids, err: error instanceof Error ? error.message : String(error) }, 'could not refresh the App Homes');
    }
  }
}
