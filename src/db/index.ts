import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';
import { PGlite, types as pgliteTypes } from '@electric-sql/pglite';
import ClientPgLite from 'knex-pglite';
import { ExtensionlessMigrationSource } from './migration-source';
import { acquireDataDirLock } from './data-dir-lock';

export type { Knex };

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
  close(): Promise<void>;
}

/** Advisory lock key held while migrating (any constant unique to this app). */
const MIGRATION_LOCK_KEY = 7_240_000;

const REQUEST_QUERY_TIMEOUT_MS = 2000;

interface PooledPgClient {
  query: (...args: unknown[]) => unknown;
  __knex__disposed?: unknown;
}

/**
 * A query that timed out leaves its connection busy until the server answers, maybe never: mark
 * it disposed (knex's own flag) so the pool throws it away instead of handing it out again.
 * This is what lets the app work again, without a restart, once the server is back.
 */
function disposeAfterQueryTimeout(connection: PooledPgClient, done: (error: Error | null, connection: unknown) => void): void {
  const query = connection.query.bind(connection);
  connection.query = (...args: unknown[]) => {
    const callback = args[args.length - 1];
    if (typeof callback !== 'function') return query(...args);
    return query(...args.slice(0, -1), (error: Error | null, result: unknown) => {
      if (error && /Query read timeout/.test(error.message)) connection.__knex__disposed = error;
      callback(error, result);
    });
  };
  done(null, connection);
}

export const MIGRATIONS_DIR = path.resolve(__dirname, '..', '..', 'migrations');

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
      connection: { connectionString: target.url, connectionTimeoutMillis: 2000, query_timeout: REQUEST_QUERY_TIMEOUT_MS },
      pool: { min: 0, max: options.poolMax ?? 10, afterCreate: disposeAfterQueryTimeout },
      acquireConnectionTimeout: 2500,
    });
    background = knexFactory({ client: 'pg', connection: target.url, pool: { min: 0, max: 2 }, acquireConnectionTimeout: 10_000 });
  } else {
    if (target.dataDir === MEMORY) {
      location = 'in memory';
      pglite = new PGlite({ parsers: PGLITE_PARSERS });
    } else {
      const dir = path.resolve(target.dataDir);
      release = acquireDataDirLock(dir);
      location = dir;
      pglite = new PGlite(path.join(dir, 'pgdata'), { parsers: PGLITE_PARSERS });
    }
    const instance = pglite;
    knex = knexFactory({
      client: ClientPgLite,
      dialect: 'postgres',
      connection: () => ({ pglite: instance }) as object,
      // One connection only: a query outside the current transaction waits for it (STACK-NOTES).
      acquireConnectionTimeout: 10_000,
    });
  }
  let closed = false;
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
    async close() {
      if (closed) return;
      closed = true;
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
