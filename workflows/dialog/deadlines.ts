import { condition } from '@temporalio/workflow';
import { nextDeadline, sameDeadline, type DeadlineKind } from '../../domain/dialog-deadlines';
import { activities } from './activities';
import { returnToQueue } from './hand-over';
import { sendBotMessage } from './send';
import type { DialogRun } from './state';
import { hasChange } from './changes';

/**
 * Beside the queue and the conversation, until the dialog is asked to close: the line's deadlines
 * (domain/dialog-deadlines.ts) — the no-answer rule, KPI alerts, auto-close after the client's
 * silence, expiry of a dialog whose client never got an answer. The state's methods bump its
 * deadlines version whenever they may have moved, and the timer is re-armed when the next one did;
 * none run while a flow is talking.
 */
export async function watchDeadlines(run: DialogRun): Promise<void> {
  const { state } = run;
  const dueNow = () => (state.flowRunning ? null : nextDeadline(state.settings, state.clock));
  while (!state.closeRequested) {
    const seen = state.deadlinesVersion;
    const due = dueNow();
    // A change that leaves the deadline where it was (a waiting client's every further message)
    // keeps its timer; runs recorded before re-armed it on every change.
    const changed = hasChange('deadline-timer-kept')
      ? () => state.closeRequested || (state.deadlinesVersion !== seen && !sameDeadline(dueNow(), due))
      : () => state.deadlinesVersion !== seen || state.closeRequested;
    if (!due) {
      await condition(changed);
      continue;
    }
    const fired = !(await condition(changed, Math.max(1, Date.parse(due.at) - Date.now())));
    if (fired) await onDeadline(run, due.kind);
  }
}

async function onDeadline(run: DialogRun, kind: DeadlineKind): Promise<void> {
  switch (kind) {
    case 'auto_close':
      return run.state.requestClose('auto_close', null);
    case 'expiry':
      return run.state.requestClose('expired', null);
    case 'kpi_first_answer':
    case 'kpi_further_answer':
      return raiseKpiAlert(run, kind);
    case 'no_answer':
      return applyNoAnswerRule(run);
  }
}

/** SPEC §3 no-answer: "please wait" once, or back to the queue; either way the dialog counts as missed. */
async function applyNoAnswerRule(run: DialogRun): Promise<void> {
  const { dialogId, state } = run;
  state.noAnswerRuleApplied();
  if (state.view.operatorId === null && !state.view.missed) {
    state.missed();
    await activities.markMissed({ dialogId });
  }
  const { noAnswer } = state.settings;
  if (noAnswer.action === 'send_text') {
    await sendBotMessage(dialogId, noAnswer.text);
  } else if (noAnswer.action === 'return_to_queue' && state.view.operatorId !== null) {
    await returnToQueue(run, 'no_answer');
  }
}

/** SPEC §3 KPI: the client has waited past the limit: alert the operator and the listed users, once per wait. */
async function raiseKpiAlert(run: DialogRun, kind: 'kpi_first_answer' | 'kpi_further_answer'): Promise<void> {
  const { dialogId, state } = run;
  const waitingSince = state.clock.unansweredSince;
  if (waitingSince === null) return;
  state.kpiAlerted(waitingSince);
  const limit = kind === 'kpi_first_answer' ? state.settings.kpi.firstAnswer : state.settings.kpi.furtherAnswer;
  await activities.raiseKpiAlert({
    dialogId,
    kind: kind === 'kpi_first_answer' ? 'first_answer' : 'further_answer',
    operatorId: state.view.operatorId,
    limitMinutes: limit.minutes,
    waitingSince,
  });
}
