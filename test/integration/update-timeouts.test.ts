import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { errorMessage } from '../../domain/error-messages';
import { AppError } from '../../domain/errors';
import { acceptUpdate } from '../../domain/messages';
import { replyToDialog, takeDialog } from '../../web/server/services/dialogs';
import { runDialogUpdate } from '../../web/server/services/workflow-updates';
import { dialogHandle, dialogRow, dialogTexts, eventually, sendClientMessage, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { useWorkersOnDemand } from '../support/workers-on-demand';

/**
 * When a dialog does not confirm an operator's action in time, the operator is told what is true
 * (read back from the database), not "try again" — on the real Temporal dev server, with no worker
 * at all, or with one that stored the reply but has not finished.
 */
const onDemand = useWorkersOnDemand();
const { dialogs, startWorker } = onDemand;

/** The error a service call ends with; fails the test if it went through. */
async function failureOf(call: Promise<unknown>): Promise<AppError> {
  const error = await call.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(AppError);
  return error as AppError;
}

/** A client's dialog on `taskQueue` (a worker must run there), offered to its operator Anna. */
async function offeredDialog(taskQueue: string) {
  const { db, client } = onDemand;
  const operator = await createUser(db, 'manager', 'Anna');
  const { channelId } = await createLine(db, { operators: [operator.id], settings: { greeting: { enabled: false } } });
  const { dialogId } = await sendClientMessage({ db, temporal: client, taskQueue }, channelId, { text: 'Where is my order?' });
  dialogs.add(dialogId);
  await waitForState(client, dialogId, (s) => s.offeredTo.includes(operator.id));
  return { operator, dialogId };
}

/** offeredDialog, taken by Anna. */
async function dialogWithOperator(taskQueue: string) {
  const { operator, dialogId } = await offeredDialog(taskQueue);
  await dialogHandle(onDemand.client, dialogId).executeUpdate(acceptUpdate, { args: [{ operatorId: operator.id }] });
  return { operator, dialogId };
}

const operatorTexts = async (dialogId: number) => (await dialogTexts(onDemand.db, dialogId)).filter((t) => t !== 'Where is my order?');

describe('a reply the dialog does not confirm in time', () => {
  it('says it has not happened yet when no worker runs the dialog; sent again with the same id, it is stored once', async () => {
    const { db, client } = onDemand;
    const taskQueue = `stopped-${randomUUID()}`;
    const stopWorker = await startWorker(taskQueue);
    const { operator, dialogId } = await dialogWithOperator(taskQueue);
    await stopWorker();
    const anna = { id: operator.id, role: 'manager' as const };
    const reply = { dialogId, text: 'It left today.', clientMessageId: randomUUID() };

    const failure = await failureOf(replyToDialog({ db, temporal: client, taskQueue, updateTimeoutMs: 1500 }, anna, reply));
    expect(failure.code).toBe('CONFLICT');
    expect(failure.message).toBe(
      `Dialog #${dialogId} did not confirm your reply in time, and it has not happened yet (the dialog may be busy or its worker down; ` +
        'it may still happen when the dialog catches up). Sending it again is safe: the client gets it once.',
    );
    expect(failure.details).toEqual({ outcome: 'not_applied' });
    expect(await operatorTexts(dialogId)).toEqual([]);

    // The worker comes back; the operator sends the same reply again: the client gets it once.
    await startWorker(taskQueue);
    const { messageId } = await replyToDialog({ db, temporal: client, taskQueue }, anna, reply);
    await eventually(async () => (await db.selectFrom('messages').select('delivery_status').where('id', '=', messageId).executeTakeFirst())?.delivery_status === 'delivered');
    expect(await operatorTexts(dialogId)).toEqual(['It left today.']);
  });

  it('says it was done when the reply was stored but the dialog had not finished answering', async () => {
    const { db, client } = onDemand;
    const taskQueue = `slow-${randomUUID()}`;
    let release: () => void = () => undefined;
    const released = new Promise<void>((resolve) => (release = resolve));
    const real = createActivities({ db, maxOpenDialogsPerOperator: 1000 });
    // The reply is stored, then the activity hangs (a stalled worker) until the test lets it go.
    await startWorker(taskQueue, {
      ...real,
      storeOperatorReply: async (input) => {
        const stored = await real.storeOperatorReply(input);
        await released;
        return stored;
      },
    });
    try {
      const { operator, dialogId } = await dialogWithOperator(taskQueue);

      const failure = await failureOf(
        replyToDialog({ db, temporal: client, taskQueue, updateTimeoutMs: 5000 }, { id: operator.id, role: 'manager' }, { dialogId, text: 'It left today.', clientMessageId: randomUUID() }),
      );
      expect(failure.code).toBe('CONFLICT');
      expect(failure.message).toBe(`Dialog #${dialogId} did not confirm your reply in time, but it was done: it now shows in the dialog.`);
      expect(failure.details).toEqual({ outcome: 'applied' });
      expect(await operatorTexts(dialogId)).toEqual(['It left today.']);
    } finally {
      release();
    }
  });
});

describe('an update Temporal lost', () => {
  it('says taking the dialog has not happened yet, not that the dialog is finished, while the dialog runs on', async () => {
    const { db, client } = onDemand;
    const taskQueue = `lost-${randomUUID()}`;
    await startWorker(taskQueue);
    const { operator, dialogId } = await offeredDialog(taskQueue);
    // Anna's take is an update the server no longer knows (its workflow task timed out under load,
    // or the server restarted): waiting for its outcome is answered NOT_FOUND, as for a finished workflow.
    const lostTake = () => dialogHandle(client, dialogId).getUpdateHandle(`lost-${randomUUID()}`).result();
    const take = { what: errorMessage('dialog.action.take'), applied: async () => (await dialogRow(db, dialogId)).operator_id === operator.id };

    const failure = await failureOf(runDialogUpdate(dialogId, lostTake, { deadline: { temporal: client }, check: take }));
    expect(failure.message).toMatch(new RegExp(`^Dialog #${dialogId} did not confirm taking the dialog in time, and it has not happened yet`));
    expect(failure.details).toEqual({ outcome: 'not_applied' });

    // Once the dialog's workflow has ended, the same answer means it is finished.
    await dialogHandle(client, dialogId).terminate('the test ends the dialog');
    const finished = await failureOf(runDialogUpdate(dialogId, lostTake, { deadline: { temporal: client }, check: take }));
    expect(finished.message).toBe(`Dialog #${dialogId} is finished and can no longer be changed.`);
  });
});

describe('an action while Temporal cannot be reached', () => {
  it('says taking the dialog has not happened yet, not that the dialog is finished, and the take works once Temporal answers', async () => {
    const { db, client } = onDemand;
    const taskQueue = `unreachable-${randomUUID()}`;
    await startWorker(taskQueue);
    const { operator, dialogId } = await offeredDialog(taskQueue);
    const anna = { id: operator.id, role: 'manager' as const };

    // The web server's Temporal is down (nothing listens there): Anna's take cannot reach the dialog.
    const unreachable = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }), namespace: 'default' });
    const failure = await failureOf(takeDialog({ db, temporal: unreachable, taskQueue, updateTimeoutMs: 1500 }, anna, dialogId));
    await unreachable.connection.close();
    expect(failure.code).toBe('CONFLICT');
    expect(failure.message).toMatch(new RegExp(`^Dialog #${dialogId} did not confirm taking the dialog in time, and it has not happened yet`));
    expect(failure.details).toEqual({ outcome: 'not_applied' });
    expect((await dialogRow(db, dialogId)).operator_id).toBeNull();

    // With Temporal back, the same take goes through.
    await takeDialog({ db, temporal: client, taskQueue }, anna, dialogId);
    expect((await dialogRow(db, dialogId)).operator_id).toBe(operator.id);
  });
});
