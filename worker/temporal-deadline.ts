import type { Client } from '@temporalio/client';

const DEFAULT_TIMEOUT_MS = 8_000;

/**
 * Runs Temporal calls with a deadline: the client otherwise retries an unreachable server for
 * about 20 s, longer than a visitor should stare at "sending…" before the widget offers a retry.
 * Client code only (no worker or activity code), so the web server imports it too.
 */
export function withTemporalDeadline<T>(deps: { temporal: Client; temporalTimeoutMs?: number }, call: () => Promise<T>): Promise<T> {
  return deps.temporal.connection.withDeadline(Date.now() + (deps.temporalTimeoutMs ?? DEFAULT_TIMEOUT_MS), call);
}
