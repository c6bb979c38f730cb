import { sql } from 'kysely';
import { LIVE_CHANNEL, type LiveEvent } from '../../domain/live-events';
import type { Database } from '../client';

/**
 * Queues a live-update event. Called inside the transaction that made the change: PostgreSQL
 * delivers NOTIFY only on commit, so listeners never see an event for a rolled-back change.
 */
export async function notifyLive(db: Database, event: LiveEvent): Promise<void> {
  await sql`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify(event)})`.execute(db);
}

/** Role and active flag of the users behind open live streams, in one query however many streams. */
export async function findUsersAccess(db: Database, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  return db.selectFrom('users').select(['id', 'role', 'active']).where('id', 'in', [...userIds]).execute();
}
