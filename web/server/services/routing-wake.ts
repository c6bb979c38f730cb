import type { Client } from '@temporalio/client';
import { dialogWorkflowId } from '../../../domain/dialog';
import { operatorLeftSignal, operatorUnavailableSignal } from '../../../domain/messages';
import type { Database } from '../../../db/client';
import { listOpenDialogIdsOfOperator } from '../../../db/queries/availability';
import { dispatchAfterCapacityChange } from '../../../engine/dispatch-line';
import { signalDialogs } from '../../../engine/tell-dialogs';
import { config } from '../config';

// Tells dialog workflows that a fact routing depends on changed, after the change is committed.
// A signal or dispatch that fails is logged, never thrown: the change itself succeeded, and the next
// routing event reaches the dialog anyway.

export interface RoutingWakeDeps {
  db: Database;
  temporal: Client;
}

/**
 * Capacity may have appeared on these lines (settings saved, queue edited, an operator became
 * available): each line's dispatcher offers its waiting dialogs now, in one pass, and tells the
 * dialogs it offered (engine/dispatch-line.ts). Returns the dialogs offered.
 */
export async function dispatchWaitingDialogs(deps: RoutingWakeDeps, lineIds: readonly number[]): Promise<number[]> {
  return dispatchAfterCapacityChange({ ...deps, maxOpenDialogsPerOperator: config.MAX_OPEN_DIALOGS_PER_OPERATOR }, { lineIds });
}

/**
 * The operator became unavailable: every open dialog offered to them or assigned to them hears
 * it (operatorUnavailable) and applies SPEC §4 rule 4. Returns the dialogs signalled.
 */
export async function tellDialogsOperatorUnavailable(deps: RoutingWakeDeps, operatorId: string): Promise<number[]> {
  const dialogIds = await listOpenDialogIdsOfOperator(deps.db, operatorId);
  return signalDialogs(
    dialogIds,
    (id) => deps.temporal.workflow.getHandle(dialogWorkflowId(id)).signal(operatorUnavailableSignal, { operatorId }),
    'that its operator became unavailable',
  );
}


/**
 * The user was deactivated: SPEC §4 rule 5 at once rather than at the next daily return. Every
 * open dialog offered to or held by them hears operatorLeft (the same signal the daily job sends)
 * and goes back to the queue, pinned or not. Returns the dialogs signalled.
 */
export async function tellDialogsOperatorDeactivated(deps: RoutingWakeDeps, operatorId: string): Promise<number[]> {
  const dialogIds = await listOpenDialogIdsOfOperator(deps.db, operatorId);
  return signalDialogs(
    dialogIds,
    (id) => deps.temporal.workflow.getHandle(dialogWorkflowId(id)).signal(operatorLeftSignal, { operatorId, why: 'deactivated' }),
    'that its operator was deactivated',
  );
}
