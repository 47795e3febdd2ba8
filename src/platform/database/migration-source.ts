import fs from 'node:fs';
import path from 'node:path';
import type { Knex } from 'knex';

/**
 * Migrations are TypeScript under tsx and could be JavaScript after a build; knex records
 * names with their extension, so we record them without it (STACK-NOTES).
 */
export class ExtensionlessMigrationSource implements Knex.MigrationSource<string> {
  constructor(private readonly directory: string) {}

  async getMigrations(): Promise<string[]> {
    return fs
      .readdirSync(this.directory)
      .filter((f) => /^\d{14}_[\w-]+\.(ts|js)$/.test(f) && !f.endsWith('.d.ts'))
      .sort();
  }

  getMigrationName(migration: string): string {
    return migration.replace(/\.(ts|js)$/, '');
  }

  async getMigration(migration: string): Promise<Knex.Migration> {
    return require(path.join(this.directory, migration)) as Knex.Migration;
  }
}
