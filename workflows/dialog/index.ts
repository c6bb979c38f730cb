import { ActivityFailure, allHandlersFinished, ApplicationFailure, condition, continueAsNew, log, workflowInfo } from '@temporalio/workflow';
import { DIALOG_CLOSED_FAILURE } from '../../domain/errors';
import type { DialogWorkflowInput } from '../../domain/messages';
import { goesStraightToQueue } from '../../domain/routing/straight-to-queue';
import { activities, activitiesRunning } from './activities';
import { closeWithRating, reopenedInsideWindow } from './closing';
import { converse } from './conversation';
import { watchDeadlines } from './deadlines';
import { setDialogHandlers } from './handlers';
import { answerOutOfHours } from './out-of-hours';
import { distributeToQueue } from './queue';
import { greets, hasStartFlows, runStartFlows, sendGreeting } from './start-and-flows';
import { DialogRunState, type DialogRun } from './state';
import { createSerializer } from './support';
import { hasChange } from './changes';

/**
 * One open-line dialog, from the client's first message to the rating (SPEC §4):
 * greeting → start flows → CRM check → queue (offers with hand-off) ⇄ conversation → close →
 * rating, and back to the conversation when the client writes inside the reopen window.
 * Beside it, a watcher acts on the line's deadlines (deadlines.ts), and operators act on it
 * through updates (handlers.ts). A long dialog continues as new, handing its state to the next run.
 *
 * The phases live in this folder; their state is one object (state.ts) whose methods re-arm the
 * deadline watcher. Recorded histories must replay (test/histories/), so the order of activity
 * calls, timers and `patched()` markers is part of the contract: the steps below await the same
 * functions, with no extra async layers, as the runs recorded before this split.
 */
export async function dialogWorkflow(input: DialogWorkflowInput): Promise<void> {
  try {
    await runDialog(input);
  } catch (error) {
    // A step found the row closed under this run (activities refuse that for good): the row is the
    // truth, so the run ends rather than failing or retrying.
    if (!isDialogClosedFailure(error)) throw error;
    log.warn('dialog run ended: its dialog is closed', { dialogId: input.dialogId });
  }
}

async function runDialog({ dialogId, resume }: DialogWorkflowInput): Promise<void> {
  const carried = resume?.reason === 'continued' ? resume.carried : undefined;
  const run: DialogRun = { dialogId, resume, state: new DialogRunState(dialogId, carried), serialized: createSerializer() };
  const { state } = run;
  // A new dialog of a line that sends it straight to the queue may be offered before this run
  // starts (channels/inbound.ts): until its first ask returns that offer, "offered to you" waits.
  if (!resume && hasChange('offered-before-start')) state.offerInFlight = true;
  setDialogHandlers(run);

  state.lineLoaded(await activities.loadDialogContext({ dialogId }));
  if (state.offerInFlight && !goesStraightToQueue(state.settings)) state.offerInFlight = false;
  // A new run for a closed dialog that is not a reopen (a message signalled after its run had
  // ended, e.g. late from the outbox): the row is the truth, nothing is routed again.
  if (!resume && state.context.status === 'closed' && hasChange('closed-dialog-ends-run')) return;
  // A run started for a message inside the reopen window: the dialog is with its operator again.
  if (resume?.reason === 'reopened') state.tookUpReopened(state.context);
  let watcher = watchDeadlines(run);

  // The greeting goes out beside routing: an offer need not wait for its delivery.
  let greeting: Promise<void> = Promise.resolve();
  if (!resume) {
    // 1. Greeting (SPEC §4 rule 2).
    if (greets(run)) {
      if (hasChange('greeting-beside-routing')) greeting = sendGreeting(run);
      else await sendGreeting(run);
    }
    // 2. Routing flow, then the welcome (or out-of-hours) bot — they speak after the greeting;
    //    then the CRM check, when the line creates leads.
    if (hasStartFlows(run)) await greeting;
    await runStartFlows(run);
    if (hasChange('crm-check') && state.settings.crm.createLead) await activities.checkContact({ dialogId });
  }

  for (;;) {
    // 3. Queue and conversation, until the dialog is closed: a dialog returned to the queue
    //    (no-answer rule, operator unavailable, transfer to a line) is offered again. Beside it
    //    run the deadline watcher and the out-of-hours replies.
    const outOfHoursReplies = answerOutOfHours(run);
    while (!state.closeRequested) {
      if (workflowInfo().continueAsNewSuggested) await continueAsNewNow(run);
      if (state.view.operatorId === null) await distributeToQueue(run);
      else await converse(run);
    }
    await Promise.all([watcher, outOfHoursReplies, greeting]);

    // 4. Close, closing text, rating.
    await closeWithRating(run);

    // 5. Reopen: a client message inside the window brings the dialog back to its operator.
    if (!(await reopenedInsideWindow(run))) break;
    state.reopened();
    watcher = watchDeadlines(run);
  }

  await condition(allHandlersFinished);
}

/**
 * SPEC §4 rule 9: hands the dialog to a fresh run once the history grows large. Waits until no
 * activity or update is running; the deadlines are absolute times in the clock, so the next run
 * re-arms the same timers.
 */
async function continueAsNewNow(run: DialogRun): Promise<never> {
  await condition(() => activitiesRunning() === 0 && allHandlersFinished());
  return continueAsNew<typeof dialogWorkflow>({ dialogId: run.dialogId, resume: { reason: 'continued', carried: run.state.carried() } });
}

function isDialogClosedFailure(error: unknown): boolean {
  // A remote step's failure comes wrapped in an ActivityFailure; a local step's as it was thrown.
  const failure = error instanceof ActivityFailure ? error.cause : error;
  return failure instanceof ApplicationFailure && failure.type === DIALOG_CLOSED_FAILURE;
}
