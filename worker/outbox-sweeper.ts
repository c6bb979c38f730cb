import { deliverDueMessages, type OutboxDeliveryDeps } from './inbound-outbox';

/** Pending signals are looked for this often when there is nothing to deliver right now. */
const DEFAULT_INTERVAL_MS = 2_000;
/**
 * A row this young is still the request's that stored it, which signals right after its commit:
 * a sweeper taking it would only race that request and deliver it in a later batch.
 */
const DEFAULT_GRACE_MS = 2_000;

export interface OutboxSweeper {
  /** Resolves once the pass under way (if any) has finished. */
  stop(): Promise<void>;
}

/**
 * The worker's loop that delivers what the inbound path could not (Temporal unreachable, the web
 * process gone between its commit and its signal): passes over due rows of the inbound outbox
 * back to back while they deliver, then every `intervalMs`. Any number of worker replicas may
 * sweep at once: rows are claimed with SKIP LOCKED and leased, one dialog's in message order.
 */
export function startOutboxSweeper(deps: OutboxDeliveryDeps, options: { intervalMs?: number; graceMs?: number } = {}): OutboxSweeper {
  const intervalMs = options.intervalMs ?? DEFAULT_INTERVAL_MS;
  const olderThanMs = options.graceMs ?? DEFAULT_GRACE_MS;
  let stopped = false;
  let wake: (() => void) | undefined;
  const pause = () =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, intervalMs);
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  const running = (async () => {
    while (!stopped) {
      try {
        const pass = await deliverDueMessages(deps, { olderThanMs });
        // Delivered rows may have left later messages of their dialogs due: go on at once.
        if (pass.delivered > 0 && pass.failed === 0) continue;
      } catch (error) {
        // PostgreSQL unreachable: the rows wait, the next pass tries again.
        console.error('outbox sweeper: pass failed', error);
      }
      if (!stopped) await pause();
    }
  })();

  return {
    async stop() {
      stopped = true;
      wake?.();
      await running;
    },
  };
}
