import { sql, type Expression } from 'kysely';
import { LIVE_CHANNEL, type LiveEvent, type MessageCreatedEvent } from '../../domain/live-events';
import type { Database } from '../client';

/**
 * Queues a live-update event. Called inside the transaction that made the change: PostgreSQL
 * delivers NOTIFY only on commit, so listeners never see an event for a rolled-back change.
 */
export async function notifyLive(db: Database, event: LiveEvent): Promise<void> {
  await sql`select pg_notify(${LIVE_CHANNEL}, ${JSON.stringify(event)})`.execute(db);
}

/**
 * notifyLive, as an expression, for a message the same statement inserts: `event` is built for
 * message id 0 and its `messageId` set here from `messageId`, so storing a message and announcing
 * it take one round trip.
 */
export function notifyLiveOfMessage(event: MessageCreatedEvent, messageId: Expression<number>) {
  return sql<void>`pg_notify(${LIVE_CHANNEL}, jsonb_set(${JSON.stringify(event)}::jsonb, '{messageId}', to_jsonb(${messageId}))::text)`;
}
