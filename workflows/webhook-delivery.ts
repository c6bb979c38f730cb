import { ActivityFailure, proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';

/** Attempts per round: the first and the retries (README, "Outgoing webhooks"). */
const MAX_ATTEMPTS = 10;

// Each attempt is one activity execution; Temporal's retry policy is the back-off (1 s, 2 s, 4 s …
// at most 10 min apart), durable across worker and server restarts. No domain module is imported
// here (workflows/preload.ts): the attempt's own time limit (WEBHOOK_TIMEOUT_SECONDS, 10 s) is
// well inside the 30 s given to the activity.
const { sendWebhookDelivery } = proxyActivities<Activities>({
  startToCloseTimeout: '30 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '10 minutes', maximumAttempts: MAX_ATTEMPTS },
});
const { failWebhookDelivery } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * One round of one webhook delivery (workflow id `webhook-delivery-<id>-<round>`, started by
 * worker/webhook-sweeper.ts): sends until the receiver answers 2xx or the attempts run out, then
 * the delivery is marked failed (an admin can send it again: a new round).
 */
export async function webhookDeliveryWorkflow(input: { deliveryId: number; round: number }): Promise<{ delivered: boolean }> {
  try {
    await sendWebhookDelivery(input);
    return { delivered: true };
  } catch (error) {
    if (!(error instanceof ActivityFailure)) throw error;
    await failWebhookDelivery(input);
    return { delivered: false };
  }
}
