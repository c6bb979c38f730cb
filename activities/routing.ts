import { pickEvenlyOperator } from '../domain/routing/pick-evenly';
import { updateDialog } from '../db/queries/dialogs';
import { recordDialogEvent } from '../db/queries/events';
import { availableUserIdsAmong } from '../db/queries/availability';
import { findLine } from '../db/queries/lines';
import { clearOffers, listEligibleCandidates, lockLineForRouting, markOffered } from '../db/queries/routing';
import { changeDialog } from './dialogs';
import type { ActivityDeps } from './deps';

export function createRoutingActivities(deps: ActivityDeps) {
  return {
    /**
     * Offers the dialog to the eligible operator idle longest (evenly mode), skipping `excluded`
     * (operators who already let it pass). Eligible: active, below the open-dialog ceiling and,
     * with the line's availability check on, available (online, working day started, not on a
     * break or absent). Atomic per line. Returns null and leaves the dialog queued when nobody
     * can take it now.
     */
    async offerDialog({ dialogId, lineId, excluded }: { dialogId: number; lineId: number; excluded: string[] }): Promise<{ operatorId: string } | null> {
      return changeDialog(deps, dialogId, async (trx) => {
        await lockLineForRouting(trx, lineId);
        await clearOffers(trx, dialogId);
        const now = new Date();
        let candidates = await listEligibleCandidates(trx, lineId, deps.maxOpenDialogsPerOperator);
        const line = await findLine(trx, lineId);
        if (line?.settings.distribution.availabilityCheck) {
          const available = new Set(await availableUserIdsAmong(trx, candidates.map((c) => c.userId), now));
          candidates = candidates.filter((c) => available.has(c.userId));
        }
        const chosen = pickEvenlyOperator(candidates, new Set(excluded));
        if (!chosen) {
          await updateDialog(trx, dialogId, { status: 'queued' });
          return null;
        }
        await markOffered(trx, lineId, dialogId, chosen.userId, now);
        await updateDialog(trx, dialogId, { status: 'offered' });
        await recordDialogEvent(trx, dialogId, 'offered', null, { operatorId: chosen.userId });
        return { operatorId: chosen.userId };
      });
    },

    /** The offered operator skipped, became unavailable or let the hand-off time pass: the offer disappears from their inbox. */
    async withdrawOffer({ dialogId, operatorId, why }: { dialogId: number; operatorId: string; why: 'timeout' | 'skipped' | 'unavailable' }): Promise<void> {
      const kinds = { timeout: 'offer_expired', skipped: 'skipped', unavailable: 'offer_withdrawn_unavailable' } as const;
      await changeDialog(deps, dialogId, async (trx) => {
        await clearOffers(trx, dialogId);
        await updateDialog(trx, dialogId, { status: 'queued', ...(why === 'timeout' ? { missed: true } : {}) });
        await recordDialogEvent(trx, dialogId, kinds[why], why === 'skipped' ? operatorId : null, { operatorId });
      });
    },

    /** An accepted dialog goes back to the queue (no-answer rule, or its operator became unavailable). */
    async returnDialogToQueue({ dialogId, operatorId, why }: { dialogId: number; operatorId: string; why: 'no_answer' | 'operator_unavailable' }): Promise<void> {
      await changeDialog(deps, dialogId, async (trx) => {
        await updateDialog(trx, dialogId, { operator_id: null, status: 'queued', accepted_at: null });
        await recordDialogEvent(trx, dialogId, 'returned_to_queue', null, { operatorId, why });
      });
    },
  };
}
