import { randomUUID } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/activity';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createActivities } from '../../activities';
import { dialogWorkflowId } from '../../domain/dialog';
import { acceptUpdate, clientMessageSignal, closeUpdate, DIALOG_WORKFLOW_TYPE, routingChangedSignal, spamUpdate } from '../../domain/messages';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { dialogHandle, sendClientMessage, terminateDialogs, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { startTestWorker, type RunningTestWorker } from '../support/worker';

/**
 * A client message id seen before (a replay, a forged id) changes nothing: no closed dialog comes
 * back to life, no spam block is got round, no one else's dialog is revealed; and no step of a
 * workflow writes over a closed dialog. Real PostgreSQL, real Temporal dev server, real worker.
 */
let database: TestDatabase;
let worker: RunningTestWorker;
const started: number[] = [];

beforeAll(async () => {
  database = await createTestDatabase();
  worker = await startTestWorker(database.url);
});

afterAll(async () => {
  await terminateDialogs(worker.client, started);
  await worker?.stop();
  await database?.destroy();
});

const deps = () => ({ db: worker.db, temporal: worker.client, taskQueue: worker.taskQueue });
const quietLine = { greeting: { enabled: false }, rating: { enabled: false }, closing: { reopenWindowMinutes: 0 } };

async function dialogRow(dialogId: number) {
  return worker.db.selectFrom('dialogs').selectAll().where('id', '=', dialogId).executeTakeFirstOrThrow();
}

async function eventKinds(dialogId: number): Promise<string[]> {
  const rows = await worker.db.selectFrom('dialog_events').select('kind').where('dialog_id', '=', dialogId).orderBy('id').execute();
  return rows.map((r) => r.kind);
}

/** A dialog offered, taken and closed by `close`, its workflow finished; with the visitor's first message id. */
async function finishedDialog(close: (handle: ReturnType<typeof dialogHandle>, operatorId: string) => Promise<unknown>) {
  const operator = await createUser(worker.db, 'manager', 'Anna');
  const { channelId } = await createLine(worker.db, { operators: [operator.id], settings: quietLine });
  const visitorId = randomUUID();
  const clientMessageId = randomUUID();
  const first = await sendClientMessage(deps(), channelId, { visitorId, externalMessageId: clientMessageId, text: 'Hello' });
  started.push(first.dialogId);
  await waitForState(worker.client, first.dialogId, (s) => s.offeredTo.includes(operator.id));
  const handle = dialogHandle(worker.client, first.dialogId);
  await handle.executeUpdate(acceptUpdate, { args: [{ operatorId: operator.id }] });
  await close(handle, operator.id);
  await handle.result();
  const { runId } = await handle.describe();
  return { channelId, visitorId, clientMessageId, first, runId, handle, events: await eventKinds(first.dialogId) };
}

describe('a replayed client message id', () => {
  it('neither reopens the closed dialog nor starts a run for it', async () => {
    const { channelId, visitorId, clientMessageId, first, runId, handle, events } = await finishedDialog((h, operatorId) =>
      h.executeUpdate(closeUpdate, { args: [{ userId: operatorId }] }),
    );

    const again = await sendClientMessage(deps(), channelId, { visitorId, externalMessageId: clientMessageId, text: 'Hello' });

    expect(again).toMatchObject({ duplicate: true, route: 'duplicate', dialogId: first.dialogId, messageId: first.messageId });
    const after = await handle.describe();
    expect(after.runId).toBe(runId);
    expect(after.status.name).toBe('COMPLETED');
    expect((await dialogRow(first.dialogId)).status).toBe('closed');
    expect(await eventKinds(first.dialogId)).toEqual(events);
  });

  it('does not get round a spam block', async () => {
    const { channelId, visitorId, clientMessageId, first, runId, handle } = await finishedDialog((h, operatorId) =>
      h.executeUpdate(spamUpdate, { args: [{ userId: operatorId, blockContact: true }] }),
    );

    const again = await sendClientMessage(deps(), channelId, { visitorId, externalMessageId: clientMessageId, text: 'Hello' });

    expect(again).toMatchObject({ duplicate: true, route: 'blocked', messageId: first.messageId });
    expect((await handle.describe()).runId).toBe(runId);
    expect(await dialogRow(first.dialogId)).toMatchObject({ status: 'closed', close_reason: 'spam' });
  });

  it('from another sender is refused with a conflict naming clientMessageId, revealing no dialog and writing nothing', async () => {
    const { channelId, clientMessageId } = await finishedDialog((h, operatorId) => h.executeUpdate(closeUpdate, { args: [{ userId: operatorId }] }));
    const contactsBefore = await worker.db.selectFrom('contacts').select('id').execute();

    const refused = sendClientMessage(deps(), channelId, { visitorId: randomUUID(), externalMessageId: clientMessageId, text: 'Hi' });

    await expect(refused).rejects.toMatchObject({ code: 'CONFLICT', field: 'clientMessageId', message: expect.stringMatching(/^clientMessageId: .*new id/) });
    expect(await worker.db.selectFrom('contacts').select('id').execute()).toHaveLength(contactsBefore.length);
  });
});

describe('a closed dialog', () => {
  it('gets no routing from a run started for it later (a message signalled after its run ended)', async () => {
    const { first, runId, handle, events } = await finishedDialog((h, operatorId) => h.executeUpdate(closeUpdate, { args: [{ userId: operatorId }] }));

    await worker.client.workflow.signalWithStart(DIALOG_WORKFLOW_TYPE, {
      workflowId: dialogWorkflowId(first.dialogId),
      taskQueue: worker.taskQueue,
      args: [{ dialogId: first.dialogId }],
      signal: clientMessageSignal,
      signalArgs: [{ messageId: first.messageId, text: 'Hello' }],
    });
    await handle.result();

    const after = await handle.describe();
    expect(after.runId).not.toBe(runId);
    expect(after.status.name).toBe('COMPLETED');
    expect((await dialogRow(first.dialogId)).status).toBe('closed');
    expect(await eventKinds(first.dialogId)).toEqual(events);
  });

  it('ends the run of a dialog closed under it, instead of writing over the close or failing', async () => {
    const { channelId } = await createLine(worker.db, { settings: quietLine });
    const { dialogId } = await sendClientMessage(deps(), channelId, { text: 'Nobody here?' });
    started.push(dialogId);
    await waitForState(worker.client, dialogId, (s) => s.status === 'queued');
    await worker.db.updateTable('dialogs').set({ status: 'closed', close_reason: 'operator', closed_at: new Date() }).where('id', '=', dialogId).execute();

    const handle = dialogHandle(worker.client, dialogId);
    await handle.signal(routingChangedSignal);

    await expect(handle.result()).resolves.toBeUndefined();
    expect((await dialogRow(dialogId)).status).toBe('closed');
  });

  it('refuses status writes for good: the activity fails as non-retryable and the row stays closed', async () => {
    const activities = createActivities({ db: worker.db, maxOpenDialogsPerOperator: 1000 });
    const { first } = await finishedDialog((h, operatorId) => h.executeUpdate(closeUpdate, { args: [{ userId: operatorId }] }));
    const dialogId = first.dialogId;
    const row = await dialogRow(dialogId);

    for (const write of [
      () => activities.markClientWrote({ dialogId }),
      () => activities.setDialogStatus({ dialogId, status: 'bot' }),
      () => activities.offerDialog({ dialogId, lineId: row.line_id, excluded: [] }),
      () => activities.returnDialogToQueue({ dialogId, operatorId: row.operator_id!, why: 'no_answer' }),
    ]) {
      const failure = await write().then(
        () => undefined,
        (error: unknown) => error,
      );
      expect(failure).toBeInstanceOf(ApplicationFailure);
      expect(failure).toMatchObject({ type: 'DialogClosed', nonRetryable: true });
    }
    expect(await dialogRow(dialogId)).toMatchObject({ status: 'closed', operator_id: row.operator_id, updated_at: row.updated_at });
  });
});

describe('an activity that breaks a constraint', () => {
  it('fails as non-retryable rather than retrying for ever', async () => {
    const activities = createActivities({ db: worker.db, maxOpenDialogsPerOperator: 1000 });
    const { channelId } = await createLine(worker.db, { settings: quietLine });
    const { dialogId } = await sendClientMessage(deps(), channelId, { text: 'Hi' });
    started.push(dialogId);

    const failure = await activities.assignDialog({ dialogId, operatorId: 'no-such-user' }).then(
      () => undefined,
      (error: unknown) => error,
    );

    expect(failure).toBeInstanceOf(ApplicationFailure);
    expect(failure).toMatchObject({ type: 'ConstraintViolation', nonRetryable: true, details: ['23503'] });
  });
});
