import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CancelledFailure } from '@temporalio/common';
import type { ActivityInterceptorsFactory } from '@temporalio/worker';
import { Counter, Registry, collectDefaultMetrics } from 'prom-client';
import { checkMetricsAccess, metricNames } from '../domain/metrics';

/** The worker process's one Prometheus registry, served on WORKER_METRICS_PORT. */
const registry = new Registry();
collectDefaultMetrics({ register: registry });

const activityFailures = new Counter({
  name: metricNames.activityFailures,
  help: 'Failed activity attempts (each retry counts), by activity name',
  labelNames: ['activity'] as const,
  registers: [registry],
});

/** Counts every activity attempt that throws; a cancellation is the workflow's choice, not a failure. */
export const countActivityFailures: ActivityInterceptorsFactory = (context) => ({
  inbound: {
    async execute(input, next) {
      try {
        return await next(input);
      } catch (error) {
        if (!(error instanceof CancelledFailure)) activityFailures.inc({ activity: context.info.activityType });
        throw error;
      }
    },
  },
});

export interface WorkerMetricsServer {
  port: number;
  close(): Promise<void>;
}

/**
 * The worker's HTTP side: `GET /health` (200 while the worker polls its task queue, 503 otherwise;
 * open, for container health checks) and `GET /metrics` (Prometheus; needs METRICS_TOKEN like the
 * web server's /api/metrics).
 */
export async function serveWorkerMetrics(options: {
  port: number;
  host?: string;
  token: string | undefined;
  workerState: () => string;
}): Promise<WorkerMetricsServer> {
  const server = createServer((request, response) => {
    const path = new URL(request.url ?? '/', 'http://worker').pathname;
    if (request.method !== 'GET') return reply(response, 405, { error: 'only GET is served here' });
    if (path === '/health') {
      const state = options.workerState();
      return reply(response, state === 'RUNNING' ? 200 : 503, { ok: state === 'RUNNING', state });
    }
    if (path !== '/metrics') return reply(response, 404, { error: 'not found: the worker serves /health and /metrics' });
    const access = checkMetricsAccess(options.token, request.headers.authorization ?? null);
    if (!access.granted) return reply(response, access.status, { error: access.message });
    registry.metrics().then(
      (body) => {
        response.writeHead(200, { 'content-type': registry.contentType, 'cache-control': 'no-store' });
        response.end(body);
      },
      (error: unknown) => reply(response, 500, { error: `metrics could not be collected: ${String(error)}` }),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, options.host, () => resolve());
  });
  return {
    port: (server.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store' });
  response.end(JSON.stringify(body));
}
