import { sql } from 'kysely';
import type { ChannelKind } from '../../domain/channels';
import type { Database } from '../client';

/** A channel of any kind by its public key (the key is part of its webhook URL). */
export async function findChannelByKey(db: Database, key: string) {
  return db.selectFrom('channels').selectAll().where('key', '=', key).executeTakeFirst();
}

/** What the admin sees as "last message in". */
export async function markChannelInbound(db: Database, channelId: number, at: Date): Promise<void> {
  await db.updateTable('channels').set({ last_inbound_at: at }).where('id', '=', channelId).execute();
}

/** What the admin sees as "last error"; null clears it after a success. */
export async function setChannelError(db: Database, channelId: number, error: string | null, at = new Date()): Promise<void> {
  await db
    .updateTable('channels')
    .set({ last_error: error, last_error_at: error === null ? null : at })
    .where('id', '=', channelId)
    .execute();
}

export async function setChannelPollCursor(db: Database, channelId: number, cursor: string | null): Promise<void> {
  await db.updateTable('channels').set({ poll_cursor: cursor }).where('id', '=', channelId).execute();
}

/** Switched-on channels of these kinds (the poller asks each one's connector whether it polls). */
export async function listEnabledChannelsOfKinds(db: Database, kinds: readonly ChannelKind[]) {
  if (kinds.length === 0) return [];
  return db.selectFrom('channels').select(['id', 'kind', 'poll_cursor']).where('enabled', '=', true).where('kind', 'in', kinds).orderBy('id').execute();
}

/** Advisory-lock namespace of channel pollers (the line dispatcher uses its own). */
const POLL_LOCK_NAMESPACE = 7_301;

/** Claims the reading of a channel for this connection's session; false when another worker reads it. */
export async function tryLockChannelPoll(connection: Database, channelId: number): Promise<boolean> {
  const { rows } = await sql<{ held: boolean }>`select pg_try_advisory_lock(${POLL_LOCK_NAMESPACE}, ${channelId}) as held`.execute(connection);
  return rows[0]?.held === true;
}

export async function unlockChannelPoll(connection: Database, channelId: number): Promise<void> {
  await sql`select pg_advisory_unlock(${POLL_LOCK_NAMESPACE}, ${channelId})`.execute(connection);
}
