import type { ChannelKind } from '../../domain/channels';
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

export interface NewChannel {
  lineId: number;
  kind: ChannelKind;
  key: string;
  name: string;
  config: unknown;
  secrets: string | null;
}

/** Inserts the channel unless its key is taken (the caller picks another key then): null on a taken key. */
export async function insertChannel(db: Database, channel: NewChannel) {
  return db
    .insertInto('channels')
    .values({ line_id: channel.lineId, kind: channel.kind, key: channel.key, name: channel.name, config: JSON.stringify(channel.config), secrets: channel.secrets })
    .onConflict((oc) => oc.column('key').doNothing())
    .returningAll()
    .executeTakeFirst();
}

export async function updateChannelSettings(db: Database, channelId: number, changes: { name: string; config: unknown; secrets: string | null }) {
  return db
    .updateTable('channels')
    .set({ name: changes.name, config: JSON.stringify(changes.config), secrets: changes.secrets })
    .where('id', '=', channelId)
    .returningAll()
    .executeTakeFirst();
}

export async function setChannelEnabled(db: Database, channelId: number, enabled: boolean) {
  return db.updateTable('channels').set({ enabled }).where('id', '=', channelId).returningAll().executeTakeFirst();
}

/** What the last "check connection" found: an error with its time, or none (cleared on success). */
export async function recordChannelCheck(db: Database, channelId: number, error: string | null): Promise<void> {
  await db
    .updateTable('channels')
    .set({ last_error: error, last_error_at: error === null ? null : new Date() })
    .where('id', '=', channelId)
    .execute();
}

export async function countDialogsOfChannel(db: Database, channelId: number): Promise<number> {
  const row = await db
    .selectFrom('dialogs')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('channel_id', '=', channelId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Deletes a channel that has no dialogs (a dialog written meanwhile keeps it): whether it was deleted. */
export async function deleteChannelWithoutDialogs(db: Database, channelId: number): Promise<boolean> {
  const result = await db
    .deleteFrom('channels')
    .where('id', '=', channelId)
    .where(({ not, exists, selectFrom }) => not(exists(selectFrom('dialogs').select('dialogs.id').whereRef('dialogs.channel_id', '=', 'channels.id'))))
    .executeTakeFirst();
  return result.numDeletedRows > 0n;
}
