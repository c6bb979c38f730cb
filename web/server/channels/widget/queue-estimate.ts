/**
 * SPEC §4 rule 3: how long a queued visitor should expect to wait. Pure, so it is unit-tested and
 * can be reasoned about without a database.
 */

/** How many of the line's latest accepted dialogs the estimate is based on. */
export const RECENT_WAITS_SAMPLE = 20;

export interface WaitEstimateInput {
  /** 1 = next in line. */
  position: number;
  /** accepted_at − created_at, in seconds, of the line's latest accepted dialogs (any order). */
  recentWaitsSeconds: readonly number[];
}

/**
 * The median recent wait, times the visitor's position, rounded up to whole minutes (at least 1).
 *
 * Why this shape: the median wait is "how long one dialog typically sits before an operator takes
 * it"; a visitor with two dialogs ahead of them is assumed to wait for those two and then for their
 * own turn, hence the scaling by position. The median rather than the mean so that one dialog left
 * waiting overnight (or taken at once by an idle operator) does not swing the figure. It is a rough
 * hint for the visitor, not a promise: rounding up keeps it from sounding more precise than it is.
 *
 * `minutes` is null when there is nothing to base it on (no accepted dialogs yet, or a position
 * that is not a place in the queue): the widget then shows the position alone.
 */
export function estimateWait({ position, recentWaitsSeconds }: WaitEstimateInput): { minutes: number | null } {
  if (!Number.isInteger(position) || position < 1) return { minutes: null };
  const waits = recentWaitsSeconds.filter((s) => Number.isFinite(s) && s >= 0).sort((a, b) => a - b);
  if (waits.length === 0) return { minutes: null };
  const middle = Math.floor(waits.length / 2);
  const upper = waits[middle] ?? 0;
  const median = waits.length % 2 === 1 ? upper : ((waits[middle - 1] ?? upper) + upper) / 2;
  return { minutes: Math.max(1, Math.ceil((median * position) / 60)) };
}
