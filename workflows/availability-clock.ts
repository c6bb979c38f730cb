import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { operatorUnavailableSignal, routingChangedSignal } from '../domain/messages';
import { tellDialog } from './tell-dialogs';

const { findAbsenceChanges, finishUnattendedWorkdays, recordAvailabilityClockRun } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 seconds' },
});

export interface AvailabilityClockInput {
  /** ISO start of the window to cover; by default where the previous run ended. */
  since?: string;
}

export interface AvailabilityClockResult {
  since: string;
  until: string;
  /** Operators whose working day was finished automatically (left running too long). */
  workdaysFinished: string[];
  /** Dialogs told their operator became unavailable (absence began, working day finished). */
  toldUnavailable: number[];
  /** Queued dialogs told to re-run routing (an absence ended). */
  woken: number[];
}

/**
 * What changes availability by the clock alone, every minute (worker/schedules.ts): an absence
 * that begins makes its operator's offered and assigned dialogs apply SPEC §4 rule 4; one that
 * ends lets the queued dialogs of their lines be offered (rule 3); a working day left running
 * too long ends (domain/availability.ts isWorkdayUnattended), as if the operator had ended it.
 * The window is (previous run, now]: a run missed while the worker was down is made up by the
 * next, and the mark moves only after every dialog was told, so a failed run is repeated.
 */
export async function availabilityClockWorkflow({ since }: AvailabilityClockInput = {}): Promise<AvailabilityClockResult> {
  const until = new Date(Date.now()).toISOString();
  const finished = await finishUnattendedWorkdays({ at: until });
  const changes = await findAbsenceChanges({ since, until });

  const unavailable = new Map<string, { dialogId: number; operatorId: string }>();
  for (const { operatorId, dialogIds } of [...finished, ...changes.absent]) {
    for (const dialogId of dialogIds) unavailable.set(`${dialogId}:${operatorId}`, { dialogId, operatorId });
  }
  const pairs = [...unavailable.values()];
  const [unavailableTold, wokenTold] = await Promise.all([
    Promise.all(pairs.map(({ dialogId, operatorId }) => tellDialog(dialogId, operatorUnavailableSignal, { operatorId }))),
    Promise.all(changes.queuedDialogIds.map((dialogId) => tellDialog(dialogId, routingChangedSignal))),
  ]);
  await recordAvailabilityClockRun({ until });
  return {
    since: changes.since,
    until,
    workdaysFinished: finished.map((f) => f.operatorId),
    toldUnavailable: [...new Set(pairs.filter((_, i) => unavailableTold[i]).map((p) => p.dialogId))],
    woken: changes.queuedDialogIds.filter((_, i) => wokenTold[i]),
  };
}
