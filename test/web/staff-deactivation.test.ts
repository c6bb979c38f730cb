import { describe, expect, it } from 'vitest';
import { sendClientMessage, terminateDialogs, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { useTestWorker } from '../support/worker';
import { apiAs, sessionUser } from './helpers';

/** Deactivating an operator returns their dialogs to the queue at once (SPEC §4 rule 5), pinned or not. */
const testWorker = useTestWorker();
const deps = () => ({ db: testWorker.worker.db, temporal: testWorker.worker.client, taskQueue: testWorker.worker.taskQueue });

describe('deactivating an operator', () => {
  it('takes back their pinned dialog and offers it to a colleague', async () => {
    const db = testWorker.worker.db;
    const admin = sessionUser(await createUser(db, 'admin'), 'admin');
    const anna = sessionUser(await createUser(db, 'manager', 'Anna'), 'manager');
    const boris = sessionUser(await createUser(db, 'manager', 'Boris', { atWork: false }), 'manager');
    const { channelId } = await createLine(db, { operators: [anna.id, boris.id], settings: { distribution: { mode: 'strictly' } } });
    const { dialogId } = await sendClientMessage(deps(), channelId);
    try {
      await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.includes(anna.id));
      await apiAs(deps(), anna).dialogs.take({ dialogId });
      await apiAs(deps(), anna).dialogs.pin({ dialogId, pinned: true });
      await waitForState(testWorker.worker.client, dialogId, (s) => s.operatorId === anna.id && s.pinned);
      // Boris comes to work: he has room, but the dialog is Anna's.
      await db.insertInto('operator_states').values({ user_id: boris.id, presence: 'online', workday: 'working' }).onConflict((oc) => oc.column('user_id').doUpdateSet({ presence: 'online', workday: 'working' })).execute();

      await apiAs(deps(), admin).users.setActive({ userId: anna.id, active: false });
      await waitForState(testWorker.worker.client, dialogId, (s) => s.operatorId !== anna.id && !s.offeredTo.includes(anna.id));
      const events = async () => JSON.stringify(await db.selectFrom('dialog_events').select(['kind', 'data']).where('dialog_id', '=', dialogId).execute());
      await expect.poll(events, { timeout: 20_000 }).toContain('deactivated');
      await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.includes(boris.id));
    } finally {
      await terminateDialogs(testWorker.worker.client, [dialogId]);
    }
  });
});
