/**
 * Answers read from the database, kept in memory only while the database tells this process about
 * every change to the tables they were read from: a statement trigger sends a NOTIFY at commit
 * (migration 20261125090000), src/main.ts LISTENs and calls `changed` here. So a change made by this
 * process, another replica or by hand in psql empties the cache at once; while notifications do not
 * arrive (the listener is reconnecting), nothing is kept; an answer read before a change is never
 * stored after it (the generation check). The time limit is only a safety net.
 */
/** Whatever must hear of the database's change announcements (src/main.ts calls these). */
export interface ChangeAware {
  /** A table changed; `undefined` means any table may have. */
  changed(table?: string): void;
  /** Whether announcements arrive; when they stop, some may have been missed. */
  setLive(live: boolean): void;
}

export class ChangeCache<V> implements ChangeAware {
  private readonly entries = new Map<string, { value: V; cachedAt: number }>();
  private live = false;
  private generation = 0;

  constructor(
    /** The tables whose changes empty this cache. */
    readonly tables: readonly string[],
    private readonly limits: { maxEntries: number; ttlMs: number } = { maxEntries: 10_000, ttlMs: 60_000 },
  ) {}

  /** A table this cache reads from changed (or may have: `undefined` is any table). */
  changed(table?: string): void {
    if (table !== undefined && !this.tables.includes(table)) return;
    this.generation += 1;
    this.entries.clear();
  }

  /** Whether change notifications arrive; answers are kept only while they do. */
  setLive(live: boolean): void {
    this.live = live;
    this.changed();
  }

  get(key: string): V | undefined {
    if (!this.live) return undefined;
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (performance.now() - entry.cachedAt >= this.limits.ttlMs) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.value;
  }

  /** The moment to pass to `set` for an answer read from now on. */
  version(): number {
    return this.generation;
  }

  /** Keeps an answer read since `version`, unless something changed meanwhile. */
  set(key: string, value: V, version: number): void {
    if (!this.live || version !== this.generation) return;
    if (this.entries.size >= this.limits.maxEntries) this.entries.clear();
    this.entries.set(key, { value, cachedAt: performance.now() });
  }

  async getOrLoad(key: string, load: () => Promise<V>): Promise<V> {
    const hit = this.get(key);
    if (hit !== undefined) return hit;
    const version = this.generation;
    const value = await load();
    this.set(key, value, version);
    return value;
  }
}
