import { PGlite, type PGliteOptions } from '@electric-sql/pglite';

/**
 * How the embedded database starts: the same for the app, the tools and a restore (issue 18, "a small
 * footprint"). PGlite's defaults are PostgreSQL's server defaults, sized for a machine of its own:
 * 128 MB of shared buffers that, once touched, stay in the WASM memory (which grows and never
 * shrinks), which is what held the app at 388–850 MB idle. This database is small (a network of
 * nine organizations: a few MB) and serves one connection, so:
 * - shared_buffers=16MB: the whole hot set of a small network still fits; the files are read
 *   through the operating system's page cache otherwise, which is not the process's memory;
 * - wal_buffers=512kB (what PostgreSQL picks itself for 16 MB of buffers, stated);
 * - work_mem=2MB (per sort or hash: the one-year indicators report sorts and groups in a few steps);
 * - maintenance_work_mem=16MB (index builds in migrations: the default 64 MB is what pushed the
 *   first start to 850 MB);
 * - temp_buffers=2MB (no temporary tables are used).
 * PGlite's own start parameters are kept (giving startParams replaces them, so they are repeated).
 * The initial WASM memory stays at PGlite's minimum (128 MB, reserved, resident only as touched).
 */
export const PGLITE_SETTINGS: Record<string, string> = {
  shared_buffers: '16MB',
  wal_buffers: '512kB',
  work_mem: '2MB',
  maintenance_work_mem: '16MB',
  temp_buffers: '2MB',
};

export function pgliteStartOptions(): Pick<PGliteOptions, 'startParams'> {
  return { startParams: [...PGlite.defaultStartParams, ...Object.entries(PGLITE_SETTINGS).flatMap(([name, value]) => ['-c', `${name}=${value}`])] };
}
