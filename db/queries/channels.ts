import type { Database } from '../client';

/** A widget channel by its public key (the key of another kind of channel opens no widget). */
export async function findWidgetChannel(db: Database, key: string) {
  return db.selectFrom('channels').selectAll().where('key', '=', key).where('kind', '=', 'widget').executeTakeFirst();
}

export async function findChannel(db: Database, channelId: number) {
  return db.selectFrom('channels').selectAll().where('id', '=', channelId).executeTakeFirst();
}

export async function listChannelsOfLine(db: Database, lineId: number) {
  return db.selectFrom('channels').selectAll().where('line_id', '=', lineId).orderBy('id').execute();
}

/** Every line's channels in one query (for the admin's list of lines). */
export async function listChannelsOfAllLines(db: Database) {
  return db.selectFrom('channels').select(['id', 'line_id', 'kind', 'key', 'name']).orderBy('line_id').orderBy('id').execute();
}
