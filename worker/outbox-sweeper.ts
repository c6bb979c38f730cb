import { deliverDueMessages, type OutboxDeliveryDeps } from './inbound-outbox';
import { startPeriodicPass, type PeriodicPass } from './periodic-pass';

/** Pending signals are looked for this often when there is nothing to deliver right now. */
const DEFAULT_INTERVAL_MS = 2_000;
/**
 * A row this young is still the request's that stored it, which signals right after its commit:
 * a sweeper taking it would only race that request and deliver it in a later batch.
 */
const DEFAULT_GRACE_MS = 2_000;

export type OutboxSweeper = PeriodicPass;

/**
 * The worker's loop that delivers what the inbound path could not (Temporal unreachable, the web
 * process gone between its commit and its signal): passes over due rows of the inbound outbox
 * back to back while they deliver, then every `intervalMs`. Any number of worker replicas may
 * sweep at once: rows are claimed with SKIP LOCKED and leased, one dialog's in message order.
 */
export function startOutboxSweeper(deps: OutboxDeliveryDeps, options: { intervalMs?: number; graceMs?: number } = {}): OutboxSweeper {
  const olderThanMs = options.graceMs ?? DEFAULT_GRACE_MS;
  return startPeriodicPass(
    'outbox sweeper',
    async () => {
      const pass = await deliverDueMessages(deps, { olderThanMs });
      // Delivered rows may have left later messages of their dialogs due: go on at once.
      return pass.delivered > 0 && pass.failed === 0;
    },
    options.intervalMs ?? DEFAULT_INTERVAL_MS,
  );
}
