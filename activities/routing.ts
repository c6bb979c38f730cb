import { pickEvenlyOperator } from '../domain/routing/pick-evenly';
import { updateDialog } from '../db/queries/dialogs';
import { recordDialogEvent } from '../db/queries/events';
import { clearOffers, listEligibleCandidates, lockLineForRouting, markOffered } from '../db/queries/routing';
import { changeDialog } from './dialogs';
import type { ActivityDeps } from './deps';

export function createRoutingActivities(deps: ActivityDeps) {
  return {
    /**
     * Offers the dialog to the eligible operator idle longest (evenly mode), skipping `excluded`
     * (operators who already let it pass). Atomic per line. Returns null and leaves the dialog
     * queued when nobody can take it now.
     */
    async offerDialog({ dialogId, lineId, excluded }: { dialogId: number; lineId: number; excluded: string[] }): Promise<{ operatorId: string } | null> {
      return changeDialog(deps, dialogId, async (trx) => {
        await lockLineForRouting(trx, lineId);
        await clearOffers(trx, dialogId);
        const candidates = await listEligibleCandidates(trx, lineId, deps.maxOpenDialogsPerOperator);
        const chosen = pickEvenlyOperator(candidates, new Set(excluded));
        if (!chosen) {
          await updateDialog(trx, dialogId, { status: 'queued' });
          return null;
        }
        await markOffered(trx, lineId, dialogId, chosen.userId, new Date());
        await updateDialog(trx, dialogId, { status: 'offered' });
        await recordDialogEvent(trx, dialogId, 'offered', null, { operatorId: chosen.userId });
        return { operatorId: chosen.userId };
      });
    },

    /** The offered operator let the hand-off time pass or skipped: the offer disappears from their inbox. */
    async withdrawOffer({ dialogId, operatorId, why }: { dialogId: number; operatorId: string; why: 'timeout' | 'skipped' }): Promise<void> {
      await changeDialog(deps, dialogId, async (trx) => {
        await clearOffers(trx, dialogId);
        await updateDialog(trx, dialogId, { status: 'queued', ...(why === 'timeout' ? { missed: true } : {}) });
        await recordDialogEvent(trx, dialogId, why === 'timeout' ? 'offer_expired' : 'skipped', why === 'skipped' ? operatorId : null, { operatorId });
      });
    },
  };
}
