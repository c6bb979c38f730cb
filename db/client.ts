import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import type { DB } from './types';

// bigint (int8) columns such as messages.id come back as numbers: ids stay far below 2^53.
pg.types.setTypeParser(pg.types.builtins.INT8, (value) => Number(value));

export type Database = Kysely<DB>;

export function createPool(databaseUrl: string, max = 10): pg.Pool {
  return new pg.Pool({ connectionString: databaseUrl, max });
}

export function createDb(databaseUrl: string, options: { max?: number } = {}): Database {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool: createPool(databaseUrl, options.max) }) });
}
