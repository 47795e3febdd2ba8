import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import ClientPgLite from 'knex-pglite';
import { ExtensionlessMigrationSource } from './migration-source';
import { acquireDataDirLock } from './data-dir-lock';
import { pgliteStartOptions } from './pglite-options';

export type { Knex };
import { listenToOwnWrites } from './own-writes';

// pg returns int8 and numeric as strings and `date` as a local-midnight Date; PGlite returns
// numbers. Make both drivers agree: numbers for counts/sums, 'YYYY-MM-DD' strings for dates.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number.parseInt(v, 10));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v) => Number.parseFloat(v));
pg.types.setTypeParser(pg.types.builtins.DATE, (v) => v);

const PGLITE_PARSERS = {
  [pgliteTypes.INT8]: (v: string) => Number.parseInt(v, 10),
  [pgliteTypes.NUMERIC]: (v: string) => Number.parseFloat(v),
  [pgliteTypes.DATE]: (v: string) => v,
};

/** DATA_DIR value for a throw-away in-memory database (tests, benchmarks). */
export const MEMORY = ':memory:';

export type DatabaseTarget = { kind: 'postgres'; url: string } | { kind: 'pglite'; dataDir: string };

export interface Database {
  knex: Knex;
  /**
   * For background work (the message publisher): on PostgreSQL a small pool of its own, so a
   * burst of requests waiting for connections cannot starve it; on PGlite the same connection.
   */
  background: Knex;
  kind: 'postgres' | 'pglite';
  /** Human-readable location, safe to log (no password). */
  location: string;
  /** Resolves when the database answers a trivial query; rejects otherwise. */
  ping(): Promise<void>;
  migrate(): Promise<void>;
  /**
   * Calls `listener.changed(payload)` on every NOTIFY on `channel`, and `listener.live(…)` whenever
   * notifications start or stop arriving (a PostgreSQL listener reconnects on its own after a
   * drop; whatever changed meanwhile was not notified, so `live(true)` means "start afresh").
   * Resolves with a function that stops listening.
   */
  watch(channel: string, listener: ChangeListener): Promise<() => Promise<void>>;
  /**
   * The embedded database only: a consistent copy of its data folder (PGlite's own gzipped
   * tarball, see src/platform/backup), taken while holding its one connection after a checkpoint,
   * so no transaction is half-way and every committed change is in the files. Requests wait for it
   * (about 2 s for a small database). On PostgreSQL it throws: use pg_dump (README, "Backups").
   */
  snapshot(): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface ChangeListener {
  changed(payload: string): void;
  live(isLive: boolean): void;
}

/** Where tables announce their changes (the payload is the table's name): migration 20261125090000. */
export const CHANGES_CHANNEL = 'isonew_changes';

const LISTENER_RETRY_MS = 1000;

/** A LISTEN on a connection of its own, reconnecting after a drop (the database restarted, a network cut). */
function watchPostgres(url: string, channel: string, listener: ChangeListener): () => Promise<void> {
  let stopped = false;
  let current: pg.Client | undefined;
  let retry: NodeJS.Timeout | undefined;
  const connect = async () => {
    if (stopped) return;
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 2000, keepAlive: true });
    current = client;
    const drop = () => {
      if (current !== client) return;
      current = undefined;
      listener.live(false);
      client.end().catch(() => undefined);
      if (!stopped) retry = setTimeout(() => void connect(), LISTENER_RETRY_MS);
    };
    client.on('error', drop);
    client.on('end', drop);
    client.on('notification', (n) => {
      if (n.channel === channel) listener.changed(n.payload ?? '');
    });
    try {
      await client.connect();
      await client.query(`listen ${pg.escapeIdentifier(channel)}`);
      if (current === client && !stopped) listener.live(true);
    } catch {
      drop();
    }
  };
  void connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    listener.live(false);
    const client = current;
    current = undefined;
    await client?.end().catch(() => undefined);
  };
}

/** A LISTEN on the embedded database: delivered within the same process, live until stopped. */
async function watchPglite(pglite: PGlite, channel: string, listener: ChangeListener): Promise<() => Promise<void>> {
  const unlisten = await pglite.listen(channel, (payload) => listener.changed(payload));
  listener.live(true);
  return async () => {
    listener.live(false);
    if (!pglite.closed) await unlisten().catch(() => undefined);
  };
}

/** Advisory lock key held while migrating (any constant unique to this app). */
const MIGRATION_LOCK_KEY = 7_240_000;

const REQUEST_QUERY_TIMEOUT_MS = 2000;

