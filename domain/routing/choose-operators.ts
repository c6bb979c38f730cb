import type { DistributionMode } from '../line-settings';
import { pickEvenlyOperator, type QueueCandidate } from './pick-evenly';

/**
 * Whom a dialog is offered to (SPEC §3), among the operators eligible right now:
 * - evenly: the one idle longest (ties: queue order);
 * - strictly: the first in queue order;
 * - all: every one of them at once — the first to take it wins.
 * `excluded` are operators who already let this dialog pass (hand-off, skip).
 */
export function chooseOperators(
  mode: DistributionMode,
  candidates: readonly QueueCandidate[],
  excluded: ReadonlySet<string> = new Set(),
): string[] {
  const open = candidates.filter((c) => !excluded.has(c.userId));
  switch (mode) {
    case 'evenly': {
      const chosen = pickEvenlyOperator(open);
      return chosen ? [chosen.userId] : [];
    }
    case 'strictly': {
      const first = [...open].sort((a, b) => a.position - b.position)[0];
      return first ? [first.userId] : [];
    }
    case 'all':
      return [...open].sort((a, b) => a.position - b.position).map((c) => c.userId);
    default:
      return assertNever(mode);
  }
}

function assertNever(value: never): never {
  throw new Error(`unknown distribution mode: ${String(value)}`);
}
