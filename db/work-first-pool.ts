import { AsyncLocalStorage } from 'node:async_hooks';
import type { PostgresPool, PostgresPoolClient } from 'kysely';
import type pg from 'pg';

/** Marks the async context of work that can wait behind work already under way (see `asWorkThatCanWait`). */
const canWait = new AsyncLocalStorage<true>();

/**
 * Runs `work` as work that can wait: when every pooled connection is busy, the connections freed
 * go first to work already under way (the later steps of requests already taken in: a new
 * dialog's offer, an operator's action) and only then to work that can wait, in the order it
 * asked. Two kinds can wait:
 * - a new arrival's storing transaction. Under a plain first-come pool, each arrival's steps
 *   after its commit queue behind every later arrival's storing transaction, so the first offers
 *   of a 300-message burst would wait until the last message is stored;
 * - a stored message's hand-over to its dialog's workflow. The message and its signal are durable
 *   (the inbound outbox), and neither the inbox's event nor the dialog's offer waits for the
 *   workflow; so under a burst, arrivals are stored and offered first, and their workflows are
 *   started after (an operator acting before that hands the messages over on the way).
 */
export function asWorkThatCanWait<T>(work: () => Promise<T>): Promise<T> {
  return canWait.run(true, work);
}

/**
 * The pool Kysely gets: `pool`'s connections, at most `max` checked out at once, handed out
 * work-under-way first (then each kind in the order it asked).
 */
export function workFirstPool(pool: pg.Pool, max: number): PostgresPool {
  let checkedOut = 0;
  const underWay: (() => void)[] = [];
  const waitable: (() => void)[] = [];
  /** A checkout ended: its slot goes to the next waiter, work under way first. */
  const passOn = () => {
    const next = underWay.shift() ?? waitable.shift();
    if (next) next();
    else checkedOut--;
  };
  return {
    async connect(): Promise<PostgresPoolClient> {
      if (checkedOut < max) checkedOut++;
      else await new Promise<void>((resolve) => (canWait.getStore() ? waitable : underWay).push(resolve));
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
