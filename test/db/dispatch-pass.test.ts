import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Database } from '../../db/client';
import { upsertOperatorState } from '../../db/queries/availability';
import { loadDispatchSnapshot, recordDispatch, tryLockLineDispatch } from '../../db/queries/dispatch';
import { LIVE_CHANNEL, type LiveEvent } from '../../domain/live-events';
import type { DispatchPlan } from '../../domain/routing/plan-dispatch';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createLine, createUser } from '../support/fixtures';

/**
 * One dispatch pass reads the line in two queries and records its offers in one statement
 * (db/queries/dispatch.ts). These check what the pass reads and writes, row by row, against a
 * real PostgreSQL: the engine's tests (test/integration/line-dispatch, routing-concurrency) check
 * what operators and clients see of it.
 */
describe('a dispatch pass in the database', () => {
  let database: TestDatabase;
  let db: Database;
  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb(database.url, { max: 2 });
  });
  afterAll(async () => {
    await db.destroy();
    await database.destroy();
  });

  async function queuedDialog(line: { lineId: number; channelId: number }, status: 'queued' | 'in_work' | 'waiting_client' = 'queued', operatorId: string | null = null) {
    const contact = await db.insertInto('contacts').values({ name: 'Client' }).returning('id').executeTakeFirstOrThrow();
    const dialog = await db
      .insertInto('dialogs')
      .values({ line_id: line.lineId, channel_id: line.channelId, contact_id: contact.id, status, operator_id: operatorId })
      .returning('id')
      .executeTakeFirstOrThrow();
    return dialog.id;
  }

  it('reads each queue member’s load, by the line’s limit rule, and availability in one snapshot', async () => {
    const [busy, away, free] = await Promise.all([createUser(db), createUser(db), createUser(db)]);
    await upsertOperatorState(db, away.id, { presence: 'offline' }, new Date());
    const line = await createLine(db, { operators: [busy.id, away.id, free.id], settings: { distribution: { limit: { enabled: true, maxOpenDialogs: 5, countWaitingForClient: false } } } });
    await queuedDialog(line, 'in_work', busy.id);
    await queuedDialog(line, 'waiting_client', busy.id);
    const other = await createLine(db, { operators: [busy.id] });
    await queuedDialog(other, 'in_work', busy.id);
    const waiting = await queuedDialog(line);

    const snapshot = await db.transaction().execute((trx) => loadDispatchSnapshot(trx, line.lineId, new Date(), 50));
    expect(snapshot?.members.map((m) => [m.userId, m.position, m.available, m.openDialogs, m.lineLoad])).toEqual([
      // Three open dialogs in all; on this line the limit counts the one in work, not the one waiting for the client.
      [busy.id, 0, true, 3, 1],
      [away.id, 1, false, 0, 0],
      [free.id, 2, true, 0, 0],
    ]);
    expect(snapshot?.waiting.map((w) => w.dialogId)).toEqual([waiting]);

    await db.updateTable('lines').set({ settings: JSON.stringify({ ...snapshot!.settings, distribution: { ...snapshot!.settings.distribution, limit: { enabled: true, maxOpenDialogs: 5, countWaitingForClient: true } } }) }).where('id', '=', line.lineId).execute();
    const counting = await db.transaction().execute((trx) => loadDispatchSnapshot(trx, line.lineId, new Date(), 50));
    expect(counting?.members[0]?.lineLoad).toBe(2);
  });

  it('takes the line’s lock only when free, with the requests made so far', async () => {
    const line = await createLine(db);
    await db.insertInto('line_dispatch').values({ line_id: line.lineId, requested: 7 }).execute();
    await db.transaction().execute(async (trx) => {
      expect(await tryLockLineDispatch(trx, line.lineId)).toEqual({ requested: 7n });
      // Another connection's pass finds the lock held.
      expect(await db.transaction().execute((other) => tryLockLineDispatch(other, line.lineId))).toBeUndefined();
    });
  });

  it('records offers, events, requests, last-assigned times and live events, and nothing for a dialog taken meanwhile', async () => {
    const [first, second] = await Promise.all([createUser(db), createUser(db)]);
    const line = await createLine(db, { operators: [first.id, second.id] });
    const [offered, taken, toAll] = [await queuedDialog(line), await queuedDialog(line), await queuedDialog(line)];
    const requestedAt = new Date(Date.now() - 1000);
    await db
      .insertInto('dialog_routing_requests')
      .values([offered, taken, toAll].map((dialogId) => ({ dialog_id: dialogId, line_id: line.lineId, mode: null, passed_by: [], requested_at: requestedAt, offered_at: null })))
      .execute();
    const listener = new pg.Client({ connectionString: database.url });
    await listener.connect();
    const heard: LiveEvent[] = [];
    listener.on('notification', (n) => heard.push(JSON.parse(n.payload!) as LiveEvent));
    await listener.query(`LISTEN ${LIVE_CHANNEL}`);

    const at = new Date();
    const plan: DispatchPlan = {
      offers: [
        { dialogId: offered, operatorIds: [first.id], mode: 'evenly', responsible: false, roundAgain: false },
        { dialogId: taken, operatorIds: [second.id], mode: 'evenly', responsible: false, roundAgain: false },
        { dialogId: toAll, operatorIds: [first.id, second.id], mode: 'all', responsible: false, roundAgain: false },
      ],
      lastAssigned: [
        { userId: first.id, at: new Date(at.getTime() + 1).toISOString() },
        { userId: second.id, at: new Date(at.getTime() + 2).toISOString() },
      ],
      reserved: [],
    };
    const recorded = await db.transaction().execute(async (trx) => {
      const snapshot = (await loadDispatchSnapshot(trx, line.lineId, at, 50))!;
      // An operator took this one after the snapshot was read.
      await db.updateTable('dialogs').set({ status: 'in_work', operator_id: second.id }).where('id', '=', taken).execute();
      return recordDispatch(trx, line.lineId, snapshot, plan, at);
    });

    expect(recorded).toEqual([offered, toAll]);
    const dialogs = await db.selectFrom('dialogs').select(['id', 'status']).where('id', 'in', [offered, taken, toAll]).orderBy('id').execute();
    expect(dialogs).toEqual([
      { id: offered, status: 'offered' },
      { id: taken, status: 'in_work' },
      { id: toAll, status: 'offered' },
    ]);
    const offers = await db.selectFrom('dialog_offers').select(['dialog_id', 'user_id', 'offered_at']).where('dialog_id', 'in', [offered, taken, toAll]).orderBy('dialog_id').orderBy('user_id').execute();
    expect(offers.map((o) => [o.dialog_id, o.user_id, o.offered_at.getTime()])).toEqual(
      [
        [offered, first.id],
        [toAll, first.id],
        [toAll, second.id],
      ]
        .sort((a, b) => Number(a[0]) - Number(b[0]) || String(a[1]).localeCompare(String(b[1])))
        .map(([dialogId, userId]) => [dialogId, userId, at.getTime()]),
    );
    const events = await db.selectFrom('dialog_events').select(['dialog_id', 'kind', 'data']).where('dialog_id', 'in', [offered, taken, toAll]).orderBy('dialog_id').execute();
    expect(events).toEqual([
      { dialog_id: offered, kind: 'offered', data: { operatorId: first.id } },
      { dialog_id: toAll, kind: 'offered', data: { operatorIds: [first.id, second.id], mode: 'all' } },
    ]);
    const requests = await db.selectFrom('dialog_routing_requests').select(['dialog_id', 'offered_at']).where('dialog_id', 'in', [offered, taken, toAll]).orderBy('dialog_id').execute();
    expect(requests.map((r) => [r.dialog_id, r.offered_at?.getTime() ?? null])).toEqual([
      [offered, at.getTime()],
      [taken, null],
      [toAll, at.getTime()],
    ]);
    const members = await db.selectFrom('line_queue_members').select(['user_id', 'last_assigned_at']).where('line_id', '=', line.lineId).orderBy('position').execute();
    expect(members.map((m) => [m.user_id, m.last_assigned_at?.toISOString()])).toEqual(plan.lastAssigned.map((a) => [a.userId, a.at]));

    await expect.poll(() => heard.length).toBe(2);
    expect(heard.map((e) => (e.type === 'dialog.updated' ? [e.dialogId, e.status, e.offeredTo] : e.type))).toEqual([
      [offered, 'offered', [first.id]],
      [toAll, 'offered', [first.id, second.id]],
    ]);
    await listener.end();
  });

  it('records nothing, last-assigned times included, when every dialog of the plan was taken meanwhile', async () => {
    const operator = await createUser(db);
    const line = await createLine(db, { operators: [operator.id] });
    const dialogId = await queuedDialog(line);
    const at = new Date();
    const plan: DispatchPlan = {
      offers: [{ dialogId, operatorIds: [operator.id], mode: 'evenly', responsible: false, roundAgain: false }],
      lastAssigned: [{ userId: operator.id, at: at.toISOString() }],
      reserved: [],
    };
    const recorded = await db.transaction().execute(async (trx) => {
      const snapshot = (await loadDispatchSnapshot(trx, line.lineId, at, 50))!;
      await db.updateTable('dialogs').set({ status: 'in_work', operator_id: operator.id }).where('id', '=', dialogId).execute();
      return recordDispatch(trx, line.lineId, snapshot, plan, at);
    });

    expect(recorded).toEqual([]);
    expect(await db.selectFrom('dialog_offers').select('user_id').where('dialog_id', '=', dialogId).execute()).toEqual([]);
    const member = await db.selectFrom('line_queue_members').select('last_assigned_at').where('line_id', '=', line.lineId).executeTakeFirstOrThrow();
    expect(member.last_assigned_at).toBeNull();
  });
});
