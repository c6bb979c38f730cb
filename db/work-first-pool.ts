import { AsyncLocalStorage } from 'node:async_hooks';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/** Marks the async context of work that may wait behind work already under way (see `asNewWork`). */
const newWork = new AsyncLocalStorage<true>();

/**
 * Runs `work` as new work: when every pooled connection is busy, the connections freed go first to
 * work already under way (the later steps of requests already taken in) and only then to new work.
 * A burst of arrivals thus does not stall behind itself: under a plain first-come pool, each
 * arrival's steps after its commit (handing the message to its workflow, offering the dialog)
 * queue behind every later arrival's storing transaction, so the first offers of a 300-message
 * burst wait until the last message is stored.
 */
export function asNewWork<T>(work: () => Promise<T>): Promise<T> {
  return newWork.run(true, work);
}

/**
 * The pool Kysely gets: `pool`'s connections, at most `max` checked out at once, handed out
 * work-under-way first (then each kind in the order it asked).
 */
export function workFirstPool(pool: pg.Pool, max: number): PostgresPool {
  let checkedOut = 0;
  const underWay: (() => void)[] = [];
  const fresh: (() => void)[] = [];
  /** A checkout ended: its slot goes to the next waiter, work under way first. */
  const passOn = () => {
    const next = underWay.shift() ?? fresh.shift();
    if (next) next();
    else checkedOut--;
  };
  return {
    async connect(): Promise<PostgresPoolClient> {
      if (checkedOut < max) checkedOut++;
      else await new Promise<void>((resolve) => (newWork.getStore() ? fresh : underWay).push(resolve));
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        passOn();
        throw error;
      }
      // pg sets a once-only release on each checkout; this one also passes the slot on.
      const release = client.release;
      client.release = (error?: Error | boolean) => {
        release(error);
        passOn();
      };
      return client;
    },
    end: () => pool.end(),
  };
}
