import { proxyActivities } from '@temporalio/workflow';
import type { Activities } from '../../activities';
import { countingCalls } from './support';

// The dialog workflow's activity stubs, one set for every run (their options are part of each
// recorded command, so they stay as they are).

export const { stubs: activities, running: activitiesRunning } = countingCalls(
  proxyActivities<Activities>({
    startToCloseTimeout: '30 seconds',
    // Database writes retry until PostgreSQL is back: a dialog never loses a step to an outage.
    retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
  }),
);

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
