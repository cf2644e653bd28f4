import type { PgDatabase } from 'drizzle-orm/pg-core';
import { drizzle, type PostgresJsDatabase, type PostgresJsQueryResultHKT } from 'drizzle-orm/postgres-js';
import postgres from 'postgres';
import * as schema from './schema.js';

export type Database = PostgresJsDatabase<typeof schema>;

/** What runs queries: the pool (a Database) or one of its transactions. */
export type Queryable = PgDatabase<PostgresJsQueryResultHKT, typeof schema>;

export interface DatabaseHandle {
  db: Database;
  sql: postgres.Sql;
  close(): Promise<void>;
}

/** One pool per process. `max` stays small: the work is a few short statements per section. */
export function connectDatabase(url: string, options: { max?: number; name?: string } = {}): DatabaseHandle {
  const sql = postgres(url, {
    max: options.max ?? 10,
    // Shows in pg_stat_activity which process a connection belongs to.
    connection: { application_name: options.name ?? 'contract-generator' },
    onnotice: () => {},
    // Reconnects happen per query; a brief outage surfaces as errors the callers retry.
    connect_timeout: 10,
  });
  const db = drizzle(sql, { schema });
  return { db, sql, close: () => sql.end({ timeout: 5 }) };
}
