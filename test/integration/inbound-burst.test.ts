import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDb, type Database } from '../../db/client';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { dialogHandle, sendClientMessage, terminateDialogs } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { holdConnection } from '../support/pool';
import { devServerAddress } from '../support/temporal';

/**
 * A burst of first messages on a server whose every pooled connection is busy: the arrivals are
 * stored and offered first, and their messages handed to their workflows after, so the burst's
 * first offers do not wait for Temporal to start the whole burst's workflows. On the real Temporal
 * dev server and PostgreSQL, with a pool of one connection, which makes every arrival wait.
 */
let database: TestDatabase;
let db: Database;
let client: Client;
const dialogs = new Set<number>();

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  client = new Client({ connection: await Connection.connect({ address: devServerAddress() }), namespace: 'default' });
});

afterAll(async () => {
  await terminateDialogs(client, dialogs);
  await client.connection.close();
  await db.destroy();
  await database.destroy();
});

it('stores the later arrivals of a burst before it hands the first one to its workflow, and offers them all', async () => {
  const operator = await createUser(db, 'manager', 'Anna');
  const { channelId, lineId } = await createLine(db, { operators: [operator.id], settings: { greeting: { enabled: false }, rating: { enabled: false } } });
  const onePool = createDb(database.url, { max: 1 });
  try {
    // The pool's only connection is busy while the burst comes in: every arrival waits for it.
    const holder = await holdConnection(onePool);
    const deps = { db: onePool, temporal: client, taskQueue: `inbound-burst-${randomUUID()}` };
    const arrivals = Array.from({ length: 6 }, (_, i) => sendClientMessage(deps, channelId, { text: `Hello, I am visitor ${i + 1}` }));
    await holder.release();

    // The first arrival's request returns once its dialog is offered and its message handed over:
    // by then every later arrival has been stored.
    const first = await arrivals[0]!;
    const stored = await db.selectFrom('dialogs').select(['id', 'status']).where('line_id', '=', lineId).orderBy('id').execute();
    for (const { id } of stored) dialogs.add(id);
    expect(stored).toHaveLength(6);
    expect(stored[0]).toEqual({ id: first.dialogId, status: 'offered' });
    expect((await dialogHandle(client, first.dialogId).describe()).status.name).toBe('RUNNING');
    // And the later ones are offered and handed over in turn.
    await Promise.all(arrivals);
    const offered = await db.selectFrom('dialogs').select('status').where('line_id', '=', lineId).execute();
    expect(offered.map((d) => d.status)).toEqual(Array(6).fill('offered'));
  } finally {
    await onePool.destroy();
  }
});
