/**
 * The growing wait after repeated failed sign-ins for one e-mail address. It is kept for any
 * address submitted, existing or not, so the wait says nothing about whether an account exists.
 * Every attempt is counted when it starts (a burst sent at once cannot slip past the count) and
 * the count is wiped when the password turns out right.
 */
export interface SignInBackoffPolicy {
  /** Failed attempts allowed before the first wait. */
  freeFailures: number;
  /** The first wait; each further failure doubles it. */
  firstWaitSeconds: number;
  maxWaitSeconds: number;
  /** Failures older than this (with no wait running) are forgotten. */
  forgetAfterSeconds: number;
}

export const DEFAULT_SIGN_IN_BACKOFF: SignInBackoffPolicy = {
  freeFailures: 5,
  firstWaitSeconds: 30,
  maxWaitSeconds: 15 * 60,
  forgetAfterSeconds: 60 * 60,
};

export interface SignInBackoffState {
  failures: number;
  lockedUntil: Date | null;
  lastAttemptAt: Date;
}

export type SignInAttemptDecision =
  | { allowed: true; next: SignInBackoffState }
  | { allowed: false; lockedUntil: Date; retryAfterSeconds: number };

/** Whether an attempt may go ahead now, and the state to keep if it fails. */
export function claimSignInAttempt(state: SignInBackoffState | undefined, now: Date, policy: SignInBackoffPolicy = DEFAULT_SIGN_IN_BACKOFF): SignInAttemptDecision {
  if (state?.lockedUntil && state.lockedUntil > now) {
    return { allowed: false, lockedUntil: state.lockedUntil, retryAfterSeconds: Math.max(1, Math.ceil((state.lockedUntil.getTime() - now.getTime()) / 1000)) };
  }
  const remembered = state && now.getTime() - state.lastAttemptAt.getTime() <= policy.forgetAfterSeconds * 1000 ? state.failures : 0;
  const failures = remembered + 1;
  const overBy = failures - policy.freeFailures;
  const waitSeconds = overBy >= 0 ? Math.min(policy.maxWaitSeconds, policy.firstWaitSeconds * 2 ** overBy) : 0;
  return {
    allowed: true,
    next: { failures, lockedUntil: waitSeconds > 0 ? new Date(now.getTime() + waitSeconds * 1000) : null, lastAttemptAt: now },
  };
}
