import { WorkflowExecutionAlreadyStartedError, type Client } from '@temporalio/client';
import type { Database } from '../db/client';
import { claimPendingDeliveries } from '../db/queries/webhooks';
import { webhookDeliveryWorkflowId } from '../domain/webhooks';
import { startPeriodicPass, type PeriodicPass } from './periodic-pass';

/** Pending deliveries are looked for this often. */
const DEFAULT_INTERVAL_MS = 1_000;
const BATCH = 50;

export type WebhookSweeper = PeriodicPass;

export interface WebhookSweeperDeps {
  db: Database;
  temporal: Client;
  taskQueue: string;
}

/**
 * Starts the durable workflow of each pending webhook delivery (the triggers queue them with the
 * events; "send again" queues a new round). The start happens inside the claiming transaction:
 * if it fails the row stays pending; if the commit fails after a start, the next pass finds the
 * workflow already started (its id is the delivery and round) and only marks it. Rows are claimed
 * with SKIP LOCKED, so any number of workers sweep at once.
 */
export async function startPendingDeliveries(deps: WebhookSweeperDeps): Promise<number> {
  return deps.db.transaction().execute(async (trx) => {
    const rows = await claimPendingDeliveries(trx, BATCH);
    await Promise.all(
      rows.map(async ({ id, round }) => {
        try {
          await deps.temporal.workflow.start('webhookDeliveryWorkflow', {
            workflowId: webhookDeliveryWorkflowId(id, round),
            taskQueue: deps.taskQueue,
            args: [{ deliveryId: id, round }],
            workflowIdReusePolicy: 'REJECT_DUPLICATE',
          });
        } catch (error) {
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
        }
      }),
    );
    return rows.length;
  });
}

export function startWebhookSweeper(deps: WebhookSweeperDeps, options: { intervalMs?: number } = {}): WebhookSweeper {
  return startPeriodicPass('webhook sweeper', async () => (await startPendingDeliveries(deps)) === BATCH, options.intervalMs ?? DEFAULT_INTERVAL_MS);
}
