import type { PGliteOptions } from '@electric-sql/pglite';

/**
 * How the embedded database starts: the same for the app, the tools and a restore.
 */
export function pgliteStartOptions(): Pick<PGliteOptions, 'startParams' | 'initialMemory'> {
  return {};
}
