import { randomInt } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialogWorkflowId } from '../../domain/dialog';
import { DIALOG_WORKFLOW_TYPE, type DialogWorkflowInput } from '../../domain/messages';
import { serveWorkerMetrics, type WorkerMetricsServer } from '../../worker/metrics';
import { useTestWorker } from '../support/worker';

/**
 * The worker's own HTTP port (WORKER_METRICS_PORT): a health check for its container and the
 * Prometheus metrics of what only the worker sees — activity failures — from a real worker.
 */
const METRICS_TOKEN = 'worker-metrics-token-0123456789';
const test = useTestWorker();
let server: WorkerMetricsServer;
let url: string;

beforeAll(async () => {
  server = await serveWorkerMetrics({ port: 0, host: '127.0.0.1', token: METRICS_TOKEN, workerState: () => test.worker.state() });
  url = `http://127.0.0.1:${server.port}`;
});

afterAll(async () => {
  await server?.close();
});

describe('the worker metrics port', () => {
  it('answers /health while the worker polls', async () => {
    const response = await fetch(`${url}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ ok: true, state: 'RUNNING' });
  });

  it('needs METRICS_TOKEN for /metrics', async () => {
    expect((await fetch(`${url}/metrics`)).status).toBe(401);
    expect((await fetch(`${url}/metrics`, { headers: { authorization: 'Bearer wrong-token-0123456789' } })).status).toBe(401);
    const off = await serveWorkerMetrics({ port: 0, host: '127.0.0.1', token: undefined, workerState: () => 'RUNNING' });
    try {
      const response = await fetch(`http://127.0.0.1:${off.port}/metrics`);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ error: 'metrics are off; set METRICS_TOKEN' });
    } finally {
      await off.close();
    }
  });

  it('counts a failed activity by its name', async () => {
    const scrape = async () => {
      const response = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
      expect(response.status).toBe(200);
      const line = (await response.text()).split('\n').find((l) => l.startsWith('openlines_activity_failures_total{activity="loadDialogContext"} '));
      return line === undefined ? 0 : Number(line.split(' ')[1]);
    };
    const before = await scrape();
    // A dialog that does not exist: its workflow's first activity fails (not retryable) and the workflow with it.
    const dialogId = randomInt(1_900_000_000, 2_100_000_000);
    const input: DialogWorkflowInput = { dialogId };
    const handle = await test.worker.client.workflow.start(DIALOG_WORKFLOW_TYPE, {
      workflowId: dialogWorkflowId(dialogId),
      taskQueue: test.worker.taskQueue,
      args: [input],
    });
    await expect(handle.result()).rejects.toThrow();
    expect(await scrape()).toBe(before + 1);
  });
});
