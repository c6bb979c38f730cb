import type { ConversationStatus } from '../domain/dialog-lifecycle/conversation-status';
import { addDialogParticipant } from '../db/queries/dialog-actions';
import { holdOpenDialog, updateDialog } from '../db/queries/dialogs';
import { recordDialogEvent } from '../db/queries/events';
import { findLine } from '../db/queries/lines';
import { clearOffers } from '../db/queries/routing';
import { dispatchAfterCapacityChange } from '../engine/dispatch-line';
import { dispatchDepsOf, type ActivityDeps } from './deps';
import { changeDialog, giveDialogTo, type DialogEventInput } from './dialogs';

/** The operator actions of SPEC §4 rule 6, as the dialog workflow records them. */
export function createDialogActionActivities(deps: ActivityDeps) {
  return {
    /**
     * Transfer to an operator, or a supervisor's take-over: the dialog is theirs now, offers are
     * gone. The previous operator's slot (or the offers) are free: their lines are dispatched.
     */
    async handOverDialog(input: { dialogId: number; toOperatorId: string; status: ConversationStatus; event: DialogEventInput }): Promise<void> {
      const { dialogId, toOperatorId, status, event } = input;
      const before = await changeDialog(deps, dialogId, async (trx, dialog) => {
        await giveDialogTo(trx, { dialogId, operatorId: toOperatorId, status, event });
        return dialog;
      });
      if (before) await dispatchAfterCapacityChange(dispatchDepsOf(deps), { operatorId: before.operator_id, lineIds: [before.line_id] });
    },

    /**
     * Transfer to another line's queue. Refused (not retried) when the client already has an open
     * dialog there: one client has one open dialog per line.
     */
    async moveDialogToLine(input: { dialogId: number; toLineId: number; actorId: string | null; fromOperatorId: string | null; comment: string | null }): Promise<{ ok: true } | { ok: false; reason: string }> {
      const { dialogId, toLineId, actorId, fromOperatorId, comment } = input;
      let fromLineId: number | null = null;
      const moved = await changeDialog(deps, dialogId, async (trx, dialog) => {
        const line = await findLine(trx, toLineId);
        if (!dialog || !line) return { ok: false as const, reason: `to.lineId: line ${toLineId} does not exist.` };
        const other = (await holdOpenDialog(trx, toLineId, dialog.contact_id))?.id;
        if (other !== undefined && other !== dialogId) {
          return { ok: false as const, reason: `to.lineId: this client already has an open dialog (#${other}) on “${line.name}”; transfer to an operator there instead.` };
        }
        await clearOffers(trx, dialogId);
        await updateDialog(trx, dialogId, { line_id: toLineId, operator_id: null, status: 'queued', accepted_at: null, pinned: false });
        await recordDialogEvent(trx, dialogId, 'transferred', actorId, { fromOperatorId, fromLineId: dialog.line_id, lineId: toLineId, comment });
        fromLineId = dialog.line_id;
        return { ok: true as const };
      });
      // The operator's slot, or the offers on the line it left, are free now.
      if (moved.ok) await dispatchAfterCapacityChange(dispatchDepsOf(deps), { operatorId: fromOperatorId, lineIds: fromLineId === null ? [] : [fromLineId] });
      return moved;
    },

    async addParticipant({ dialogId, userId, invitedBy }: { dialogId: number; userId: string; invitedBy: string }): Promise<void> {
      await changeDialog(deps, dialogId, async (trx) => {
        await addDialogParticipant(trx, dialogId, userId, invitedBy);
        await recordDialogEvent(trx, dialogId, 'invited', invitedBy, { inviteeId: userId, operatorId: userId });
      });
    },

    async setPinned({ dialogId, userId, pinned }: { dialogId: number; userId: string; pinned: boolean }): Promise<void> {
      await changeDialog(deps, dialogId, async (trx) => {
        await updateDialog(trx, dialogId, { pinned });
        await recordDialogEvent(trx, dialogId, pinned ? 'pinned' : 'unpinned', userId);
      });
    },
  };
}
