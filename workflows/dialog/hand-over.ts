import type { DialogEventInput } from '../../activities/dialogs';
import { activities } from './activities';
import { offerFreedCapacity } from './queue';
import type { DialogRun, ReturnReason } from './state';
import { hasChange } from './changes';

// Who has the dialog changes (SPEC §4 rules 4–6): another operator, another line's queue, or back
// to the queue. Shared by the operators' updates, the flows and the deadlines.

/** The dialog changes hands (transfer, take-over, a flow's assignment): the new operator has it now. */
export async function handOver(run: DialogRun, operatorId: string, event: DialogEventInput): Promise<void> {
  const { dialogId, state } = run;
  await run.serialized(() => activities.handOverDialog({ dialogId, toOperatorId: operatorId, status: state.conversationStatus(), event }));
  state.handedOver(operatorId);
}

/** To another line's queue (transfer, a flow's hand-off): its settings apply from now on. */
export async function moveToLine(
  run: DialogRun,
  lineId: number,
  actorId: string | null,
  comment: string | null,
): Promise<{ ok: true } | { ok: false; reason: string }> {
  const { dialogId, state } = run;
  const moved = await run.serialized(() => activities.moveDialogToLine({ dialogId, toLineId: lineId, actorId, fromOperatorId: state.view.operatorId, comment }));
  if (!moved.ok) return moved;
  state.movedToLine(await activities.loadDialogContext({ dialogId }));
  return moved;
}

/** Back to the line's queue (no-answer rule, operator unavailable, left the queue): offered again. */
export async function returnToQueue(run: DialogRun, why: ReturnReason): Promise<void> {
  const { dialogId, state } = run;
  const operatorId = state.view.operatorId;
  if (operatorId === null) return;
  state.returnedToQueue();
  await run.serialized(() => activities.returnDialogToQueue({ dialogId, operatorId, why }));
  if (hasChange('return-frees-capacity')) await offerFreedCapacity(run, operatorId);
}
