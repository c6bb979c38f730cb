import { condition, workflowInfo } from '@temporalio/workflow';
import { activities } from './activities';
import { returnToQueue } from './hand-over';
import type { DialogRun } from './state';

/**
 * SPEC §4: the operator has the dialog. The stored status follows who wrote last (in_work,
 * waiting_client) until the dialog closes, changes hands, or its operator goes (rules 4–5).
 */
export async function converse(run: DialogRun): Promise<void> {
  const { dialogId, state } = run;
  let storedStatus = state.view.status;
  const operatorId = state.view.operatorId;
  const handsChanged = () => state.view.operatorId !== operatorId;
  while (!state.closeRequested && !handsChanged()) {
    await condition(
      () =>
        state.closeRequested ||
        handsChanged() ||
        state.operatorGone !== null ||
        state.conversationStatus() !== storedStatus ||
        workflowInfo().continueAsNewSuggested,
    );
    if (state.closeRequested || handsChanged()) return;
    if (state.operatorGone !== null) {
      const gone = state.operatorGone;
      state.operatorGone = null;
      if (gone.operatorId !== state.view.operatorId) continue;
      // SPEC §4 rule 4: a client who wrote last goes back to the queue; one the operator answered
      // stays. Rule 5: a user who left the queue (or was deactivated) loses the dialog either way.
      const clientWaits = state.settings.distribution.availabilityCheck && state.conversationStatus() === 'in_work';
      if (gone.why !== 'operator_unavailable' || clientWaits) {
        await returnToQueue(run, gone.why);
        return;
      }
      continue;
    }
    if (state.conversationStatus() !== storedStatus) {
      await run.serialized(async () => {
        const desired = state.conversationStatus();
        if (desired === 'in_work' && state.view.status !== 'in_work') await activities.markClientWrote({ dialogId });
        state.conversationStatusStored(desired);
        storedStatus = desired;
      });
      continue;
    }
    return; // the history asks to continue as new: the main loop does it
  }
}
