import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { dialogWorkflowId } from '../domain/dialog';
import { routingChangedSignal } from '../domain/messages';

/**
 * Tells each dialog's workflow that its routing changed (it holds an offer now), in parallel,
 * after the offers committed. A finished workflow has nothing to hear; any other failure is
 * logged, not thrown: the offers stand, and the workflow finds its offer when it next asks.
 */
export async function tellDialogsRoutingChanged(temporal: Client, dialogIds: readonly number[]): Promise<void> {
  const results = await Promise.allSettled(dialogIds.map((id) => temporal.workflow.getHandle(dialogWorkflowId(id)).signal(routingChangedSignal)));
  results.forEach((result, i) => {
    if (result.status === 'rejected' && !(result.reason instanceof WorkflowNotFoundError)) {
      console.error(`could not tell dialog #${dialogIds[i]} that it was offered:`, result.reason);
    }
  });
}
