import { ApplicationFailure, getExternalWorkflowHandle, type SignalDefinition } from '@temporalio/workflow';
import { dialogWorkflowId } from '../domain/dialog';

/**
 * Signals a dialog's workflow from a scheduled job. False when the workflow has finished
 * meanwhile (the dialog closed: nothing left to tell); any other failure fails the job's run,
 * and the next run repeats the work.
 */
export async function tellDialog<Args extends unknown[]>(dialogId: number, signal: SignalDefinition<Args>, ...args: Args): Promise<boolean> {
  try {
    await getExternalWorkflowHandle(dialogWorkflowId(dialogId)).signal(signal, ...args);
    return true;
  } catch (error) {
    if (error instanceof ApplicationFailure && error.type === 'ExternalWorkflowExecutionNotFound') return false;
    throw error;
  }
}
