import { condition } from '@temporalio/workflow';
import { isWithinWorkingHours, nextOpeningAt } from '../../domain/working-hours';
import { sendBotMessage } from './send';
import type { DialogRun } from './state';

/** SPEC §3: out-of-hours dialogs still queue; the client is told once per off period. Runs beside the queue and the conversation. */
export async function answerOutOfHours(run: DialogRun): Promise<void> {
  const { state } = run;
  const hours = state.settings.workingHours;
  if (!hours.enabled || hours.outOfHours.action !== 'send_text') return;
  let answeredUpTo = run.resume ? state.lastClientMessageId : 0;
  while (!state.closeRequested) {
    await condition(() => state.closeRequested || state.lastClientMessageId > answeredUpTo);
    if (state.closeRequested) return;
    answeredUpTo = state.lastClientMessageId;
    const now = new Date(Date.now());
    if (isWithinWorkingHours(hours, now)) continue;
    // The next opening names the off period: one reply per period, however many messages.
    const opening = nextOpeningAt(hours, now)?.toISOString() ?? 'not scheduled';
    if (opening === state.outOfHoursRepliedFor) continue;
    state.outOfHoursRepliedFor = opening;
    await sendBotMessage(run.dialogId, hours.outOfHours.text);
  }
}
