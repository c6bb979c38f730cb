import { sql } from 'kysely';
import type { Database } from '../client';

/** The cheapest statement PostgreSQL must answer: readiness probes ask it. */
export async function pingDatabase(db: Database): Promise<void> {
  await sql`select 1`.execute(db);
}
