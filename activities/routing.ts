import type { Transaction } from 'kysely';
import { responsibleRouting } from '../domain/crm';
import type { LineSettings } from '../domain/line-settings';
import type { DistributionMode } from '../domain/line-settings';
import { chooseOperators } from '../domain/routing/choose-operators';
import { availableUserIdsAmong } from '../db/queries/availability';
import { listQueuedDialogIds, updateDialog } from '../db/queries/dialogs';
import { recordDialogEvent } from '../db/queries/events';
import { findLine, lineIdsOfMember } from '../db/queries/lines';
import { clearOffers, findResponsibleOfDialog, freeSlotsOf, listEligibleCandidates, lockLineForRouting, markOffered, queuedAhead, withdrawOfferOf } from '../db/queries/routing';
import type { DB } from '../db/types';
import { changeDialog } from './dialogs';
import type { ActivityDeps } from './deps';

/**
 * An offer made (`wake`: waiting dialogs that may take the slots left; `nextWaiting` is the single
 * one that histories recorded before may hold), a yield to an older waiting dialog, or nothing.
 */
/** Waiting dialogs one offer wakes at most: enough to fill slots fast, few enough to avoid a signal storm. */
const WAKE_FAN_OUT = 1;

export type OfferResult = { operatorIds: string[]; wake?: number[]; nextWaiting?: number } | { yieldTo: number } | null;

export function createRoutingActivities(deps: ActivityDeps) {
  return {
    /**
     * Offers the dialog by the line's distribution mode (evenly, strictly, all) to eligible
     * operators, skipping `excluded` (who already let it pass). Eligible: active, below the
     * open-dialog ceiling and the line's limit and, with the availability check on, available
     * (online, working day started, not on a break or absent). Atomic per line: the line row is
     * locked, so concurrent dialogs never overrun a limit. The queue is served by priority, then
     * age: when older dialogs wait, this one yields and names the first of them to wake; after a
     * successful offer it names the next waiting dialog, which may find capacity left. Returns
     * null (and leaves the dialog queued) when nobody can take it now. With the line's CRM "route
     * to responsible" on, the client's responsible user comes first (see responsibleToOffer).
     */
    async offerDialog(input: { dialogId: number; lineId: number; excluded: string[]; mode?: DistributionMode }): Promise<OfferResult> {
      // `mode`: a routing flow's override of the line's distribution mode, for this dialog.
      const { dialogId, lineId, excluded, mode } = input;
      return changeDialog(deps, dialogId, async (trx) => {
        await lockLineForRouting(trx, lineId);
        await clearOffers(trx, dialogId);
        const now = new Date();
        const line = await findLine(trx, lineId);
        if (!line) return null;
        const { distribution } = line.settings;
        // A known client's responsible user gets the dialog alone, outside the queue's order and limit.
        const responsibleId = await responsibleToOffer(trx, deps, line.settings, dialogId, excluded, now);
        let chosen = responsibleId !== null ? [responsibleId] : [];
        let free = 1;
        if (responsibleId === null) {
          let candidates = await listEligibleCandidates(trx, lineId, {
            ceiling: deps.maxOpenDialogsPerOperator,
            line: distribution.limit.enabled ? distribution.limit : undefined,
          });
          if (distribution.availabilityCheck) {
            const available = new Set(await availableUserIdsAmong(trx, candidates.map((c) => c.userId), now));
            candidates = candidates.filter((c) => available.has(c.userId));
          }
          chosen = chooseOperators(mode ?? distribution.mode, candidates, new Set(excluded));
          if (chosen.length === 0) {
            await updateDialog(trx, dialogId, { status: 'queued' });
            return null;
          }
          // Capacity is scarce only under the line's limit: then this dialog may go only if the free
          // slots outnumber the older dialogs still waiting, so each of them finds one too. (Without a
          // limit every dialog is offered at once, and yielding would only serialize them.)
          if (distribution.limit.enabled) {
            free = (mode ?? distribution.mode) === 'all' ? 1 : await freeSlotsOf(trx, lineId, candidates.filter((c) => !excluded.includes(c.userId)).map((c) => c.userId), distribution.limit);
            const ahead = await queuedAhead(trx, lineId, dialogId, free);
            if (ahead.length >= free && ahead[0] !== undefined) {
              await updateDialog(trx, dialogId, { status: 'queued' });
              return { yieldTo: ahead[0] };
            }
          }
        }
        for (const operatorId of chosen) await markOffered(trx, lineId, dialogId, operatorId, now);
        await updateDialog(trx, dialogId, { status: 'offered' });
        const offeredTo = chosen.length === 1 ? { operatorId: chosen[0], ...(responsibleId !== null ? { responsible: true } : {}) } : { operatorIds: chosen, mode: 'all' };
        await recordDialogEvent(trx, dialogId, 'offered', null, offeredTo);
        // Under a limit, slots may remain: as many waiting dialogs as there are slots left try now
        // (each wakes more while offers succeed). Without one, no dialog waits while an operator is eligible.
        const wake = distribution.limit.enabled ? await listQueuedDialogIds(trx, lineId, Math.min(WAKE_FAN_OUT, free - 1)) : [];
        return { operatorIds: chosen, wake };
      });
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

    /** An accepted dialog goes back to the queue (no-answer rule; its operator became unavailable, left the queue or was deactivated). */
    async returnDialogToQueue({ dialogId, operatorId, why }: { dialogId: number; operatorId: string; why: 'no_answer' | 'operator_unavailable' | 'left_queue' | 'deactivated' }): Promise<void> {
      await changeDialog(deps, dialogId, async (trx) => {
        await updateDialog(trx, dialogId, { operator_id: null, status: 'queued', accepted_at: null });
        await recordDialogEvent(trx, dialogId, 'returned_to_queue', null, { operatorId, why });
      });
    },

    /**
     * The operator freed a slot (closed a dialog): the longest-waiting, highest-priority queued
     * dialog of each of their lines, to be told so it is offered now. One per line — one slot freed.
     */
    async queuedDialogsToOfferAfterCapacityFreed({ operatorId }: { operatorId: string }): Promise<number[]> {
      const lineIds = await lineIdsOfMember(deps.db, operatorId);
      const next = await Promise.all(lineIds.map((lineId) => listQueuedDialogIds(deps.db, lineId, 1)));
      return next.flat();
    },
  };
}

/**
 * The contact's responsible user, when the dialog goes straight to them (domain/crm.ts
 * responsibleRouting): the line routes to responsible users, and they are active, below the
 * ceiling, have not let this dialog pass, and are available or the line does not check. Null:
 * the line's queue decides.
 */
async function responsibleToOffer(
  trx: Transaction<DB>,
  deps: ActivityDeps,
  settings: LineSettings,
  dialogId: number,
  excluded: readonly string[],
  now: Date,
): Promise<string | null> {
  if (!settings.crm.routeToResponsible) return null;
  const responsible = await findResponsibleOfDialog(trx, dialogId, deps.maxOpenDialogsPerOperator);
  if (!responsible) return null;
  const available = (await availableUserIdsAmong(trx, [responsible.userId], now)).length > 0;
  const route = responsibleRouting(
    { routeToResponsible: true, availabilityCheck: settings.distribution.availabilityCheck },
    { ...responsible, available, letItPass: excluded.includes(responsible.userId) },
  );
  return route === 'responsible' ? responsible.userId : null;
}
