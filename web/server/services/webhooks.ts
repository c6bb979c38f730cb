import { randomBytes } from 'node:crypto';
import { encryptSecrets } from '../../../channels/secrets';
import type { Database } from '../../../db/client';
import {
  deleteWebhookSubscription,
  insertWebhookSubscription,
  listDeliveries,
  listWebhookSubscriptions,
  lockWebhookSubscription,
  requeueDelivery,
  updateWebhookSubscription,
} from '../../../db/queries/webhooks';
import { AppError } from '../../../domain/errors';
import type { WebhookSubscriptionInput } from '../../../domain/webhooks';
import { checkedTarget, RefusedTarget, systemResolver } from '../../../outbound/http-target';
import type { InternalHostAllowList } from '../../../domain/network/internal-host-allow-list';
import type { Actor } from './actor';
import { audit, type AuditDeps } from './audit';

/**
 * Outgoing webhooks for admins (SPEC §9): subscriptions, their delivery log, "send again". The
 * deliveries themselves are queued by database triggers and sent by the worker
 * (worker/webhook-sweeper.ts, workflows/webhook-delivery.ts).
 */
export interface WebhookDeps extends AuditDeps {
  db: Database;
  /** OPENLINES_SECRET: signing secrets are stored encrypted with it. */
  appSecret: string;
  /** HTTP_ALLOWED_INTERNAL_HOSTS: the same SSRF rule as flows' HTTP requests, checked on save too. */
  httpAllowList: InternalHostAllowList;
}

export const DELIVERY_PAGE_SIZE = 30;

export async function listSubscriptions(deps: Pick<WebhookDeps, 'db'>) {
  return (await listWebhookSubscriptions(deps.db)).map(toView);
}

/** A new subscription; its signing secret is in the answer and never shown again. */
export async function createSubscription(deps: WebhookDeps, actor: Actor, input: WebhookSubscriptionInput) {
  await refuseInternalUrl(deps, input.url);
  const secret = `whsec_${randomBytes(24).toString('base64url')}`;
  return deps.db.transaction().execute(async (trx) => {
    const row = await insertWebhookSubscription(trx, { ...input, secretEncrypted: encryptSecrets(deps.appSecret, { secret }), createdBy: actor.id });
    await audit(trx, deps, actor, { action: 'webhook.created', subject: { type: 'webhook', id: row.id }, after: audited(row) });
    return { subscription: toView(row), secret };
  });
}

export async function updateSubscription(deps: WebhookDeps, actor: Actor, input: WebhookSubscriptionInput & { id: number }) {
  await refuseInternalUrl(deps, input.url);
  return deps.db.transaction().execute(async (trx) => {
    const before = await lockWebhookSubscription(trx, input.id);
    if (!before) throw notFound(input.id);
    const row = (await updateWebhookSubscription(trx, input.id, { url: input.url, description: input.description, events: input.events, active: input.active }))!;
    await audit(trx, deps, actor, { action: 'webhook.updated', subject: { type: 'webhook', id: row.id }, before: audited(before), after: audited(row) });
    return toView(row);
  });
}

/** Removes the subscription with its delivery log. */
export async function deleteSubscription(deps: WebhookDeps, actor: Actor, id: number): Promise<{ deleted: true }> {
  return deps.db.transaction().execute(async (trx) => {
    const before = await lockWebhookSubscription(trx, id);
    if (!before) throw notFound(id);
    await deleteWebhookSubscription(trx, id);
    await audit(trx, deps, actor, { action: 'webhook.deleted', subject: { type: 'webhook', id }, before: audited(before) });
    return { deleted: true as const };
  });
}

export async function listSubscriptionDeliveries(deps: Pick<WebhookDeps, 'db'>, input: { subscriptionId: number; cursor?: number | null }) {
  const rows = await listDeliveries(deps.db, input.subscriptionId, { before: input.cursor ?? undefined, limit: DELIVERY_PAGE_SIZE + 1 });
  const page = rows.slice(0, DELIVERY_PAGE_SIZE);
  return {
    deliveries: page.map((d) => ({
      id: d.id,
      eventId: `evt_${d.event_id}`,
      type: d.type,
      dialogId: d.dialog_id,
      status: d.status,
      round: d.round,
      attempts: d.attempts.map((a) => ({
        id: a.id,
        round: a.round,
        at: a.attempted_at,
        durationMs: a.duration_ms,
        statusCode: a.status_code,
        responseExcerpt: a.response_excerpt,
        error: a.error,
      })),
      lastStatusCode: d.last_status_code,
      lastError: d.last_error,
      createdAt: d.created_at,
      updatedAt: d.updated_at,
    })),
    nextCursor: rows.length > DELIVERY_PAGE_SIZE ? (page.at(-1)?.id ?? null) : null,
  };
}

/** "Send again": the same event (same id and body) in a new round of attempts. */
export async function redeliver(deps: WebhookDeps, actor: Actor, input: { subscriptionId: number; deliveryId: number }): Promise<{ queued: true }> {
  return deps.db.transaction().execute(async (trx) => {
    const outcome = await requeueDelivery(trx, input.subscriptionId, input.deliveryId);
    if (outcome === 'not_found') throw new AppError('NOT_FOUND', `Delivery #${input.deliveryId} is not in this webhook's log (reload the log).`, 'deliveryId');
    if (outcome === 'in_progress') throw new AppError('CONFLICT', `Delivery #${input.deliveryId} is still being sent; wait for it to finish, then send it again.`, 'deliveryId');
    await audit(trx, deps, actor, { action: 'webhook.redelivered', subject: { type: 'webhook', id: input.subscriptionId }, after: { deliveryId: input.deliveryId } });
    return { queued: true as const };
  });
}

/** Refused at once when the address is internal (not on HTTP_ALLOWED_INTERNAL_HOSTS); each delivery checks again. */
async function refuseInternalUrl(deps: WebhookDeps, url: string): Promise<void> {
  try {
    await checkedTarget(new URL(url), deps.httpAllowList, systemResolver);
  } catch (error) {
    if (error instanceof RefusedTarget && !error.retryable) throw new AppError('BAD_REQUEST', `url: ${error.message}`, 'url');
    // Not resolvable right now: saved; deliveries retry and log why.
  }
}

function notFound(id: number): AppError {
  return new AppError('NOT_FOUND', `Webhook #${id} does not exist (deleted meanwhile?); reload the page.`, 'id');
}

type Row = Awaited<ReturnType<typeof listWebhookSubscriptions>>[number];

function toView(row: Row) {
  return { id: row.id, url: row.url, description: row.description, events: row.events, active: row.active, createdAt: row.created_at, updatedAt: row.updated_at };
}

function audited(row: Row): Record<string, unknown> {
  return { url: row.url, description: row.description, events: row.events, active: row.active };
}
