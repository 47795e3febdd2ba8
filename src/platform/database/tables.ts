import type { Knex } from 'knex';

/**
 * A table as stores type it for knex (`declare module 'knex/types/tables'` in each store): the row
 * the drivers return, what an insert takes, and what an update takes (any column, or an SQL
 * expression such as `attempts + 1`). Rows are mapped to domain types at the store edge, without casts.
 */
export type Table<Row, Insert = Partial<Row>> = Knex.CompositeTableType<Row, Insert, { [K in keyof Row]?: Row[K] | Knex.Raw }>;
