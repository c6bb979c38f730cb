import { proxyActivities, proxyLocalActivities, type ActivityInterfaceFor } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { countingCalls } from './support';
import { hasChange } from './changes';

// The dialog workflow's activity stubs, one set for every run (their options are part of each
// recorded command, so they stay as they are).

const stepTimeout = '30 seconds';
// Database writes retry until PostgreSQL is back: a dialog never loses a step to an outage.
const stepRetry = { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' } as const;

const remoteSteps = proxyActivities<Activities>({ startToCloseTimeout: stepTimeout, retry: stepRetry });

// The same steps run inside the workflow task on this worker and are recorded as markers: no
// activity task, poll and extra workflow task per step on the server and the worker. Retries keep
// the same back-off; past the threshold they wait on a timer instead of holding the workflow task
// open, so the dialog still hears its signals and updates during a database outage.
const localSteps = proxyLocalActivities<Activities>({ startToCloseTimeout: stepTimeout, retry: stepRetry, localRetryThreshold: '10 seconds' });

/**
 * The steps that may run locally: short database work, or signalling other dialogs through the
 * client (the line's dispatcher). Not here: postBotMessage and storeBotMessage, whose message is keyed by the activity
 * id when the caller gives no key — a local activity gets a new id after each timer back-off, so a
 * retry could store the message twice. An operator's reply carries the browser's key, so it may.
 */
const stepsRunLocally: { [Step in keyof Activities]?: (input: Parameters<Activities[Step]>[0]) => boolean } = {
  loadDialogContext: () => true,
  setDialogStatus: () => true,
  assignDialog: () => true,
  markMissed: () => true,
  closeDialog: () => true,
  storeRating: () => true,
  handOverDialog: () => true,
  moveDialogToLine: () => true,
  addParticipant: () => true,
  setPinned: () => true,
  loadFlowVersion: () => true,
  loadFlowFacts: () => true,
  runFlowEffect: () => true,
  recordFlowEvent: () => true,
  recordFlowPath: () => true,
  isActiveUser: () => true,
  offerDialog: () => true,
  withdrawOffer: () => true,
  returnDialogToQueue: () => true,
  queuedDialogsToOfferAfterCapacityFreed: () => true,
  checkContact: () => true,
  raiseKpiAlert: () => true,
  markClientWrote: () => true,
  postOperatorReply: ({ clientMessageId }) => clientMessageId !== undefined,
  storeOperatorReply: ({ clientMessageId }) => clientMessageId !== undefined,
};

// Decided once per run, at its first step (module state is the run's own): a run recorded before
// local steps keeps its remote ones to the end; a new run, or one continued as new, runs them here.
let runsStepsLocally: boolean | undefined;

function stubFor(step: keyof Activities, input: unknown): ActivityInterfaceFor<Activities> {
  runsStepsLocally ??= hasChange('dialog-local-activities');
  const local = stepsRunLocally[step] as ((input: unknown) => boolean) | undefined;
  return runsStepsLocally && local?.(input) ? localSteps : remoteSteps;
}

const dialogSteps = new Proxy({} as ActivityInterfaceFor<Activities>, {
  get(_target, step) {
    if (typeof step !== 'string') return undefined;
    return (...args: unknown[]) => {
      const stub = stubFor(step as keyof Activities, args[0])[step as keyof Activities] as (...a: unknown[]) => Promise<unknown>;
      return stub(...args);
    };
  },
});

export const { stubs: activities, running: activitiesRunning } = countingCalls(dialogSteps);

export const delivery = proxyActivities<Pick<Activities, 'deliverMessage'>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes', maximumAttempts: 20 },
});

// A flow's HTTP request: the node's own timeout, and a few retries before its failure branch.
export const flowHttp = proxyActivities<Pick<Activities, 'flowHttpRequest'>>({
  startToCloseTimeout: '75 seconds',
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumAttempts: 3 },
});

// A request that changes something (POST, PUT, PATCH, DELETE) is made once unless its node says
// repeating it is safe: a retry after a lost answer could order, charge or delete twice.
export const flowHttpOnce = proxyActivities<Pick<Activities, 'flowHttpRequest'>>({
  startToCloseTimeout: '75 seconds',
  retry: { maximumAttempts: 1 },
});
