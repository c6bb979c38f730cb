import { describe, expect, it } from 'vitest';
import { upsertOperatorState } from '../../db/queries/availability';
import { dialogHandle, sendClientMessage, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { useTestWorker } from '../support/worker';

/** Who is offered a new dialog when the line checks availability (SPEC §3), on real servers. */
const testWorker = useTestWorker();
const deps = () => ({ db: testWorker.worker.db, temporal: testWorker.worker.client, taskQueue: testWorker.worker.taskQueue });

describe('availability check', () => {
  it('offers only to operators who are online with their working day started', async () => {
    const db = testWorker.worker.db;
    // Never assigned, so each would be "idle longest" — only availability tells them apart.
    const offline = await createUser(db, 'manager', 'Olaf Offline', { atWork: false });
    const onBreak = await createUser(db, 'manager', 'Bea Break');
    await upsertOperatorState(db, onBreak.id, { workday: 'on_break' }, new Date());
    const away = await createUser(db, 'manager', 'Ada Away');
    await upsertOperatorState(db, away.id, { presence: 'away' }, new Date());
    const working = await createUser(db, 'manager', 'Wanda Working');
    const { channelId } = await createLine(db, { operators: [offline.id, onBreak.id, away.id, working.id] });

    const { dialogId } = await sendClientMessage(deps(), channelId);
    const state = await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.length > 0);
    expect(state.offeredTo).toEqual([working.id]);
    await dialogHandle(testWorker.worker.client, dialogId).terminate('test finished');
  });

  it('skips operators on vacation', async () => {
    const db = testWorker.worker.db;
    const onVacation = await createUser(db, 'manager', 'Vic Vacation');
    const admin = await createUser(db, 'admin');
    const now = Date.now();
    await db
      .insertInto('user_absences')
      .values({ user_id: onVacation.id, starts_at: new Date(now - 86_400_000), ends_at: new Date(now + 86_400_000), kind: 'vacation', note: '', created_by: admin.id })
      .execute();
    const working = await createUser(db);
    const { channelId } = await createLine(db, { operators: [onVacation.id, working.id] });
    const { dialogId } = await sendClientMessage(deps(), channelId);
    const state = await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.length > 0);
    expect(state.offeredTo).toEqual([working.id]);
    await dialogHandle(testWorker.worker.client, dialogId).terminate('test finished');
  });

  it('offers to anyone in the queue when the line does not check availability', async () => {
    const db = testWorker.worker.db;
    const offline = await createUser(db, 'manager', 'Olaf Offline', { atWork: false });
    const { channelId } = await createLine(db, { operators: [offline.id], settings: { distribution: { availabilityCheck: false } } });
    const { dialogId } = await sendClientMessage(deps(), channelId);
    const state = await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.length > 0);
    expect(state.offeredTo).toEqual([offline.id]);
    await dialogHandle(testWorker.worker.client, dialogId).terminate('test finished');
  });

  it('keeps the dialog waiting while nobody is available', async () => {
    const db = testWorker.worker.db;
    const offline = await createUser(db, 'manager', 'Olaf Offline', { atWork: false });
    const { channelId } = await createLine(db, { operators: [offline.id] });
    const { dialogId } = await sendClientMessage(deps(), channelId);
    const state = await waitForState(testWorker.worker.client, dialogId, (s) => s.status === 'queued');
    expect(state.offeredTo).toEqual([]);
    await dialogHandle(testWorker.worker.client, dialogId).terminate('test finished');
  });
});
