import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { ChannelKind } from '../../domain/channels';
import { metricNames } from '../../domain/metrics';
import type { Database } from '../../db/client';
import { countDialogsByLine } from '../../db/queries/line-load';

/** The web server's one Prometheus registry, served by /api/metrics. */
function createWebMetrics() {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry });
  return {
    registry,
    inboundMessages: new Counter({
      name: metricNames.inboundMessages,
      help: 'Client messages received from channels (re-deliveries included), by channel kind',
      labelNames: ['channel_kind'] as const,
      registers: [registry],
    }),
    signalLatency: new Histogram({
      name: metricNames.signalLatency,
      help: 'Time to hand a stored client message to its dialog workflow (signal-with-start), in seconds',
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [registry],
    }),
    openDialogs: new Gauge({
      name: metricNames.openDialogs,
      help: 'Dialogs not closed, per line (read from PostgreSQL at scrape time)',
      labelNames: ['line_id', 'line_name'] as const,
      registers: [registry],
    }),
    queuedDialogs: new Gauge({
      name: metricNames.queuedDialogs,
      help: 'Dialogs waiting in the queue for an operator, per line (read from PostgreSQL at scrape time)',
      labelNames: ['line_id', 'line_name'] as const,
      registers: [registry],
    }),
  };
}

// On globalThis: route handlers are bundled separately, and all of them must count into one registry.
const globalForMetrics = globalThis as unknown as { openlinesWebMetrics?: ReturnType<typeof createWebMetrics> };

function webMetrics() {
  globalForMetrics.openlinesWebMetrics ??= createWebMetrics();
  return globalForMetrics.openlinesWebMetrics;
}

export function countInboundMessage(channelKind: ChannelKind): void {
  webMetrics().inboundMessages.inc({ channel_kind: channelKind });
}

/** What the inbound path (channels/inbound.ts) counts in the web server. */
export const inboundMetrics = { countInboundMessage, timeSignalWithStart };

/** Runs the signal-with-start call and records how long it took, failed calls included. */
export async function timeSignalWithStart<T>(signal: () => Promise<T>): Promise<T> {
  const stop = webMetrics().signalLatency.startTimer();
  try {
    return await signal();
  } finally {
    stop();
  }
}

/** The exposition text: per-line gauges refreshed from PostgreSQL first, then every metric. */
export async function renderWebMetrics(db: Database): Promise<{ contentType: string; body: string }> {
  const metrics = webMetrics();
  const lines = await countDialogsByLine(db);
  // Reset so a deleted line's series disappears instead of keeping its last value.
  metrics.openDialogs.reset();
  metrics.queuedDialogs.reset();
  for (const line of lines) {
    const labels = { line_id: String(line.lineId), line_name: line.lineName };
    metrics.openDialogs.set(labels, line.openDialogs);
    metrics.queuedDialogs.set(labels, line.queuedDialogs);
  }
  return { contentType: metrics.registry.contentType, body: await metrics.registry.metrics() };
}
