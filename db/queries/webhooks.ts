import { sql, type Transaction } from 'kysely';
import type { WebhookEventType } from '../../domain/webhooks';
import type { Database } from '../client';
import type { DB } from '../types';

// Outgoing webhooks: subscriptions, and deliveries (the outbox the triggers of migration
// 20261205020000 fill, and the log the delivery workflow writes).

const subscriptionColumns = ['id', 'url', 'description', 'events', 'active', 'created_at', 'updated_at'] as const;

export async function listWebhookSubscriptions(db: Database) {
  return db.selectFrom('webhook_subscriptions').select(subscriptionColumns).orderBy('id').execute();
}

export async function findWebhookSubscription(db: Database, id: number) {
  return db.selectFrom('webhook_subscriptions').select(subscriptionColumns).where('id', '=', id).executeTakeFirst();
}

export async function insertWebhookSubscription(
  db: Database,
  values: { url: string; description: string; events: WebhookEventType[]; active: boolean; secretEncrypted: string; createdBy: string | null },
) {
  return db
    .insertInto('webhook_subscriptions')
    .values({ url: values.url, description: values.description, events: values.events, active: values.active, secret_encrypted: values.secretEncrypted, created_by: values.createdBy })
    .returning(subscriptionColumns)
    .executeTakeFirstOrThrow();
}

export async function updateWebhookSubscription(db: Database, id: number, values: { url: string; description: string; events: WebhookEventType[]; active: boolean }) {
  return db.updateTable('webhook_subscriptions').set({ ...values, updated_at: new Date() }).where('id', '=', id).returning(subscriptionColumns).executeTakeFirst();
}

export async function deleteWebhookSubscription(db: Database, id: number): Promise<boolean> {
  const row = await db.deleteFrom('webhook_subscriptions').where('id', '=', id).returning('id').executeTakeFirst();
  return row !== undefined;
}

/** The row to lock before changing a subscription (its before/after go to the audit log). */
export async function lockWebhookSubscription(trx: Transaction<DB>, id: number) {
  return trx.selectFrom('webhook_subscriptions').select(subscriptionColumns).where('id', '=', id).forUpdate().executeTakeFirst();
}

/**
 * Pending deliveries claimed for starting their workflows: marked `sending` in the claiming
 * transaction (SKIP LOCKED, so several workers sweep at once without taking the same row).
 */
export async function claimPendingDeliveries(trx: Transaction<DB>, limit: number): Promise<{ id: number; round: number }[]> {
  const rows = await trx
    .selectFrom('webhook_deliveries')
    .select(['id', 'round'])
    .where('status', '=', 'pending')
    .orderBy('id')
    .limit(limit)
    .forUpdate()
    .skipLocked()
    .execute();
  if (rows.length === 0) return [];
  await trx.updateTable('webhook_deliveries').set({ status: 'sending', updated_at: new Date() }).where('id', 'in', rows.map((r) => r.id)).execute();
  return rows;
}

/** What one attempt sends: the event, the target and its (encrypted) secret. */
export async function loadDeliveryToSend(db: Database, deliveryId: number) {
  return db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_subscriptions as s', 's.id', 'd.subscription_id')
    .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
    .select(['d.id', 'd.round', 'd.status', 's.url', 's.secret_encrypted', 'e.id as event_id', 'e.type', 'e.data', 'e.created_at as event_created_at'])
    .where('d.id', '=', deliveryId)
    .executeTakeFirst();
}

/** One attempt's outcome: logged, and the delivery's summary updated (delivered on a 2xx). */
export async function recordDeliveryAttempt(
  db: Database,
  attempt: { deliveryId: number; round: number; durationMs: number; statusCode: number | null; responseExcerpt: string | null; error: string | null; delivered: boolean },
): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx
      .insertInto('webhook_attempts')
      .values({
        delivery_id: attempt.deliveryId,
        round: attempt.round,
        duration_ms: attempt.durationMs,
        status_code: attempt.statusCode,
        response_excerpt: attempt.responseExcerpt,
        error: attempt.error,
      })
      .execute();
    await trx
      .updateTable('webhook_deliveries')
      .set((eb) => ({
        attempts: eb('attempts', '+', 1),
        last_status_code: attempt.statusCode,
        last_error: attempt.error,
        updated_at: new Date(),
        ...(attempt.delivered ? { status: 'delivered' as const } : {}),
      }))
      .where('id', '=', attempt.deliveryId)
      .where('round', '=', attempt.round)
      .execute();
  });
}

/** The round gave up (attempts exhausted or a refused address). */
export async function markDeliveryFailed(db: Database, deliveryId: number, round: number): Promise<void> {
  await db.updateTable('webhook_deliveries').set({ status: 'failed', updated_at: new Date() }).where('id', '=', deliveryId).where('round', '=', round).where('status', '=', 'sending').execute();
}

/** "Send again": a new round, picked up by the sweeper. False when the delivery is not the subscription's or is still on its way. */
export async function requeueDelivery(db: Database, subscriptionId: number, deliveryId: number): Promise<'requeued' | 'not_found' | 'in_progress'> {
  const row = await db
    .updateTable('webhook_deliveries')
    .set((eb) => ({ status: 'pending' as const, round: eb('round', '+', 1), updated_at: new Date() }))
    .where('id', '=', deliveryId)
    .where('subscription_id', '=', subscriptionId)
    .where('status', 'in', ['delivered', 'failed'])
    .returning('id')
    .executeTakeFirst();
  if (row) return 'requeued';
  const exists = await db.selectFrom('webhook_deliveries').select('id').where('id', '=', deliveryId).where('subscription_id', '=', subscriptionId).executeTakeFirst();
  return exists ? 'in_progress' : 'not_found';
}

/** A subscription's deliveries, newest first (keyset paging by id), with their attempts. */
export async function listDeliveries(db: Database, subscriptionId: number, options: { before?: number; limit: number }) {
  const deliveries = await db
    .selectFrom('webhook_deliveries as d')
    .innerJoin('webhook_events as e', 'e.id', 'd.event_id')
    .select(['d.id', 'd.status', 'd.round', 'd.attempts', 'd.last_status_code', 'd.last_error', 'd.created_at', 'd.updated_at', 'e.id as event_id', 'e.type', 'e.dialog_id'])
    .where('d.subscription_id', '=', subscriptionId)
    .$if(options.before !== undefined, (qb) => qb.where('d.id', '<', options.before!))
    .orderBy('d.id', 'desc')
    .limit(options.limit)
    .execute();
  if (deliveries.length === 0) return [];
  const attempts = await db
    .selectFrom('webhook_attempts')
    .select(['id', 'delivery_id', 'round', 'attempted_at', 'duration_ms', 'status_code', 'response_excerpt', 'error'])
    .where('delivery_id', 'in', deliveries.map((d) => d.id))
    .orderBy('id')
    .execute();
  return deliveries.map((d) => ({ ...d, attempts: attempts.filter((a) => a.delivery_id === d.id) }));
}

/** Deliveries left `sending` by a sweeper that died between claiming and starting: pending again. */
export async function releaseStuckDeliveries(db: Database, olderThan: Date): Promise<void> {
  await sql`
    update webhook_deliveries d set status = 'pending', updated_at = now()
    where d.status = 'sending' and d.updated_at < ${olderThan}
      and not exists (select 1 from webhook_attempts a where a.delivery_id = d.id and a.round = d.round)`.execute(db);
}
