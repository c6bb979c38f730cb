import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';

/**
 * The reason a dialog workflow gave for refusing an update ("Another operator has already taken
 * this dialog."), or undefined when the error is something else (server down, bug).
 */
export function updateRejectionReason(error: unknown): string | undefined {
  if (!(error instanceof WorkflowUpdateFailedError)) return undefined;
  const cause = error.cause;
  return cause instanceof ApplicationFailure && cause.type === 'DialogConflict' ? cause.message : undefined;
}
