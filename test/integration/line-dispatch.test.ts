import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { acceptUpdate, closeUpdate } from '../../domain/messages';
import { lineSettingsSchema, type LineSettings } from '../../domain/line-settings';
import { findLine, listQueue } from '../../db/queries/lines';
import { dialogHandle, eventually, sendClientMessage, terminateDialogs, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { useTestWorker } from '../support/worker';
import { apiAs, sessionUser } from '../web/helpers';

/**
 * SPEC §3: every change that adds capacity wakes the line's queue — the line's dispatcher offers
 * the waiting dialogs at once, through the same paths admins and operators use.
 */
const testWorker = useTestWorker();

const deps = () => ({ db: testWorker.worker.db, temporal: testWorker.worker.client, taskQueue: testWorker.worker.taskQueue });

async function waitingLine(operatorCount: number, dialogCount: number, distribution: Record<string, unknown>) {
  const { db, client, taskQueue } = testWorker.worker;
  const team = await Promise.all(Array.from({ length: operatorCount }, (_, i) => createUser(db, 'manager', `Operator ${i}`)));
  const line = await createLine(db, {
    operators: team.map((o) => o.id),
    settings: { greeting: { enabled: false }, noAnswer: { action: 'nothing' }, rating: { enabled: false }, distribution: { handoffMinutes: 30, ...distribution } },
  });
  // One after another, so "oldest" is well defined: each new dialog is offered as it is stored, so
  // of dialogs arriving at once the first stored may be offered before an older one has committed.
  const dialogIds: number[] = [];
  for (let i = 0; i < dialogCount; i++) dialogIds.push((await sendClientMessage({ db, temporal: client, taskQueue }, line.channelId, { visitorId: randomUUID() })).dialogId);
  // Every dialog has asked to be offered (it holds an offer, or its request waits): what waits now waits for capacity.
  await eventually(async () => {
    const asked = await db
      .selectFrom('dialogs as d')
      .select('d.id')
      .where('d.id', 'in', dialogIds)
      .where((eb) => eb.or([eb('d.status', '=', 'offered'), eb.exists(eb.selectFrom('dialog_routing_requests as r').select('r.dialog_id').whereRef('r.dialog_id', '=', 'd.id'))]))
      .execute();
    return asked.length === dialogIds.length;
  }, 240_000);
  return { ...line, team, dialogIds };
}

async function offeredCount(lineId: number): Promise<number> {
  const rows = await testWorker.worker.db.selectFrom('dialogs').select('id').where('line_id', '=', lineId).where('status', '=', 'offered').execute();
  return rows.length;
}

/** What the admin page sends: the line as stored, with `change` applied. */
async function saveLine(lineId: number, change: (settings: LineSettings) => LineSettings, queue?: string[]) {
  const { db } = testWorker.worker;
  const admin = sessionUser(await createUser(db, 'admin'), 'admin');
  const line = (await findLine(db, lineId))!;
  await apiAs(deps(), admin).lines.update({
    lineId,
    name: line.name,
    settings: lineSettingsSchema.parse(change(line.settings)),
    queue: queue ?? (await listQueue(db, lineId)).map((m) => m.user_id),
  });
}

/** Every dialog's workflow holds an offer (it heard of it, not only the database). */
async function allOffered(dialogIds: readonly number[]) {
  await Promise.all(dialogIds.map((id) => waitForState(testWorker.worker.client, id, (s) => s.status === 'offered' && s.offeredTo.length > 0)));
}

describe('the line’s dispatcher wakes the queue when capacity appears', () => {
  it('offers all 50 waiting dialogs when an admin switches the limit off (the stuck queue)', { timeout: 300_000 }, async () => {
    const { lineId, dialogIds } = await waitingLine(3, 50, { mode: 'evenly', limit: { enabled: true, maxOpenDialogs: 1 } });
    try {
      await eventually(async () => (await offeredCount(lineId)) === 3, 30_000);

      await saveLine(lineId, (s) => ({ ...s, distribution: { ...s.distribution, limit: { ...s.distribution.limit, enabled: false } } }));

      await allOffered(dialogIds);
      expect(await offeredCount(lineId)).toBe(50);
    } finally {
      await terminateDialogs(testWorker.worker.client, dialogIds);
    }
  });

  it('offers as many more as a raised limit allows', { timeout: 180_000 }, async () => {
    const { lineId, dialogIds } = await waitingLine(2, 6, { limit: { enabled: true, maxOpenDialogs: 1 } });
    try {
      await eventually(async () => (await offeredCount(lineId)) === 2, 30_000);
      await saveLine(lineId, (s) => ({ ...s, distribution: { ...s.distribution, limit: { ...s.distribution.limit, maxOpenDialogs: 2 } } }));
      await eventually(async () => (await offeredCount(lineId)) === 4, 30_000);
    } finally {
      await terminateDialogs(testWorker.worker.client, dialogIds);
    }
  });

  it('offers waiting dialogs to an operator added to the queue', { timeout: 180_000 }, async () => {
    const { lineId, team, dialogIds } = await waitingLine(1, 3, { limit: { enabled: true, maxOpenDialogs: 1 } });
    try {
      await eventually(async () => (await offeredCount(lineId)) === 1, 30_000);
      const newcomer = await createUser(testWorker.worker.db, 'manager', 'Newcomer');
      await saveLine(lineId, (s) => s, [team[0]!.id, newcomer.id]);
      await eventually(async () => (await offeredCount(lineId)) === 2, 30_000);
      const offered = await testWorker.worker.db.selectFrom('dialog_offers').select('dialog_id').where('user_id', '=', newcomer.id).execute();
      expect(offered).toHaveLength(1);
      await waitForState(testWorker.worker.client, offered[0]!.dialog_id, (s) => s.offeredTo.includes(newcomer.id));
    } finally {
      await terminateDialogs(testWorker.worker.client, dialogIds);
    }
  });

  it('offers the oldest waiting dialog when the operator closes one', { timeout: 180_000 }, async () => {
    const { team, dialogIds } = await waitingLine(1, 3, { limit: { enabled: true, maxOpenDialogs: 1 } });
    const queueOrder = await testWorker.worker.db.selectFrom('dialogs').select('id').where('id', 'in', dialogIds).orderBy('priority', 'desc').orderBy('created_at').orderBy('id').execute();
    const [first, second] = queueOrder.map((r) => r.id);
    const operatorId = team[0]!.id;
    const { client } = testWorker.worker;
    try {
      const offeredNow = (await eventually(() => testWorker.worker.db.selectFrom('dialog_offers').select('dialog_id').where('user_id', '=', operatorId).executeTakeFirst(), 30_000)).dialog_id;
      expect(offeredNow).toBe(first);
      await dialogHandle(client, first!).executeUpdate(acceptUpdate, { args: [{ operatorId }] });
      await dialogHandle(client, first!).executeUpdate(closeUpdate, { args: [{ userId: operatorId }] });
      await waitForState(client, second!, (s) => s.offeredTo.includes(operatorId));
    } finally {
      await terminateDialogs(client, dialogIds);
    }
  });
});
