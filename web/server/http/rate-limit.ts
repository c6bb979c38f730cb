import { RateLimitError } from '../../../domain/errors';
import type { Database } from '../../../db/client';
import { deleteEndedRateLimits, hitRateLimit } from '../../../db/queries/rate-limits';

/** One per-client limit: at most `limit` hits per key in each fixed window of `windowMs`. */
export interface RateLimitRule {
  /** Distinguishes this limit's keys from other limits' in the shared table. */
  name: string;
  limit: number;
  windowMs: number;
  /** What is counted, for the refusal: "new chat sessions from your network address". */
  counts: string;
}

export interface RateLimiter {
  readonly rule: RateLimitRule;
  /**
   * Counts one hit of `key`; throws RateLimitError (429, Retry-After) when it is over the limit.
   * Inside a transaction (`on`), the hit commits or rolls back with it.
   */
  hit(key: string, on?: Database): Promise<void>;
}

const SWEEP_EVERY_MS = 60_000;
const lastSweepOf = new WeakMap<Database, number>();

/**
 * A limit counted in PostgreSQL, so every web server of a deployment shares it. Refused hits
 * count too: hammering a closed door does not open it sooner than the window ends.
 */
export function createRateLimiter(db: Database, rule: RateLimitRule): RateLimiter {
  return {
    rule,
    async hit(key, on = db) {
      // Never from inside a transaction: the sweep would wait on another connection for row
      // locks while this one holds its own, a cycle PostgreSQL cannot see.
      if (on === db) await sweepEndedWindows(db);
      const { hits, secondsLeft } = await hitRateLimit(on, `${rule.name}:${key}`, rule.windowMs);
      if (hits > rule.limit) {
        throw new RateLimitError(
          `Too many ${rule.counts}: the limit is ${rule.limit} per ${describeWindow(rule.windowMs)}. Try again in ${describeSeconds(secondsLeft)}.`,
          secondsLeft,
        );
      }
    },
  };
}

/** Ended windows are deleted at most once a minute per server, on the way of an ordinary hit. */
async function sweepEndedWindows(db: Database): Promise<void> {
  const now = Date.now();
  if (now - (lastSweepOf.get(db) ?? 0) < SWEEP_EVERY_MS) return;
  lastSweepOf.set(db, now);
  await deleteEndedRateLimits(db);
}

function describeWindow(ms: number): string {
  if (ms === 60_000) return 'minute';
  if (ms === 3_600_000) return 'hour';
  if (ms % 3_600_000 === 0) return `${ms / 3_600_000} hours`;
  if (ms % 60_000 === 0) return `${ms / 60_000} minutes`;
  return `${Math.ceil(ms / 1000)} seconds`;
}

export function describeSeconds(seconds: number): string {
  if (seconds < 120) return seconds === 1 ? '1 second' : `${seconds} seconds`;
  return `${Math.ceil(seconds / 60)} minutes`;
}

/** The headers of a refusal: when to try again. */
export function retryAfterHeaders(error: RateLimitError): Record<string, string> {
  return { 'Retry-After': String(error.retryAfterSeconds) };
}
