import { continueAsNew, condition, defineSignal, proxyActivities, setHandler, workflowInfo } from '@temporalio/workflow';
import type { LineDispatcherActivities } from '../support/line-dispatcher-activities';

/** A capacity event or a new waiting dialog asks the line's dispatcher for a pass. */
export const dispatchRequestedSignal = defineSignal<[]>('dispatchRequested');

const { dispatchLinePass } = proxyActivities<LineDispatcherActivities>({ startToCloseTimeout: '1 minute' });

/** Keeps each run's history short even when the server does not suggest continuing as new yet. */
const PASSES_PER_RUN = 500;

/**
 * Bench only (the shape the product did not take): a long-lived workflow per line, fed by
 * `dispatchRequested` signals. Requests that arrive while a pass runs are coalesced into one more
 * pass; a request pending at continue-as-new is carried into the next run.
 */
export async function lineDispatcherWorkflow({ lineId, pending = false }: { lineId: number; pending?: boolean }): Promise<void> {
  let requested = pending;
  setHandler(dispatchRequestedSignal, () => {
    requested = true;
  });
  for (let passes = 0; passes < PASSES_PER_RUN && !workflowInfo().continueAsNewSuggested; passes++) {
    await condition(() => requested);
    requested = false;
    await dispatchLinePass(lineId);
  }
  await continueAsNew<typeof lineDispatcherWorkflow>({ lineId, pending: requested });
}
