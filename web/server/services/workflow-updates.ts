import { ServiceError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { dialogWorkflowId } from '../../../domain/dialog';
import { AppError } from '../../../domain/errors';
import { errorMessage, type ErrorMessage } from '../../../domain/error-messages';

/** How long an operator waits for the dialog to confirm an action before being told what is true. */
export const DEFAULT_UPDATE_TIMEOUT_MS = 15_000;

/**
 * What to tell the operator when the dialog did not confirm an update: whether it happened is read
 * back from the database (what the reloaded dialog shows), never guessed.
 */
export interface UpdateOutcomeCheck {
  /** The action, as the operator would name it: "your reply", "taking the dialog" (errors `dialog.action.*`). */
  what: ErrorMessage;
  /** Whether the change shows in the dialog now. */
  applied(): Promise<boolean>;
  /** When not applied yet: what doing it again does ("Sending it again is safe: it is stored once."). */
  again?: ErrorMessage;
}

/** The outcome the UI receives in `data.details`: it reloads the dialog and keeps or clears what the operator typed. */
export type UpdateOutcome = { outcome: 'applied' } | { outcome: 'not_applied' };

export interface UpdateDeadline {
  temporal: Client;
  /** Defaults to DEFAULT_UPDATE_TIMEOUT_MS. */
  updateTimeoutMs?: number;
}

/**
 * Runs a dialog workflow update and turns its refusals into AppErrors: a validator's rejection
 * ("This dialog is not offered to you…") is a CONFLICT with the workflow's own message.
 * With a deadline and a check, an update whose outcome is unknown (no answer in time, the
 * connection lost after sending) is answered with what is true now instead of "try again".
 */
export async function runDialogUpdate<T>(
  dialogId: number,
  update: () => Promise<T>,
  confirm?: { deadline: UpdateDeadline; check: UpdateOutcomeCheck },
): Promise<T> {
  try {
    if (!confirm) return await update();
    const { temporal, updateTimeoutMs = DEFAULT_UPDATE_TIMEOUT_MS } = confirm.deadline;
    return await temporal.connection.withDeadline(Date.now() + updateTimeoutMs, update);
  } catch (error) {
    if (error instanceof WorkflowUpdateFailedError) {
      const cause = error.cause;
      throw new AppError('CONFLICT', cause instanceof Error && cause.message ? cause.message : errorMessage('dialog.refusedChange', { dialogId: String(dialogId) }));
    }
    if (error instanceof WorkflowNotFoundError || isCompletedWorkflowError(error)) {
      // Temporal answers so too for an update it dropped while the dialog runs on (its workflow task
      // timed out under load, the server restarted): whether it happened is unknown, not "finished".
      if (confirm && (await isRunning(confirm.deadline.temporal, dialogId))) {
        console.warn(`dialog ${dialogId}: an update was answered "${error instanceof Error ? error.message : String(error)}" while the dialog's workflow runs on`);
        throw await describeUnconfirmed(dialogId, confirm.check);
      }
      throw new AppError('CONFLICT', errorMessage('dialog.finished', { dialogId: String(dialogId) }));
    }
    if (isUnknownOutcome(error)) {
      if (confirm) throw await describeUnconfirmed(dialogId, confirm.check);
      throw new AppError('CONFLICT', errorMessage('dialog.noAnswer', { dialogId: String(dialogId) }));
    }
    throw error;
  }
}

async function isRunning(temporal: Client, dialogId: number): Promise<boolean> {
  const description = await temporal.workflow
    .getHandle(dialogWorkflowId(dialogId))
    .describe()
    .catch(() => null);
  return description?.status.name === 'RUNNING';
}

/** The update may or may not have reached the dialog: its answer never came back. */
function isUnknownOutcome(error: unknown): boolean {
  return error instanceof WorkflowUpdateRPCTimeoutOrCancelledError || error instanceof ServiceError;
}

async function describeUnconfirmed(dialogId: number, check: UpdateOutcomeCheck): Promise<AppError> {
  if (await check.applied()) {
    return new AppError(
      'CONFLICT',
      errorMessage('dialog.unconfirmedApplied', { dialogId: String(dialogId), what: check.what }),
      undefined,
      { outcome: 'applied' } satisfies UpdateOutcome,
    );
  }
  const again = check.again ?? errorMessage('dialog.reloadBeforeAgain');
  return new AppError(
    'CONFLICT',
    errorMessage('dialog.unconfirmedNotApplied', { dialogId: String(dialogId), what: check.what, again }),
    undefined,
    { outcome: 'not_applied' } satisfies UpdateOutcome,
  );
}

function isCompletedWorkflowError(error: unknown): boolean {
  return error instanceof Error && /workflow execution already completed/i.test(error.message);
}
