import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialogHandle, sendClientMessage, terminateDialogs, waitForState } from '../support/dialogs';
import { createLine } from '../support/fixtures';
import { startTestWorker, useTestWorker, type RunningTestWorker } from '../support/worker';

/**
 * WORKER_WORKFLOW_STACK_TRACES: Temporal's stack-trace query (the Temporal UI's "Stack Trace" tab)
 * shows where a running dialog waits when the worker has it on, and says it is off otherwise —
 * the SDK's promise hook behind it is left out by the patch in patches/, applied on `npm ci`.
 * Real PostgreSQL and the Temporal dev server.
 */
const byDefault = useTestWorker();
let withStackTraces: RunningTestWorker | undefined;
const started: { worker: RunningTestWorker; dialogId: number }[] = [];

beforeAll(async () => {
  withStackTraces = await startTestWorker(byDefault.databaseUrl, { workflowStackTraces: true });
});

afterAll(async () => {
  for (const { worker, dialogId } of started) await terminateDialogs(worker.client, new Set([dialogId]));
  await withStackTraces?.stop();
});

/** A dialog on this worker's task queue, waiting in its queue for an operator. */
async function waitingDialog(worker: RunningTestWorker) {
  const { channelId } = await createLine(worker.db);
  const { dialogId } = await sendClientMessage({ db: worker.db, temporal: worker.client, taskQueue: worker.taskQueue }, channelId, { text: 'Anyone there?' });
  started.push({ worker, dialogId });
  await waitForState(worker.client, dialogId, (s) => s.status === 'queued');
  return dialogHandle(worker.client, dialogId);
}

describe('the workflow stack-trace query', () => {
  it('says stack traces are off on a worker started without them (the default)', async () => {
    const handle = await waitingDialog(byDefault.worker);
    await expect(handle.query<string>('__stack_trace')).rejects.toThrow(/stack traces are not enabled/i);
  });

  it("shows where a waiting dialog's workflow is on a worker started with them", async () => {
    const handle = await waitingDialog(withStackTraces!);
    const trace = await handle.query<string>('__stack_trace');
    expect(trace).toMatch(/workflows\/dialog\//);
  });
});
