import type { Database } from '../db/client';
import { foldPendingStatistics } from '../db/queries/statistics';
import { startPeriodicPass, type PeriodicPass } from './periodic-pass';

/** Pending statistics changes are folded this often; a dashboard folds what is left when it reads. */
const DEFAULT_INTERVAL_MS = 3_000;
const BATCH = 2_000;

/**
 * Folds dialogs' statistics changes into the roll-up (dialog_stats_pending → dialog_stats_daily
 * and its month rows) apart from the dialogs' own transactions, so answering and assigning never
 * wait on the centre-wide day rows. Any number of workers may run it: one folds at a time.
 */
export function startStatisticsFolder(deps: { db: Database }, options: { intervalMs?: number } = {}): PeriodicPass {
  return startPeriodicPass('statistics folder', async () => (await foldPendingStatistics(deps.db, BATCH)) === BATCH, options.intervalMs ?? DEFAULT_INTERVAL_MS);
}
