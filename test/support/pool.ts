import { sql } from 'kysely';
import type { Database } from '../../db/client';

/**
 * Holds one of `db`'s pooled connections (in a transaction) until `release` is called; `release`
 * resolves once the transaction has ended. With a pool of one, everything else waits meanwhile.
 */
export async function holdConnection(db: Database): Promise<{ release(): Promise<void> }> {
  let release!: () => void;
  const held = new Promise<void>((resolve) => (release = resolve));
  let taken!: () => void;
  const busy = new Promise<void>((resolve) => (taken = resolve));
  const transaction = db.transaction().execute(async (trx) => {
    await sql`select 1`.execute(trx);
    taken();
    await held;
  });
  await busy;
  return { release: () => (release(), transaction) };
}
