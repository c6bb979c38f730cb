import { describe, expect, it } from 'vitest';
import { acceptUpdate, closeUpdate, skipUpdate } from '../../domain/messages';
import { dialogHandle, dialogOffers, eventually, rejectionOf, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { useTimeSkippingWorker } from '../support/time-skipping-worker';

/** The three distribution modes and the per-operator limit (SPEC §3), on the time-skipping server. */
const workflows = useTimeSkippingWorker();

async function operators(n: number) {
  return Promise.all(Array.from({ length: n }, (_, i) => createUser(workflows.db, 'manager', `Operator ${i}`)));
}

describe('strictly in order', () => {
  it('offers to the first in queue order even if someone else has waited longer, then hands off to the next', async () => {
    const [anna, boris, vera] = await operators(3);
    const { channelId, lineId } = await createLine(workflows.db, { operators: [anna!.id, boris!.id, vera!.id], settings: { distribution: { mode: 'strictly', handoffMinutes: 5 }, noAnswer: { action: 'nothing' } } });
    // Anna was assigned a moment ago: "evenly" would skip her; "strictly" does not.
    await workflows.db.updateTable('line_queue_members').set({ last_assigned_at: new Date() }).where('line_id', '=', lineId).where('user_id', '=', anna!.id).execute();
    const { dialogId } = await workflows.sendClientMessage(channelId);
    await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.includes(anna!.id));

    await workflows.env.sleep('5 minutes');
    const next = await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.includes(boris!.id));
    expect(next.offeredTo).toEqual([boris!.id]);
  });
});

describe('to all at once', () => {
  it('offers to every available operator; the first to take wins and the others’ offers disappear', async () => {
    const [anna, boris, vera] = await operators(3);
    const offline = await createUser(workflows.db, 'manager', 'Offline', { atWork: false });
    const { channelId } = await createLine(workflows.db, { operators: [anna!.id, boris!.id, vera!.id, offline.id], settings: { distribution: { mode: 'all' } } });
    const { dialogId } = await workflows.sendClientMessage(channelId);
    const offered = await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.length > 0);
    expect([...offered.offeredTo].sort()).toEqual([anna!.id, boris!.id, vera!.id].sort());
    expect(await dialogOffers(workflows.db, dialogId)).toEqual([anna!.id, boris!.id, vera!.id].sort());

    // No hand-off in this mode: an hour later it is still offered to all three.
    await workflows.env.sleep('1 hour');
    expect(await dialogOffers(workflows.db, dialogId)).toHaveLength(3);

    const handle = dialogHandle(workflows.env.client, dialogId);
    await handle.executeUpdate(acceptUpdate, { args: [{ operatorId: boris!.id }] });
    expect(await dialogOffers(workflows.db, dialogId)).toEqual([]);
    expect(await rejectionOf(handle.executeUpdate(acceptUpdate, { args: [{ operatorId: anna!.id }] }))).toMatch(/already taken/);
  });

  it('keeps the offer with the others when one operator skips', async () => {
    const [anna, boris] = await operators(2);
    const { channelId } = await createLine(workflows.db, { operators: [anna!.id, boris!.id], settings: { distribution: { mode: 'all' } } });
    const { dialogId } = await workflows.sendClientMessage(channelId);
    await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.length === 2);
    await dialogHandle(workflows.env.client, dialogId).executeUpdate(skipUpdate, { args: [{ operatorId: anna!.id }] });
    const state = await waitForState(workflows.env.client, dialogId, (s) => s.offeredTo.length === 1);
    expect(state.offeredTo).toEqual([boris!.id]);
    await eventually(async () => (await dialogOffers(workflows.db, dialogId)).length === 1);
    expect(await dialogOffers(workflows.db, dialogId)).toEqual([boris!.id]);
  });
});

describe('limit per operator', () => {
  it('holds a dialog in the queue while the operator is at the limit, and offers it when they close one', async () => {
    const [anna] = await operators(1);
    const { channelId } = await createLine(workflows.db, { operators: [anna!.id], settings: { distribution: { limit: { enabled: true, maxOpenDialogs: 1 } }, rating: { enabled: false } } });
    const first = await workflows.sendClientMessage(channelId);
    await waitForState(workflows.env.client, first.dialogId, (s) => s.offeredTo.includes(anna!.id));
    await dialogHandle(workflows.env.client, first.dialogId).executeUpdate(acceptUpdate, { args: [{ operatorId: anna!.id }] });

    const second = await workflows.sendClientMessage(channelId);
    await waitForState(workflows.env.client, second.dialogId, (s) => s.status === 'queued');
    expect(await dialogOffers(workflows.db, second.dialogId)).toEqual([]);

    await dialogHandle(workflows.env.client, first.dialogId).executeUpdate(closeUpdate, { args: [{ userId: anna!.id }] });
    await waitForState(workflows.env.client, second.dialogId, (s) => s.offeredTo.includes(anna!.id));
  });
});
