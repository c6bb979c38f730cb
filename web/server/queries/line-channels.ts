import type { Database } from '../../../db/client';

/** Every line's channels in one query (for the admin's list of lines). */
export async function listChannelsOfAllLines(db: Database) {
  return db.selectFrom('channels').select(['id', 'line_id', 'kind', 'key', 'name']).orderBy('line_id').orderBy('id').execute();
}
