import { describe, expect, it } from 'vitest';
import { claimSignInAttempt, DEFAULT_SIGN_IN_BACKOFF, type SignInBackoffState } from '../../domain/sign-in-backoff';

const at = (seconds: number) => new Date(Date.UTC(2026, 11, 3, 12, 0, 0) + seconds * 1000);

/** Fails `count` attempts one second apart from `start`, as far as the rule lets them through. */
function failRepeatedly(count: number, start = 0, initial?: SignInBackoffState) {
  let state = initial;
  const refusedAt: number[] = [];
  for (let i = 0; i < count; i += 1) {
    const decision = claimSignInAttempt(state, at(start + i));
    if (decision.allowed) state = decision.next;
    else refusedAt.push(i);
  }
  return { state, refusedAt };
}

describe('the wait after failed sign-ins', () => {
  it('lets five failures through, then makes the sixth wait 30 seconds', () => {
    const { state, refusedAt } = failRepeatedly(5);
    expect(refusedAt).toEqual([]);
    expect(state?.failures).toBe(5);
    const sixth = claimSignInAttempt(state, at(5));
    expect(sixth).toEqual({ allowed: false, lockedUntil: at(4 + 30), retryAfterSeconds: 29 });
  });

  it('doubles the wait with every further failure, up to the ceiling', () => {
    let { state } = failRepeatedly(5);
    const waits: number[] = [];
    for (let i = 0; i < 8; i += 1) {
      const now = (state!.lockedUntil!.getTime() - at(0).getTime()) / 1000;
      const decision = claimSignInAttempt(state, at(now));
      if (!decision.allowed) throw new Error('should be allowed once the wait is over');
      state = decision.next;
      waits.push((state.lockedUntil!.getTime() - at(now).getTime()) / 1000);
    }
    expect(waits).toEqual([60, 120, 240, 480, 900, 900, 900, 900]);
    expect(DEFAULT_SIGN_IN_BACKOFF.maxWaitSeconds).toBe(900);
  });

  it('forgets failures an hour old', () => {
    const { state } = failRepeatedly(4);
    const later = claimSignInAttempt(state, at(3 + 3601));
    expect(later).toMatchObject({ allowed: true, next: { failures: 1, lockedUntil: null } });
  });
});
