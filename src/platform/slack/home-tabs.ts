import type { Logger } from '../logger';
import type { HomeView, SlackClient } from './types';

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

/** Builds a person's App Home tab as it is now (the digest area registers it). */
export type HomeRenderer = (userId: string) => Promise<HomeView>;

/**
 * App Home tabs republished after a change to what they show. Any area asks (`refresh`,
 * `refreshOrganizations`) and returns at once: the publish runs in the background, at most once per
 * member per window (a burst of changes coalesces into one publish of the latest state), one at a
 * time, and only once refresh requests have paused for a moment (at most 10 s later), so a storm of
 * votes never waits on Home tabs. In-process only: each replica publishes at most once per member
 * per window, which is fine for a view refresh. Windows are measured with performance.now(): they
 * are durations, not the time of day. Never throws: a failure is logged and the next
 * app_home_opened rebuilds the tab anyway.
 */
export class HomeTabs {
  private render: HomeRenderer | undefined;
  private readonly windowMs: number;
  /** Members waiting for a refresh, with when it may run (one entry per member: changes coalesce). */
  private readonly pending = new Map<string, number>();
  /** When each member's Home was last published by a refresh (to keep one publish per window). */
  private readonly lastPublished = new Map<string, number>();
  private running = 0;
  private lastRequestAt = 0;
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private readonly settled = new Set<() => void>();

  constructor(
    private readonly deps: {
      client: SlackClient;
      logger: Logger;
      /** The members of these organizations (the network area knows). */
      membersOf(organizationIds: number[]): Promise<string[]>;
      windowMs?: number;
      /** Requests waiting for their ack (HTTP mode): each refresh lets them go first. */
      ackFirst?: { settled(): Promise<void> };
    },
  ) {
    this.windowMs = deps.windowMs ?? HOME_REFRESH_WINDOW_MS;
  }

  /** The digest area's builder of a Home tab. */
  setRenderer(render: HomeRenderer): void {
    this.render = render;
  }

  /** Builds and publishes one person's Home tab now; throws on failure (the caller logs). */
  async publish(userId: string): Promise<void> {
    if (!this.render) return;
    await this.deps.client.views.publish({ user_id: userId, view: await this.render(userId) });
  }

  /** Asks for these members' Homes to be republished; returns at once. */
  refresh(userIds: readonly string[]): void {
    const now = performance.now();
    this.lastRequestAt = now;
    if (this.stopped) return;
    for (const userId of userIds) {
      if (this.pending.has(userId)) continue;
      const last = this.lastPublished.get(userId);
      this.pending.set(userId, last === undefined ? now : Math.max(now, last + this.windowMs));
    }
    this.pump();
  }

  /** Republishes the Homes of the members of these organizations (the first MAX_REFRESHED_HOMES). Never throws. */
  refreshOrganizations(organizationIds: readonly number[]): void {
    const ids = [...new Set(organizationIds)];
    if (ids.length === 0 || this.stopped) return;
    this.deps.membersOf(ids).then(
      (userIds) => this.refresh(userIds.slice(0, MAX_REFRESHED_HOMES)),
      (error: unknown) => this.deps.logger.warn({ organizations: ids, err: error instanceof Error ? error.message : String(error) }, 'could not refresh the App Homes'),
    );
  }

  /** Resolves once every requested refresh has been published (or has failed): for tests and benchmarks. */
  idle(): Promise<void> {
    if (this.stopped || (this.pending.size === 0 && this.running === 0)) return Promise.resolve();
    return new Promise((resolve) => this.settled.add(resolve));
  }

  /** Stops background refreshes (the app is shutting down). */
  stop(): void {
    this.stopped = true;
    this.pending.clear();
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    this.settle();
  }

  private settle(): void {
    if (!this.stopped && (this.pending.size > 0 || this.running > 0)) return;
    for (const resolve of this.settled) resolve();
    this.settled.clear();
  }

  private pump(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const now = performance.now();
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
        this.settle();
      });
    }
    if (next !== Infinity && this.running < HOME_REFRESH_CONCURRENCY) {
      this.timer = setTimeout(() => this.pump(), next - now);
      this.timer.unref();
    }
  }

  private async publishNow(userId: string): Promise<void> {
    this.lastPublished.set(userId, performance.now());
    if (this.lastPublished.size > 10_000) this.forgetOld();
    try {
      await this.deps.ackFirst?.settled();
      await this.publish(userId);
    } catch (error) {
      this.deps.logger.warn({ user: userId, err: error instanceof Error ? error.message : String(error) }, 'could not refresh the App Home');
    }
  }

  private forgetOld(): void {
    const before = performance.now() - this.windowMs;
    for (const [userId, at] of this.lastPublished) if (at < before) this.lastPublished.delete(userId);
  }
}
