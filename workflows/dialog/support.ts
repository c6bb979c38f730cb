import { ApplicationFailure } from '@temporalio/workflow';
import type { MessageExtras } from '../../domain/channels';
import type { RatingScale, Refusal } from '../../domain/dialog-lifecycle/preconditions';

// Small deterministic helpers of the dialog workflow. Sandboxed code only: no I/O.

/** Workflow time: deterministic, and what the deadlines are measured in. */
export function nowIso(): string {
  return new Date(Date.now()).toISOString();
}

/** Refuses an update with a message the operator sees as it is. */
export function reject(message: string): never {
  throw ApplicationFailure.create({ message, type: 'DialogConflict', nonRetryable: true });
}

/** Refuses an update when a lifecycle rule (domain/dialog-lifecycle/preconditions.ts) says no. */
export function refuseIf(refusal: Refusal): void {
  if (refusal !== null) reject(refusal);
}

/** The rating request's buttons: thumbs, or one to five stars. */
export function ratingRequestExtras(scale: RatingScale): MessageExtras {
  const buttons =
    scale === 'like_dislike'
      ? [
          { id: 'like', label: '👍' },
          { id: 'dislike', label: '👎' },
        ]
      : [1, 2, 3, 4, 5].map((n) => ({ id: String(n), label: '★'.repeat(n) }));
  return { ratingRequest: { scale }, buttons };
}

/**
 * Runs state-changing activity sequences one at a time, in call order (a promise chain: FIFO and
 * deterministic), so the stored status always follows the last writer.
 */
export type Serializer = <T>(step: () => Promise<T>) => Promise<T>;

export function createSerializer(): Serializer {
  let tail: Promise<unknown> = Promise.resolve();
  return function serialized<T>(step: () => Promise<T>): Promise<T> {
    const run = tail.then(step);
    tail = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  };
}

/**
 * Wraps activity stubs so the workflow knows how many are running: it continues as new only when
 * none is (a result arriving after the hand-over would be lost).
 */
export function countingCalls<T extends object>(stubs: T): { stubs: T; running(): number } {
  let running = 0;
  const counted = new Proxy(stubs, {
    get(target, key) {
      const stub = Reflect.get(target, key) as unknown;
      if (typeof stub !== 'function') return stub;
      return async (...args: unknown[]) => {
        running++;
        try {
          return await (stub as (...a: unknown[]) => Promise<unknown>)(...args);
        } finally {
          running--;
        }
      };
    },
  });
  return { stubs: counted, running: () => running };
}
