/**
 * What the web server's /api/metrics and the worker's metrics port share: the metric names both
 * processes publish under, and who may read them (METRICS_TOKEN as a bearer token).
 */
export const metricNames = {
  inboundMessages: 'openlines_inbound_messages_total',
  signalLatency: 'openlines_inbound_signal_seconds',
  openDialogs: 'openlines_open_dialogs',
  queuedDialogs: 'openlines_queued_dialogs',
  activityFailures: 'openlines_activity_failures_total',
} as const;

export type MetricsAccess =
  | { granted: true }
  | { granted: false; status: 404 | 401; message: string };

/**
 * Metrics reveal traffic and line names: unset METRICS_TOKEN keeps them off (404, as if absent),
 * otherwise the request must carry `Authorization: Bearer <METRICS_TOKEN>`.
 */
export function checkMetricsAccess(token: string | undefined, authorization: string | null): MetricsAccess {
  if (!token) return { granted: false, status: 404, message: 'metrics are off; set METRICS_TOKEN' };
  const presented = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '')?.[1];
  if (presented === undefined) {
    return { granted: false, status: 401, message: 'metrics need the header Authorization: Bearer <METRICS_TOKEN>' };
  }
  if (!sameText(presented, token)) return { granted: false, status: 401, message: 'the bearer token is not METRICS_TOKEN' };
  return { granted: true };
}

/** Compares in time independent of where the texts differ, so the token cannot be guessed byte by byte. */
function sameText(a: string, b: string): boolean {
  let difference = a.length ^ b.length;
  for (let i = 0; i < b.length; i++) difference |= (a.charCodeAt(i % Math.max(a.length, 1)) || 0) ^ b.charCodeAt(i);
  return difference === 0;
}
