import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDb, type Database } from '../../db/client';
import { findOrCreateContactByIdentity } from '../../db/queries/contacts';
import { insertDialog } from '../../db/queries/dialogs';
import { insertSignalledClientMessage } from '../../db/queries/messages';
import { claimDueOutboxRows, deleteOutboxRow, recordOutboxFailure } from '../../db/queries/outbox';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createLine } from '../support/fixtures';

/**
 * How the outbox sweepers of several worker replicas share the pending signals: each row claimed
 * by one only, each dialog's messages one at a time in id order, a failed row held back. Real PostgreSQL.
 */
let database: TestDatabase;
let db: Database;
let channelId: number;
let lineId: number;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  ({ channelId, lineId } = await createLine(db));
});

afterAll(async () => {
  await db?.destroy();
  await database?.destroy();
});

/** A dialog with `count` client messages whose signals are pending; their message ids in order. */
async function dialogWithPendingMessages(count: number): Promise<{ dialogId: number; messageIds: number[] }> {
  return db.transaction().execute(async (trx) => {
    const { id: contactId } = await findOrCreateContactByIdentity(trx, channelId, randomUUID(), {});
    const dialogId = await insertDialog(trx, { lineId, channelId, contactId });
    const messageIds: number[] = [];
    for (let i = 0; i < count; i++) {
      const messageId = (await insertSignalledClientMessage(trx, { dialogId, channelId, externalId: randomUUID(), text: `message ${i}` }, { dialogId }, { lineId, contactId }))!;
      messageIds.push(messageId);
    }
    return { dialogId, messageIds };
  });
}

async function clearOutbox() {
  await db.deleteFrom('inbound_outbox').execute();
}

it('lets concurrent sweepers claim each dialog’s oldest pending message, each by one sweeper only', async () => {
  await clearOutbox();
  const dialogs = await Promise.all(Array.from({ length: 12 }, () => dialogWithPendingMessages(3)));

  const claims = await Promise.all(Array.from({ length: 4 }, () => claimDueOutboxRows(db, { limit: 5, leaseMs: 60_000 })));

  const claimed = claims.flat().map((r) => r.messageId);
  expect(new Set(claimed).size).toBe(claimed.length);
  expect(claimed.sort((a, b) => a - b)).toEqual(dialogs.map((d) => d.messageIds[0]!).sort((a, b) => a - b));
  expect(claims.flat()[0]).toMatchObject({ text: 'message 0', workflowInput: { dialogId: expect.any(Number) } });
  // Leased: nobody claims them, nor a later message of theirs, until delivered.
  expect(await claimDueOutboxRows(db, { limit: 50, leaseMs: 60_000 })).toEqual([]);
});

it('hands out a dialog’s next message only once the one before is delivered, and says at each delivery whether one is left', async () => {
  await clearOutbox();
  const { dialogId, messageIds } = await dialogWithPendingMessages(3);
  const other = await dialogWithPendingMessages(1);

  const delivered: number[] = [];
  const left: boolean[] = [];
  for (;;) {
    const [row, ...more] = await claimDueOutboxRows(db, { limit: 10, leaseMs: 60_000, dialogId });
    expect(more).toEqual([]);
    if (!row) break;
    delivered.push(row.messageId);
    left.push((await deleteOutboxRow(db, row.messageId)).dialogHasMore);
  }

  expect(delivered).toEqual(messageIds);
  // Another dialog's pending message does not count as one left.
  expect(left).toEqual([true, true, false]);
  expect(await deleteOutboxRow(db, other.messageIds[0]!)).toEqual({ dialogHasMore: false });
});

it('holds a failed message back for its back-off, with the reason and the attempt counted, and its dialog’s later ones behind it', async () => {
  await clearOutbox();
  const { dialogId, messageIds } = await dialogWithPendingMessages(2);
  const [row] = await claimDueOutboxRows(db, { limit: 10, leaseMs: 60_000, dialogId });

  await recordOutboxFailure(db, row!.messageId, 'ServiceError: Temporal unavailable', 300);

  expect(await claimDueOutboxRows(db, { limit: 10, leaseMs: 60_000 })).toEqual([]);
  await new Promise((resolve) => setTimeout(resolve, 400));
  const [again] = await claimDueOutboxRows(db, { limit: 10, leaseMs: 60_000 });
  expect(again).toMatchObject({ messageId: messageIds[0], attempts: 1 });
  const stored = await db.selectFrom('inbound_outbox').selectAll().where('message_id', '=', messageIds[0]!).executeTakeFirstOrThrow();
  expect(stored.last_error).toBe('ServiceError: Temporal unavailable');
});
