import { z } from 'zod';

/**
 * Outgoing webhooks (SPEC §9). The event types an admin subscribes to; the database triggers of
 * migration 20261205020000 turn the rows that record these happenings into deliveries:
 * a new dialog → dialog.started; dialog events offered / accepted, taken_over / transferred /
 * closed / rated; a message that is not a hidden note → message.created.
 */
export const WEBHOOK_EVENT_TYPES = [
  'dialog.started',
  'dialog.offered',
  'dialog.assigned',
  'dialog.transferred',
  'dialog.closed',
  'message.created',
  'rating.received',
] as const;
export const webhookEventTypeSchema = z.enum(WEBHOOK_EVENT_TYPES);
export type WebhookEventType = z.infer<typeof webhookEventTypeSchema>;

export const webhookDeliveryStatusSchema = z.enum(['pending', 'sending', 'delivered', 'failed']);
export type WebhookDeliveryStatus = z.infer<typeof webhookDeliveryStatusSchema>;

/** One durable workflow per delivery round (workflows/webhook-delivery.ts): a round is started once. */
export function webhookDeliveryWorkflowId(deliveryId: number, round: number): string {
  return `webhook-delivery-${deliveryId}-${round}`;
}

/** The signature header of every delivery: `t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`. */
export const WEBHOOK_SIGNATURE_HEADER = 'Openlines-Signature';

/** A receiver has this long to answer one attempt (the delivery workflow gives the activity 30 s). */
export const WEBHOOK_TIMEOUT_SECONDS = 10;
/** What the log keeps of a receiver's answer. */
export const WEBHOOK_RESPONSE_EXCERPT_CHARS = 500;

/** The body of every delivery: stable, documented in README ("Outgoing webhooks"). */
export interface WebhookPayload {
  /** `evt_<n>`: the same for every delivery and retry of the event, so receivers can ignore repeats. */
  id: string;
  type: WebhookEventType;
  created_at: string;
  data: Record<string, unknown>;
}

export function webhookPayload(event: { id: number; type: WebhookEventType; createdAt: Date; data: Record<string, unknown> }): WebhookPayload {
  return { id: `evt_${event.id}`, type: event.type, created_at: event.createdAt.toISOString(), data: event.data };
}

/** Whether an answer counts as received: any 2xx. Others are retried. */
export function isWebhookAccepted(status: number): boolean {
  return status >= 200 && status < 300;
}

export const webhookSubscriptionInputSchema = z.object({
  url: z
    .string()
    .trim()
    .url('Enter the full address that receives the events, e.g. https://crm.example.com/openlines')
    .refine((value) => /^https?:\/\//i.test(value), 'Use an http:// or https:// address'),
  description: z.string().trim().max(200, 'Keep the description under 200 characters').default(''),
  events: z.array(webhookEventTypeSchema).min(1, 'Choose at least one event to send').transform((events) => [...new Set(events)]),
  active: z.boolean().default(true),
});
export type WebhookSubscriptionInput = z.infer<typeof webhookSubscriptionInputSchema>;
