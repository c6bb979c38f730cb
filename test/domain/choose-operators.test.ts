import { describe, expect, it } from 'vitest';
import { chooseOperators } from '../../domain/routing/choose-operators';
import type { QueueCandidate } from '../../domain/routing/pick-evenly';

const queue: QueueCandidate[] = [
  { userId: 'anna', position: 0, lastAssignedAt: '2026-11-21T10:05:00Z' },
  { userId: 'boris', position: 1, lastAssignedAt: '2026-11-21T10:01:00Z' },
  { userId: 'vera', position: 2, lastAssignedAt: null },
];

describe('chooseOperators', () => {
  it('evenly: the operator idle longest', () => {
    expect(chooseOperators('evenly', queue)).toEqual(['vera']);
  });

  it('strictly: the first in queue order, then the next one after a hand-off', () => {
    expect(chooseOperators('strictly', queue)).toEqual(['anna']);
    expect(chooseOperators('strictly', queue, new Set(['anna']))).toEqual(['boris']);
    expect(chooseOperators('strictly', [...queue].reverse())).toEqual(['anna']);
  });

  it('all: everyone eligible at once, in queue order, except who let it pass', () => {
    expect(chooseOperators('all', queue)).toEqual(['anna', 'boris', 'vera']);
    expect(chooseOperators('all', queue, new Set(['boris']))).toEqual(['anna', 'vera']);
  });

  it('nobody when nobody is left', () => {
    for (const mode of ['evenly', 'strictly', 'all'] as const) {
      expect(chooseOperators(mode, queue, new Set(['anna', 'boris', 'vera']))).toEqual([]);
      expect(chooseOperators(mode, [])).toEqual([]);
    }
  });
});
