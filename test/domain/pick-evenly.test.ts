import { describe, expect, it } from 'vitest';
import { pickEvenlyOperator, type QueueCandidate } from '../../domain/routing/pick-evenly';

const member = (userId: string, position: number, lastAssignedAt: string | null): QueueCandidate => ({ userId, position, lastAssignedAt });

describe('pickEvenlyOperator', () => {
  it('picks the operator idle longest', () => {
    const picked = pickEvenlyOperator([
      member('anna', 0, '2026-11-21T10:05:00Z'),
      member('boris', 1, '2026-11-21T10:01:00Z'),
      member('vera', 2, '2026-11-21T10:03:00Z'),
    ]);
    expect(picked?.userId).toBe('boris');
  });

  it('prefers someone never assigned over anyone assigned', () => {
    const picked = pickEvenlyOperator([member('anna', 0, '2020-01-01T00:00:00Z'), member('boris', 1, null)]);
    expect(picked?.userId).toBe('boris');
  });

  it('breaks ties by queue order', () => {
    expect(pickEvenlyOperator([member('vera', 2, null), member('boris', 1, null), member('anna', 3, null)])?.userId).toBe('boris');
    const same = '2026-11-21T10:00:00Z';
    expect(pickEvenlyOperator([member('vera', 2, same), member('anna', 0, same)])?.userId).toBe('anna');
  });

  it('skips operators who already let the dialog pass', () => {
    const picked = pickEvenlyOperator([member('anna', 0, null), member('boris', 1, null)], new Set(['anna']));
    expect(picked?.userId).toBe('boris');
  });

  it('returns null when nobody is left', () => {
    expect(pickEvenlyOperator([])).toBeNull();
    expect(pickEvenlyOperator([member('anna', 0, null)], new Set(['anna']))).toBeNull();
  });

  it('spreads a run of assignments evenly', () => {
    const queue = [member('anna', 0, null), member('boris', 1, null), member('vera', 2, null)];
    const counts = new Map<string, number>();
    for (let i = 0; i < 9; i++) {
      const picked = pickEvenlyOperator(queue)!;
      counts.set(picked.userId, (counts.get(picked.userId) ?? 0) + 1);
      picked.lastAssignedAt = new Date(Date.UTC(2026, 10, 21, 10, i)).toISOString();
    }
    expect([...counts.values()]).toEqual([3, 3, 3]);
  });
});
