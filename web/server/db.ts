import { createDb, type Database } from '../../db/client';
import { config, requireDatabaseUrl } from './config';

// One pool per server process, kept across Next.js dev reloads.
const globalForDb = globalThis as unknown as { openlinesDb?: Database };

export function getDb(): Database {
  globalForDb.openlinesDb ??= createDb(requireDatabaseUrl(), { max: 20, preparedStatements: config.DATABASE_PREPARED_STATEMENTS === 'on' });
  return globalForDb.openlinesDb;
}
