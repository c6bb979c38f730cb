import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './types';
import { prepareRepeatedStatements } from './prepared-statements';
import { workFirstPool } from './work-first-pool';

// bigint (int8) columns such as messages.id come back as numbers: ids stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export type Database = Kysely<DB>;

export interface PoolOptions {
  /** Connections at most (default 10). */
  max?: number;
  /** Repeated statements kept parsed on each connection (default true; see prepared-statements.ts). */
  preparedStatements?: boolean;
}

export function createPool(databaseUrl: string, { max = 10, preparedStatements = true }: PoolOptions = {}): pg.Pool {
  const pool = new pg.Pool({ connectionString: databaseUrl, max });
  if (preparedStatements) pool.on('connect', (client) => prepareRepeatedStatements(client));
  // A server restart or an admin ending sessions kills idle connections; pg reports that on the
  // pool and drops the connection. Unheard, the event would crash the whole process instead.
  pool.on('error', (error) => console.error(`PostgreSQL closed an idle connection; the pool opens a new one when needed (${error.message})`));
  return pool;
}

export function createDb(databaseUrl: string, options: PoolOptions = {}): Database {
  const max = options.max ?? 10;
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: workFirstPool(createPool(databaseUrl, { ...options, max }), max) }) });
}
