import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { expect, it } from 'vitest';
import { acceptUpdate } from '../../domain/messages';
import { dialogHandle, dialogOffers, dialogRow, eventually, sendClientMessage, waitForState } from '../support/dialogs';
import { offerNewDialog, receiveInboundMessage } from '../../channels/inbound';
import { upsertOperatorState } from '../../db/queries/availability';
import { createLine, createUser } from '../support/fixtures';
import { useWorkersOnDemand } from '../support/workers-on-demand';
import { apiAs, sessionUser } from '../web/helpers';

/**
 * A new dialog of a line that sends it straight to the queue (no flow, no CRM check first) is
 * offered as its first message is stored — before any worker has run its workflow, as under a
 * burst whose workflow tasks wait seconds for the worker — and its workflow picks that offer up:
 * an operator who takes it at once is not refused. On the real Temporal dev server and PostgreSQL.
 */
const onDemand = useWorkersOnDemand();
const { dialogs, startWorker } = onDemand;

it('offers a new dialog as its first message is stored, and its workflow lets the operator take it before it has picked the offer up', async () => {
  const { db, client } = onDemand;
  const operator = await createUser(db, 'manager', 'Anna');
  const { channelId } = await createLine(db, { operators: [operator.id], settings: { greeting: { enabled: false }, rating: { enabled: false } } });
  // No worker on this task queue yet: nothing runs the dialog's workflow.
  const taskQueue = `offer-before-start-${randomUUID()}`;
  const stored = await sendClientMessage({ db, temporal: client, taskQueue }, channelId, { text: 'Is my order on its way?' });
  dialogs.add(stored.dialogId);

  expect(stored.route).toBe('new');
  expect(await dialogOffers(db, stored.dialogId)).toEqual([operator.id]);
  expect((await dialogRow(db, stored.dialogId)).status).toBe('offered');

  // Anna takes it before the workflow has run a single task: the take waits for the workflow to
  // pick its offer up rather than being refused as "not offered to you".
  const take = dialogHandle(client, stored.dialogId).executeUpdate(acceptUpdate, { args: [{ operatorId: operator.id }] });
  await startWorker(taskQueue);
  await take;
  await waitForState(client, stored.dialogId, (s) => s.operatorId === operator.id && s.offeredTo.length === 0);
  expect((await dialogRow(db, stored.dialogId)).operator_id).toBe(operator.id);
});

it('leaves a new dialog of a line that checks the CRM first for its workflow to offer', async () => {
  const { db, client } = onDemand;
  const operator = await createUser(db, 'manager', 'Boris');
  const { channelId } = await createLine(db, { operators: [operator.id], settings: { greeting: { enabled: false }, rating: { enabled: false }, crm: { createLead: true } } });
  const taskQueue = `offer-before-start-${randomUUID()}`;
  const stored = await sendClientMessage({ db, temporal: client, taskQueue }, channelId, { text: 'Hello' });
  dialogs.add(stored.dialogId);

  // The CRM check may name the client's responsible, who gets the dialog: no offer before it.
  expect(await dialogOffers(db, stored.dialogId)).toEqual([]);
  expect((await dialogRow(db, stored.dialogId)).status).toBe('queued');

  await startWorker(taskQueue);
  await waitForState(client, stored.dialogId, (s) => s.offeredTo.includes(operator.id));
});

it('still tells a workflow that asked first and heard "wait" when the new dialog is offered on its inbound request', async () => {
  const { db, client } = onDemand;
  const operator = await createUser(db, 'manager', 'Vera', { atWork: false });
  const { channelId, lineId } = await createLine(db, { operators: [operator.id], settings: { greeting: { enabled: false }, rating: { enabled: false } } });
  const taskQueue = `offer-before-start-${randomUUID()}`;
  const stored = await sendClientMessage({ db, temporal: client, taskQueue }, channelId, { text: 'Hello?' });
  dialogs.add(stored.dialogId);
  // Nobody at work: the inbound request's pass offered nothing, and the dialog's request waits.
  expect(await dialogOffers(db, stored.dialogId)).toEqual([]);
  const inboundRequest = await db.selectFrom('dialog_routing_requests').select('requested_at').where('dialog_id', '=', stored.dialogId).executeTakeFirstOrThrow();

  // The workflow asks before the inbound request's own pass (as when that request is slow) and hears "wait".
  await startWorker(taskQueue);
  await eventually(async () => {
    const request = await db.selectFrom('dialog_routing_requests').select('requested_at').where('dialog_id', '=', stored.dialogId).executeTakeFirst();
    return request !== undefined && request.requested_at > inboundRequest.requested_at;
  });
  // Its pass, with nobody at work, has answered "wait" by now.
  await new Promise((resolve) => setTimeout(resolve, 500));

  // Vera starts her day, and the inbound request's pass (which does not tell its dialog) offers it to her.
  await upsertOperatorState(db, operator.id, { presence: 'online', workday: 'working' }, new Date());
  await offerNewDialog({ db, temporal: client, taskQueue }, stored.dialogId, lineId);
  expect(await dialogOffers(db, stored.dialogId)).toEqual([operator.id]);

  // The workflow's own later request was not settled with the inbound one's: it is told, and she can take it.
  await waitForState(client, stored.dialogId, (s) => s.offeredTo.includes(operator.id), 10_000);
  await dialogHandle(client, stored.dialogId).executeUpdate(acceptUpdate, { args: [{ operatorId: operator.id }] });
  expect((await dialogRow(db, stored.dialogId)).operator_id).toBe(operator.id);
});

it('offers a new dialog while its hand-over is still pending, and an operator taking it has the message handed over first', async () => {
  const { db, client } = onDemand;
  const operator = await createUser(db, 'manager', 'Gleb');
  const { channelId } = await createLine(db, { operators: [operator.id], settings: { greeting: { enabled: false }, rating: { enabled: false } } });
  const taskQueue = `offer-before-start-${randomUUID()}`;
  // Temporal does not answer this message's hand-over: the message is stored, its workflow not started.
  const unreachable = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }), namespace: 'default' });
  const message = { channelId, externalMessageId: randomUUID(), sender: { externalId: randomUUID() }, text: 'Hello?' };
  const stored = await receiveInboundMessage({ db, temporal: unreachable, taskQueue, temporalTimeoutMs: 500 }, message);
  dialogs.add(stored.dialogId);
  await unreachable.connection.close();

  // The offer did not wait for the hand-over.
  expect(await dialogOffers(db, stored.dialogId)).toEqual([operator.id]);
  expect(await dialogHandle(client, stored.dialogId).describe().catch((error: unknown) => error)).toBeInstanceOf(WorkflowNotFoundError);

  // Gleb takes it from his inbox: the take hands the message over (once its back-off has passed), and the workflow gives him the dialog.
  await startWorker(taskQueue);
  await apiAs({ db, temporal: client, taskQueue }, sessionUser(operator, 'manager')).dialogs.take({ dialogId: stored.dialogId });
  expect((await dialogRow(db, stored.dialogId)).operator_id).toBe(operator.id);
  await waitForState(client, stored.dialogId, (s) => s.operatorId === operator.id && s.offeredTo.length === 0);
});
