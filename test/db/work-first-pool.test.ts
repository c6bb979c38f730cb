import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Database } from '../../db/client';
import { asWorkThatCanWait } from '../../db/work-first-pool';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { holdConnection } from '../support/pool';

/**
 * Under a burst, every pooled connection is busy: the one freed goes to work already under way
 * (a new dialog's offer, an operator's action) before work that can wait (a new arrival's storing
 * transaction, a stored message's hand-over), even work that asked earlier — so the first
 * arrivals are offered while later ones wait.
 */
describe('work-first pool', () => {
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb(database.url, { max: 1 });
  });
  afterAll(async () => {
    await db.destroy();
    await database.destroy();
  });

  it('gives a freed connection to work under way before work that can wait and asked first, each kind in the order it asked', async () => {
    const served: string[] = [];
    const query = (label: string) => sql`select 1`.execute(db).then(() => void served.push(label));
    const holder = await holdConnection(db);
    const waiting = [asWorkThatCanWait(() => query('can wait 1')), asWorkThatCanWait(() => query('can wait 2')), query('under way 1'), query('under way 2')];
    // Everyone is queued behind the held connection.
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(served).toEqual([]);
    await holder.release();
    await Promise.all(waiting);
    expect(served).toEqual(['under way 1', 'under way 2', 'can wait 1', 'can wait 2']);
  });

  it('serves work that can wait at once when nothing else waits, and the whole pool is usable again after', async () => {
    expect(await asWorkThatCanWait(() => sql<{ n: number }>`select 41 + 1 as n`.execute(db).then((r) => r.rows[0]!.n))).toBe(42);
    const results = await Promise.all(Array.from({ length: 20 }, (_, i) => (i % 2 ? asWorkThatCanWait(() => sql`select ${i}::int as n`.execute(db)) : sql`select ${i}::int as n`.execute(db))));
    expect(results.map((r) => (r.rows[0] as { n: number }).n)).toEqual(Array.from({ length: 20 }, (_, i) => i));
  });
});
