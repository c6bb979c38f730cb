import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../activities';
import { operatorLeftSignal } from '../domain/messages';
import type { OperatorLeftDialog } from '../db/queries/schedules';
import { tellDialog } from './tell-dialogs';

const { findDialogsOfOperatorsWhoLeft } = proxyActivities<Activities>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/**
 * SPEC §4 rule 5, once a day (worker/schedules.ts): dialogs still with users who left the line's
 * queue or were deactivated go back to the queue. Each dialog's workflow hears operatorLeft,
 * returns itself to the queue (or withdraws the offer) and records why. Returns the dialogs told.
 */
export async function dailyReturnWorkflow(): Promise<{ returned: OperatorLeftDialog[] }> {
  const leftBehind = await findDialogsOfOperatorsWhoLeft();
  const told = await Promise.all(leftBehind.map(({ dialogId, operatorId, why }) => tellDialog(dialogId, operatorLeftSignal, { operatorId, why })));
  return { returned: leftBehind.filter((_, i) => told[i]) };
}
