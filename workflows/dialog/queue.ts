import { condition, getExternalWorkflowHandle, workflowInfo } from '@temporalio/workflow';
import { dialogWorkflowId } from '../../domain/dialog';
import { acceptRefusal } from '../../domain/dialog-lifecycle/preconditions';
import { routingChangedSignal } from '../../domain/messages';
import { activities } from './activities';
import type { DialogRun } from './state';
import { refuseIf } from './support';
import { hasChange } from './changes';

/**
 * SPEC §4 rules 3–4: the dialog waits in its line's queue and is offered — evenly, strictly in
 * order with hand-off, or to all at once — until an operator takes it. Offers that pass (skipped,
 * the operator became unavailable, the hand-off time ran out) go to the next operator.
 */
export async function distributeToQueue(run: DialogRun): Promise<void> {
  const { dialogId, state } = run;
  const letItPass = new Set<string>();
  const epoch = state.queueEpoch;
  const interrupted = () => state.view.operatorId !== null || state.closeRequested || state.queueEpoch !== epoch;
  while (!interrupted()) {
    state.offerInFlight = true;
    const offer = await run.serialized(() =>
      activities.offerDialog({ dialogId, lineId: state.context.lineId, excluded: [...letItPass], mode: state.distributionModeOverride ?? undefined }),
    );
    if (offer && 'operatorIds' in offer) state.offered(offer.operatorIds);
    state.offerInFlight = false;
    if (offer && 'operatorIds' in offer) {
      for (const id of offer.wake ?? (offer.nextWaiting !== undefined ? [offer.nextWaiting] : [])) await wakeDialog(id);
    }
    if (interrupted()) return;
    if (offer && 'yieldTo' in offer) {
      // An older dialog waits for this capacity: it goes first, this one waits its turn.
      await waitInQueue(run, interrupted, offer.yieldTo);
      if (workflowInfo().continueAsNewSuggested) return;
      continue;
    }
    if (!offer) {
      if (letItPass.size > 0) {
        // Everyone eligible has let it pass once: go round the queue again.
        letItPass.clear();
        continue;
      }
      await waitInQueue(run, interrupted);
      if (workflowInfo().continueAsNewSuggested) return;
      continue;
    }
    await waitOnOffer(run, letItPass, epoch);
  }
}

/** Queued: until routing changes (capacity appeared), or the history asks to continue as new. */
async function waitInQueue(run: DialogRun, interrupted: () => boolean, wakeFirst?: number): Promise<void> {
  run.state.queued();
  if (wakeFirst !== undefined) await wakeDialog(wakeFirst);
  await condition(() => run.state.routingChanged || interrupted() || workflowInfo().continueAsNewSuggested);
}

/**
 * Until the offer is taken, or every offered operator let it pass. Evenly and strictly hand it
 * off after the hand-off time; "to all" waits for the first taker, and is offered afresh when the
 * line's routing changes (someone new may be available).
 */
async function waitOnOffer(run: DialogRun, letItPass: Set<string>, epoch: number): Promise<void> {
  const { dialogId, state } = run;
  const toAll = state.distributionMode() === 'all';
  state.routingChanged = false;
  const interrupted = () => state.view.operatorId !== null || state.closeRequested || state.queueEpoch !== epoch;
  while (!interrupted() && state.view.offeredTo.length > 0) {
    const woken = () => interrupted() || state.withdrawals.length > 0 || (toAll && state.routingChanged);
    // "To all" has no hand-off time. (Runs recorded before the fix read condition()'s undefined
    // as a timeout and withdrew every offer on the first skip: patched keeps them replaying.)
    let answered: boolean;
    if (toAll) {
      await condition(woken);
      answered = hasChange('to-all-never-times-out');
    } else {
      answered = await condition(woken, `${state.settings.distribution.handoffMinutes} minutes`);
    }
    if (interrupted()) return;
    if (!answered) {
      state.missed();
      for (const operatorId of state.view.offeredTo) state.withdrawals.push({ operatorId, why: 'timeout' });
    }
    if (toAll && state.routingChanged && state.withdrawals.length === 0) return;
    while (state.withdrawals.length > 0) {
      const { operatorId, why } = state.withdrawals.shift()!;
      if (!state.view.offeredTo.includes(operatorId)) continue;
      letItPass.add(operatorId);
      state.offerWithdrawn(operatorId);
      await run.serialized(() => activities.withdrawOffer({ dialogId, operatorId, why }));
    }
  }
}

/** The offered operator takes the dialog (by "take", or by answering it). */
export async function acceptBy(run: DialogRun, operatorId: string): Promise<void> {
  const { dialogId, state } = run;
  await condition(() => !state.offerInFlight);
  if (state.view.operatorId === operatorId) return;
  // Checked again here: two accepts validated in the same activation must still leave one winner.
  refuseIf(acceptRefusal(state.hands, operatorId, { offerKnown: true }));
  state.accepted(operatorId);
  await run.serialized(() => activities.assignDialog({ dialogId, operatorId }));
}

/** The operator has one dialog less: under a line limit, the next waiting dialog of each of their lines is offered now. */
export async function offerFreedCapacity(run: DialogRun, operatorId: string): Promise<void> {
  if (!run.state.settings.distribution.limit.enabled) return;
  const waiting = await activities.queuedDialogsToOfferAfterCapacityFreed({ operatorId });
  for (const id of waiting) await wakeDialog(id);
}

export async function wakeDialog(id: number): Promise<void> {
  try {
    await getExternalWorkflowHandle(dialogWorkflowId(id)).signal(routingChangedSignal);
  } catch {
    // That dialog finished meanwhile: nothing to offer.
  }
}
