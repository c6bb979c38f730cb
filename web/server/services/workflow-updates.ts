import { WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { AppError } from '../../../domain/errors';

/**
 * Runs a dialog workflow update and turns its refusals into AppErrors: a validator's rejection
 * ("This dialog is not offered to you…") is a CONFLICT with the workflow's own message.
 */
export async function runDialogUpdate<T>(dialogId: number, update: () => Promise<T>): Promise<T> {
  try {
    return await update();
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      const cause = error.cause;
      throw new AppError('CONFLICT', cause instanceof Error && cause.message ? cause.message : `Dialog #${dialogId} refused the change.`);
    }
    if (error instanceof WorkflowNotFoundError || isCompletedWorkflowError(error)) {
      throw new AppError('CONFLICT', `Dialog #${dialogId} is finished and can no longer be changed.`);
    }
    if (error instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
      throw new AppError('CONFLICT', `Dialog #${dialogId} did not answer in time. Try again in a moment.`);
    }
    throw error;
  }
}

function isCompletedWorkflowError(error: unknown): boolean {
  return error instanceof Error && /workflow execution already completed/i.test(error.message);
}
