import type { Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { dialogWorkflowId } from '../domain/dialog';
import { routingChangedSignal } from '../domain/messages';

/**
 * Tells each dialog's workflow that its routing changed (it holds an offer now), in parallel,
 * after the offers committed. The offers stand whatever happens here: the workflow finds its
 * offer when it next asks.
 */
export async function tellDialogsRoutingChanged(temporal: Client, dialogIds: readonly number[]): Promise<void> {
  await signalDialogs(dialogIds, (id) => temporal.workflow.getHandle(dialogWorkflowId(id)).signal(routingChangedSignal), 'that it was offered');
}

/**
 * Sends one signal to each dialog's workflow, in parallel; returns the dialogs that got it. A
 * finished workflow has nothing to hear; any other failure is logged, not thrown (`what` says
 * what the dialog was to be told).
 */
export async function signalDialogs(dialogIds: readonly number[], signal: (dialogId: number) => Promise<void>, what: string): Promise<number[]> {
  const results = await Promise.allSettled(dialogIds.map(signal));
  const signalled: number[] = [];
  results.forEach((result, i) => {
    const dialogId = dialogIds[i]!;
    if (result.status === 'fulfilled') signalled.push(dialogId);
    else if (!(result.reason instanceof WorkflowNotFoundError)) console.error(`could not tell dialog #${dialogId} ${what}:`, result.reason);
  });
  return signalled;
}
