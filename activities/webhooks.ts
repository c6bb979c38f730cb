import { ApplicationFailure } from '@temporalio/activity';
import { signatureHeader } from '../channels/custom/signature';
import { decryptSecrets } from '../channels/secrets';
import { loadDeliveryToSend, markDeliveryFailed, recordDeliveryAttempt } from '../db/queries/webhooks';
import {
  isWebhookAccepted,
  WEBHOOK_RESPONSE_EXCERPT_CHARS,
  WEBHOOK_SIGNATURE_HEADER,
  WEBHOOK_TIMEOUT_SECONDS,
  webhookPayload,
} from '../domain/webhooks';
import { sendHttpRequest } from '../outbound/http-request';
import { developmentChannelRuntime, type ActivityDeps } from './deps';

/** The attempts of a webhook delivery (workflows/webhook-delivery.ts). */
export function createWebhookActivities(deps: ActivityDeps) {
  const appSecret = (deps.channels ?? developmentChannelRuntime).appSecret;
  return {
    /**
     * One attempt: the event signed with the subscription's secret (the custom connector's scheme)
     * and POSTed through the flows' guarded client (SSRF rules, HTTP_ALLOWED_INTERNAL_HOSTS). Each
     * attempt is logged; a non-2xx answer or a network failure throws, so Temporal retries it.
     */
    async sendWebhookDelivery({ deliveryId, round }: { deliveryId: number; round: number }): Promise<void> {
      const delivery = await loadDeliveryToSend(deps.db, deliveryId);
      // Deleted with its subscription, or superseded by a later "send again": nothing to do.
      if (!delivery || delivery.round !== round || delivery.status !== 'sending') return;
      const body = JSON.stringify(webhookPayload({ id: delivery.event_id, type: delivery.type, createdAt: delivery.event_created_at, data: delivery.data }));
      const secret = decryptSecrets(appSecret, delivery.secret_encrypted).secret ?? '';
      const started = performance.now();
      const outcome = await sendHttpRequest(
        {
          kind: 'http_request',
          method: 'POST',
          url: delivery.url,
          headers: {
            'content-type': 'application/json',
            'user-agent': 'Openlines-Webhooks/1',
            [WEBHOOK_SIGNATURE_HEADER]: signatureHeader(secret, body),
            'Openlines-Event-Id': `evt_${delivery.event_id}`,
            'Openlines-Event-Type': delivery.type,
          },
          body,
          timeoutSeconds: WEBHOOK_TIMEOUT_SECONDS,
        },
        { allowList: deps.httpAllowList },
      );
      const durationMs = Math.round(performance.now() - started);
      const { result } = outcome;
      if (result.kind !== 'http_response') throw new Error(`unexpected result ${result.kind}`);
      const statusCode = result.ok ? result.status : null;
      const delivered = statusCode !== null && isWebhookAccepted(statusCode);
      const error = result.ok ? (delivered ? null : `the receiver answered ${statusCode}`) : result.error;
      await recordDeliveryAttempt(deps.db, { deliveryId, round, durationMs, statusCode, responseExcerpt: result.ok ? excerpt(result.body) : null, error, delivered });
      if (delivered) return;
      if (!outcome.retryable) throw ApplicationFailure.nonRetryable(error ?? 'refused', 'WebhookRefused');
      throw ApplicationFailure.retryable(error ?? 'failed', 'WebhookNotAccepted');
    },

    async failWebhookDelivery({ deliveryId, round }: { deliveryId: number; round: number }): Promise<void> {
      await markDeliveryFailed(deps.db, deliveryId, round);
    },
  };
}

function excerpt(body: unknown): string | null {
  const text = typeof body === 'string' ? body : JSON.stringify(body);
  if (text === undefined || text === '') return null;
  return text.length > WEBHOOK_RESPONSE_EXCERPT_CHARS ? `${text.slice(0, WEBHOOK_RESPONSE_EXCERPT_CHARS)}…` : text;
}