export const MIGRATIONS_DIR = path.resolve(__dirname, '..', '..', '..', 'migrations');

function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString();
  } catch {
    return 'postgres://(unparseable URL)';
  }
}

export async function openDatabase(target: DatabaseTarget, options: { poolMax?: number } = {}): Promise<Database> {
  let knex: Knex;
  let background: Knex | undefined;
  let release = () => {};
  let location: string;
  let pglite: PGlite | undefined;
  if (target.kind === 'postgres') {
    location = redactUrl(target.url);
    // The request path answers within Slack's 3 s even when the server stops answering (not just
    // refusing): connecting, waiting for a pooled connection and each query are bounded.
    knex = knexFactory({
      client: 'pg',
      connection: { connectionString: target.url, connectionTimeoutMillis: 2000 },
      pool: { min: 0, max: options.poolMax ?? 10 },
      acquireConnectionTimeout: 2500,
    });
    // A request-path statement that gets no answer in time fails, and knex discards its connection
    // (a connection still waiting for the server is never handed out again): so the app works again
    // without a restart once the server is back. knex's public per-query timeout, set on every
    // statement of this pool as it starts.
    knex.on('start', (builder: { timeout(ms: number): unknown }) => builder.timeout(REQUEST_QUERY_TIMEOUT_MS));
    background = knexFactory({ client: 'pg', connection: target.url, pool: { min: 0, max: 2 }, acquireConnectionTimeout: 10_000 });
  } else {
    if (target.dataDir === MEMORY) {
      location = 'in memory';
      pglite = new PGlite({ ...pgliteStartOptions(), parsers: PGLITE_PARSERS });
    } else {
      const dir = path.resolve(target.dataDir);
      release = acquireDataDirLock(dir);
      location = dir;
      pglite = new PGlite(path.join(dir, 'pgdata'), { ...pgliteStartOptions(), parsers: PGLITE_PARSERS });
    }
    const instance = pglite;
    knex = knexFactory({
      client: ClientPgLite,
      dialect: 'postgres',
      connection: () => ({ pglite: instance }) as object,
      // One connection only: a query outside the current transaction waits for it (STACK-NOTES).
      // A burst (a thousand votes at once, issue 18) queues here behind the one connection: it is
      // served in order, not refused, as long as the queue drains within this time.
      acquireConnectionTimeout: 30_000,
    });
  }
  let closed = false;
  const watchers = new Set<ChangeListener>();
  return {
    knex,
    background: background ?? knex,
    kind: target.kind,
    location,
    async ping() {
      await knex.raw('select 1');
    },
    async migrate() {
      // Through the background connections: a migration may take longer than a request's query.
      const latest = () => (background ?? knex).migrate.latest({ migrationSource: new ExtensionlessMigrationSource(MIGRATIONS_DIR) });
      if (target.kind !== 'postgres') return void (await latest());
      // Replicas that start together must not migrate at once (knex's own lock table is created by
      // the migration itself, so two fresh starts collide): the first takes a session advisory
      // lock on a connection of its own, the others wait for it, then find nothing left to do.
      const lock = new pg.Client({ connectionString: target.url });
      await lock.connect();
      try {
        await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK_KEY]);
        await latest();
      } finally {
        await lock.end().catch(() => undefined); // ending the session releases the lock
      }
    },
    async watch(channel, listener) {
      watchers.add(listener);
      const stopOwn = [knex, ...(background ? [background] : [])].map((db) => listenToOwnWrites(db, (table) => listener.changed(table)));
      const stopNotifications = target.kind === 'postgres' ? watchPostgres(target.url, channel, listener) : await watchPglite(pglite!, channel, listener);
      return async () => {
        watchers.delete(listener);
        stopOwn.forEach((stop) => stop());
        await stopNotifications();
      };
    },
    async snapshot() {
      const embedded = pglite;
      if (!embedded) throw new Error('snapshot() is for the embedded database; on PostgreSQL use pg_dump (README, "Backups")');
      return knex.transaction(async (trx) => {
        await trx.raw('checkpoint');
        const tarball = await embedded.dumpDataDir('gzip');
        return new Uint8Array(await tarball.arrayBuffer());
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      // Nothing read from it may be served any longer (a closed PGlite announces nothing).
      for (const listener of watchers) listener.live(false);
      try {
        await knex.destroy();
        if (background) await background.destroy();
        if (pglite && !pglite.closed) await pglite.close();
      } finally {
        release();
      }
    },
  };
}
