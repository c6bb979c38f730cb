import { DialogClosedError } from '../domain/errors';
import type { DistributionMode } from '../domain/line-settings';
import { updateDialog } from '../db/queries/dialogs';
import { currentOfferOf, findDialogOffer, pickUpOffer, putRoutingRequest } from '../db/queries/dispatch';
import { recordDialogEvent } from '../db/queries/events';
import { findLine } from '../db/queries/lines';
import { withdrawOfferOf } from '../db/queries/routing';
import { dispatchAfterCapacityChange, dispatchLine } from '../engine/dispatch-line';
import { changeDialog } from './dialogs';
import { dispatchDepsOf, type ActivityDeps } from './deps';

/**
 * The dialog's offer (`wake` is always empty now: the line's dispatcher tells the dialogs it
 * offers; `nextWaiting` and `yieldTo` are what histories recorded before it may hold), or null
 * when it waits in the queue.
 */
export type OfferResult = { operatorIds: string[]; wake?: number[]; nextWaiting?: number } | { yieldTo: number } | null;

export function createRoutingActivities(deps: ActivityDeps) {
  return {
    /**
     * The dialog asks to be offered (SPEC §3). The line's dispatcher decides for every waiting
     * dialog at once (engine/dispatch-line.ts): this records the dialog's request (its routing
     * flow's `mode` override, the `excluded` operators who let it pass), asks for a pass and
     * returns this dialog's offer, or null when it waits (the dispatcher tells it, by
     * routingChanged, once it is offered). A dialog the dispatcher already offered gets its offer
     * back without a pass — except one offered to all, which asks again to reach operators who
     * became eligible since.
     */
    async offerDialog(input: { dialogId: number; lineId: number; excluded: string[]; mode?: DistributionMode }): Promise<OfferResult> {
      const { dialogId, lineId, excluded, mode } = input;
      // A closed dialog is never routed: the activity fails for good (the run ends), and no request is stored.
      const dialog = await findDialogOffer(deps.db, dialogId);
      if (dialog?.status === 'closed') throw new DialogClosedError(dialogId);
      const held = dialog?.offeredTo ?? [];
      if (held.length > 0 && !(await offersToAll(deps, lineId, mode))) return pickedUp(deps, dialogId, held);
      // The dispatcher serves the line's queue: a dialog coming from a bot (or back from an offer) joins it first.
      if (held.length === 0 && dialog?.status !== 'queued') await changeDialog(deps, dialogId, (trx) => updateDialog(trx, dialogId, { status: 'queued' }));
      await putRoutingRequest(deps.db, { dialogId, lineId, mode: mode ?? null, passedBy: excluded });
      await dispatchLine(dispatchDepsOf(deps), lineId, { awaiting: dialogId });
      const offered = await currentOfferOf(deps.db, dialogId);
      if (offered.length > 0) return pickedUp(deps, dialogId, offered);
      return null;
    },

    /**
     * One offered operator skipped, became unavailable or let the hand-off time pass: their offer
     * disappears from their inbox. Returns how many offers remain (other operators, mode "all").
     */
    async withdrawOffer({ dialogId, operatorId, why }: { dialogId: number; operatorId: string; why: 'timeout' | 'skipped' | 'unavailable' }): Promise<number> {
      const kinds = { timeout: 'offer_expired', skipped: 'skipped', unavailable: 'offer_withdrawn_unavailable' } as const;
      return changeDialog(deps, dialogId, async (trx) => {
        const remaining = await withdrawOfferOf(trx, dialogId, operatorId);
        if (remaining === 0) await updateDialog(trx, dialogId, { status: 'queued', ...(why === 'timeout' ? { missed: true } : {}) });
        await recordDialogEvent(trx, dialogId, kinds[why], why === 'skipped' ? operatorId : null, { operatorId });
        return remaining;
      });
    },

    /**
     * An accepted dialog goes back to the queue (no-answer rule; its operator became unavailable,
     * left the queue or was deactivated). The operator has a slot free: their lines are dispatched.
     */
    async returnDialogToQueue({ dialogId, operatorId, why }: { dialogId: number; operatorId: string; why: 'no_answer' | 'operator_unavailable' | 'left_queue' | 'deactivated' }): Promise<void> {
      await changeDialog(deps, dialogId, async (trx) => {
        await updateDialog(trx, dialogId, { operator_id: null, status: 'queued', accepted_at: null });
        await recordDialogEvent(trx, dialogId, 'returned_to_queue', null, { operatorId, why });
      });
      await dispatchAfterCapacityChange(dispatchDepsOf(deps), { operatorId });
    },

    /**
     * The operator freed a slot: the lines they serve are dispatched, and the dispatcher tells the
     * dialogs it offers. Returns none to wake (histories recorded before expect a list).
     */
    async queuedDialogsToOfferAfterCapacityFreed({ operatorId }: { operatorId: string }): Promise<number[]> {
      await dispatchAfterCapacityChange(dispatchDepsOf(deps), { operatorId });
      return [];
    },
  };
}

/** The offer goes back to the workflow: the dispatcher need not tell it again. */
async function pickedUp(deps: ActivityDeps, dialogId: number, operatorIds: string[]): Promise<OfferResult> {
  await pickUpOffer(deps.db, dialogId);
  return { operatorIds, wake: [] };
}

/** Whether the dialog is offered to all (its flow's override, else the line's mode). */
async function offersToAll(deps: ActivityDeps, lineId: number, mode: DistributionMode | undefined): Promise<boolean> {
  if (mode !== undefined) return mode === 'all';
  return (await findLine(deps.db, lineId))?.settings.distribution.mode === 'all';
}
