import type { Database } from '../client';

export async function findChannelByKey(db: Database, key: string) {
  return db.selectFrom('channels').selectAll().where('key', '=', key).executeTakeFirst();
}

export async function findChannel(db: Database, channelId: number) {
  return db.selectFrom('channels').selectAll().where('id', '=', channelId).executeTakeFirst();
}

export async function listChannelsOfLine(db: Database, lineId: number) {
  return db.selectFrom('channels').selectAll().where('line_id', '=', lineId).orderBy('id').execute();
}
