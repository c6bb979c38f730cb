import { WorkflowNotFoundError, type Client } from '@temporalio/client';
import { dialogWorkflowId } from '../domain/dialog';

/**
 * Deletes dialogs' Temporal workflow executions — every run of `dialog-<id>`, with its history (the
 * client's messages travel in its signals). A running one is terminated first. Retention (worker)
 * and erase (web server) share it; no worker or activity code here.
 */
export async function deleteDialogWorkflowHistories(temporal: Client, dialogIds: readonly number[]): Promise<number> {
  let deleted = 0;
  for (const dialogId of dialogIds) deleted += await deleteWorkflowHistories(temporal, dialogWorkflowId(dialogId));
  return deleted;
}

/** How many runs of the workflow were deleted (0 when it never ran or is gone already). */
export async function deleteWorkflowHistories(temporal: Client, workflowId: string): Promise<number> {
  const namespace = temporal.options.namespace;
  try {
    await temporal.workflow.getHandle(workflowId).terminate('erased: retention or a client asked to erase their data');
  } catch (error) {
    // Not running (finished, never started, or gone): nothing to stop.
    if (!(error instanceof WorkflowNotFoundError)) throw error;
  }
  const runIds = new Set<string>();
  for await (const execution of temporal.workflow.list({ query: `WorkflowId = "${workflowId.replace(/"/g, '')}"` })) runIds.add(execution.runId);
  // The visibility store may lag behind: the latest run is always found by its id alone.
  const targets: (string | undefined)[] = runIds.size > 0 ? [...runIds] : [undefined];
  let deleted = 0;
  for (const runId of targets) {
    try {
      await temporal.workflowService.deleteWorkflowExecution({ namespace, workflowExecution: { workflowId, runId } });
      deleted += 1;
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  }
  return deleted;
}

function isNotFound(error: unknown): boolean {
  // gRPC status 5 = NOT_FOUND
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 5;
}
