/**
 * Distribution rule for the `evenly` mode (SPEC §3): the eligible operator who has gone longest
 * since their last assignment gets the dialog; one never assigned counts as idle forever; ties go
 * to queue order.
 */
export interface QueueCandidate {
  userId: string;
  /** Position in the line's queue, 0 = first. */
  position: number;
  /** ISO time of the last dialog offered to them on this line, or null if never. */
  lastAssignedAt: string | null;
}

export function pickEvenlyOperator(
  candidates: readonly QueueCandidate[],
  excluded: ReadonlySet<string> = new Set(),
): QueueCandidate | null {
  let best: QueueCandidate | null = null;
  for (const candidate of candidates) {
    if (excluded.has(candidate.userId)) continue;
    if (best === null || idleLonger(candidate, best)) best = candidate;
  }
  return best;
}

function idleLonger(a: QueueCandidate, b: QueueCandidate): boolean {
  const aTime = a.lastAssignedAt === null ? -Infinity : Date.parse(a.lastAssignedAt);
  const bTime = b.lastAssignedAt === null ? -Infinity : Date.parse(b.lastAssignedAt);
  if (aTime !== bTime) return aTime < bTime;
  return a.position < b.position;
}
