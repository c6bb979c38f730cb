import { condition } from '@temporalio/workflow';
import { mayEverReopen, reopenWindowEndsAt } from '../../domain/dialog-lifecycle/reopen';
import { activities } from './activities';
import { offerFreedCapacity } from './queue';
import { sendBotMessage } from './send';
import type { DialogRun } from './state';
import { ratingRequestExtras } from './support';

/**
 * SPEC §4 rule 8: close (an operator's close may first ask for the rating), the closing text, and
 * the rating after closing; an expired dialog is archived without one, spam without either.
 */
export async function closeWithRating(run: DialogRun): Promise<void> {
  const { dialogId, state } = run;
  // Read afresh at each step: a transfer to another line that was already under way may still land.
  const rating = () => state.settings.rating;
  const rateBeforeClosing = rating().enabled && rating().askWhen === 'before_close' && state.closeReason === 'operator' && !state.view.ratingRequested;
  if (rateBeforeClosing) {
    await requestRating(run);
    await condition(() => state.view.rating !== null, `${rating().timeLimitMinutes} minutes`);
    if (state.view.rating !== null) state.closedByRating();
  }
  await run.serialized(async () => {
    await activities.closeDialog({ dialogId, reason: state.closeReason, closedBy: state.closeRequestedBy, blockContact: state.blockContactOnClose });
    state.closed();
  });
  if (state.botStaysUntilClose) {
    state.botStaysUntilClose = false;
    await activities.recordFlowEvent({ dialogId, kind: 'bot_left', data: {} });
  }
  // Under the line's limit a close frees a slot someone may be waiting for.
  if (state.view.operatorId !== null) await offerFreedCapacity(run, state.view.operatorId);
  if (state.closeReason === 'spam') return;
  if (state.settings.closing.text) await sendBotMessage(dialogId, state.settings.closing.text);
  // Rating after closing; an expired dialog is archived without one.
  if (rating().enabled && !state.view.ratingRequested && state.closeReason !== 'expired') {
    await requestRating(run);
    await condition(() => state.view.rating !== null || state.reopenRequested, `${rating().timeLimitMinutes} minutes`);
  }
}

/** SPEC §3 closing: true when the client writes inside the line's reopen window. */
export async function reopenedInsideWindow(run: DialogRun): Promise<boolean> {
  const { state } = run;
  const windowMinutes = state.settings.closing.reopenWindowMinutes;
  if (!mayEverReopen(state.closeReason, windowMinutes)) return false;
  if (state.reopenRequested) return true;
  return condition(() => state.reopenRequested, Math.max(1, reopenWindowEndsAt(state.closedAt, windowMinutes) - Date.now()));
}

export async function requestRating(run: DialogRun): Promise<void> {
  run.state.ratingAsked();
  await sendBotMessage(run.dialogId, run.state.settings.rating.requestText, ratingRequestExtras(run.state.settings.rating.scale));
}
