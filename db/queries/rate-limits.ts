import { sql, type Transaction } from 'kysely';
import type { Database } from '../client';
import type { DB } from '../types';

// Per-client limits shared by every web server: fixed-window counters and the sign-in back-off.

export interface RateLimitHit {
  /** Hits of the key in the current window, this one included. */
  hits: number;
  /** Whole seconds until the window ends (at least 1). */
  secondsLeft: number;
}

/**
 * Counts one hit of `key` in one statement. A key's window opens at its first hit (by the database
 * clock, so every server agrees) and lasts `windowMs`; the first hit after it ends opens the next
 * one at 1. Anchoring the window to the first hit, not to the wall clock, means a burst is never
 * split across two windows and let through twice.
 */
export async function hitRateLimit(db: Database, key: string, windowMs: number): Promise<RateLimitHit> {
  const ms = sql`cast(${windowMs} as bigint)`;
  const opens = sql<Date>`now()`;
  const closes = sql<Date>`now() + ${ms} * interval '1 millisecond'`;
  const running = sql<boolean>`rate_limits.expires_at > now()`;
  const row = await db
    .insertInto('rate_limits')
    .values({ key, window_started_at: opens, hits: 1, expires_at: closes })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet(() => ({
        hits: sql<number>`case when ${running} then rate_limits.hits + 1 else 1 end`,
        window_started_at: sql<Date>`case when ${running} then rate_limits.window_started_at else ${opens} end`,
        expires_at: sql<Date>`case when ${running} then rate_limits.expires_at else ${closes} end`,
      })),
    )
    .returning(['hits', sql<string>`greatest(1, ceil(extract(epoch from expires_at - now())))`.as('seconds_left')])
    .executeTakeFirstOrThrow();
  return { hits: row.hits, secondsLeft: Number(row.seconds_left) };
}

/** Forgets windows that have ended; returns how many rows went. */
export async function deleteEndedRateLimits(db: Database): Promise<number> {
  const result = await db.deleteFrom('rate_limits').where('expires_at', '<', sql<Date>`now()`).executeTakeFirst();
  return Number(result.numDeletedRows);
}

export interface SignInBackoffRow {
  failures: number;
  lockedUntil: Date | null;
  lastAttemptAt: Date;
}

/** The back-off of one account key, locked until the transaction ends; undefined when it has none. */
export async function findSignInBackoffForUpdate(trx: Transaction<DB>, accountKey: string): Promise<SignInBackoffRow | undefined> {
  // The row is created first so two first attempts at once queue on the same lock.
  await trx
    .insertInto('sign_in_backoffs')
    .values({ account_key: accountKey, failures: 0, locked_until: null, last_attempt_at: new Date(0) })
    .onConflict((oc) => oc.column('account_key').doNothing())
    .execute();
  const row = await trx
    .selectFrom('sign_in_backoffs')
    .select(['failures', 'locked_until', 'last_attempt_at'])
    .where('account_key', '=', accountKey)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return row.failures === 0 && row.locked_until === null ? undefined : { failures: row.failures, lockedUntil: row.locked_until, lastAttemptAt: row.last_attempt_at };
}

export async function saveSignInBackoff(trx: Transaction<DB>, accountKey: string, state: SignInBackoffRow): Promise<void> {
  await trx
    .updateTable('sign_in_backoffs')
    .set({ failures: state.failures, locked_until: state.lockedUntil, last_attempt_at: state.lastAttemptAt })
    .where('account_key', '=', accountKey)
    .execute();
}

/** A successful sign-in wipes the slate. */
export async function clearSignInBackoff(db: Database, accountKey: string): Promise<void> {
  await db.deleteFrom('sign_in_backoffs').where('account_key', '=', accountKey).execute();
}

/** Forgets back-offs nobody has touched since `before` (their lock is long over by then). */
export async function deleteStaleSignInBackoffs(db: Database, before: Date): Promise<number> {
  const result = await db
    .deleteFrom('sign_in_backoffs')
    .where('last_attempt_at', '<', before)
    .where((eb) => eb.or([eb('locked_until', 'is', null), eb('locked_until', '<', before)]))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
