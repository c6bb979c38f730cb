import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { MockActivityEnvironment } from '@temporalio/testing';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createActivities, type Activities } from '../../activities';
import type { StoredOutgoing } from '../../activities/messages';
import { z } from 'zod';
import type { Connector, OutboundMessage } from '../../channels/connector';
import { connectors } from '../../channels/registry';
import { channelCapabilities } from '../../domain/channels';
import { createDb, type Database } from '../../db/client';
import type { LiveEvent } from '../../domain/live-events';
import { acceptUpdate, replyUpdate } from '../../domain/messages';
import { LiveBus } from '../../web/server/live/bus';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { dialogEvents, dialogHandle, dialogTexts, eventually, sendClientMessage, terminateDialogs, waitForState } from '../support/dialogs';
import { createChannel, createLine, createUser } from '../support/fixtures';
import { devServerAddress } from '../support/temporal';
import { sharedWorkflowBundle } from '../support/worker';
import { insertDialog } from '../web/helpers';

/**
 * Side effects happen once (issue 8, item 10): a message activity retried after its insert
 * committed stores, announces and delivers one message — against real PostgreSQL, and inside a
 * real dialog on the Temporal dev server whose activities fail once after doing their work.
 */
let database: TestDatabase;
let db: Database;
let bus: LiveBus;
const events: LiveEvent[] = [];
let unsubscribe: () => void = () => undefined;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  bus = new LiveBus(database.url);
  unsubscribe = await bus.subscribe((event) => events.push(event));
});

afterAll(async () => {
  unsubscribe();
  await bus?.stop();
  await db?.destroy();
  await database?.destroy();
});

const messageCreated = (dialogId: number) => events.filter((e) => e.type === 'message.created' && e.dialogId === dialogId);

/** Waits until the bus has had time to hear whatever NOTIFYs the writes above sent. */
async function settleLiveEvents(dialogId: number, atLeast: number) {
  await eventually(async () => messageCreated(dialogId).length >= atLeast);
  // A duplicate NOTIFY would arrive right after the first: give it the chance to show up.
  await new Promise((resolve) => setTimeout(resolve, 300));
}

describe('message activities retried after their insert committed', () => {
  const activities = () => createActivities({ db, maxOpenDialogsPerOperator: 1000 });

  it('store and announce a bot message once per activity call, however often it runs', async () => {
    const line = await createLine(db);
    const dialogId = await insertDialog(db, { ...line, status: 'queued' });
    const call = { workflowExecution: { workflowId: `dialog-${dialogId}`, runId: randomUUID() }, activityId: '7' };
    const firstAttempt = new MockActivityEnvironment({ ...call, attempt: 1 });
    const retry = new MockActivityEnvironment({ ...call, attempt: 2 });
    const send = (attempt: MockActivityEnvironment): Promise<StoredOutgoing> => attempt.run(activities().storeBotMessage, { dialogId, text: 'Hello, how can we help?' });

    const { messageId: first } = await send(firstAttempt);
    const { messageId: again } = await send(retry);
    expect(again).toBe(first);
    // Another call of the same run (the next activity) is another message.
    const { messageId: next } = await send(new MockActivityEnvironment({ ...call, activityId: '8' }));
    expect(next).not.toBe(first);

    expect((await dialogTexts(db, dialogId)).filter((t) => t === 'Hello, how can we help?')).toHaveLength(2);
    await settleLiveEvents(dialogId, 2);
    expect(messageCreated(dialogId).map((e) => e.type === 'message.created' && e.messageId)).toEqual([first, next]);
  });

  it('store an operator reply once per browser id: the first answer is recorded once, the dialog told once', async () => {
    const operator = await createUser(db);
    const line = await createLine(db, { operators: [operator.id] });
    const dialogId = await insertDialog(db, { ...line, status: 'in_work', operatorId: operator.id });
    const clientMessageId = randomUUID();
    const reply = { dialogId, operatorId: operator.id, text: 'It left today.', clientMessageId };

    const first = await activities().storeOperatorReply(reply);
    const again = await activities().storeOperatorReply(reply);
    expect(again).toEqual(first);

    expect(await dialogTexts(db, dialogId)).toEqual(['Hello there', 'It left today.']);
    expect((await dialogEvents(db, dialogId)).filter((e) => e.kind === 'first_answer')).toHaveLength(1);
    await settleLiveEvents(dialogId, 1);
    expect(messageCreated(dialogId)).toHaveLength(1);
  });

  it('deliver a message once: a retry after a successful send does not send it again', async () => {
    const sent: OutboundMessage[] = [];
    const channelKind = 'custom';
    const registered = connectors[channelKind];
    // A connector that records what it was handed: the test is about the activity's keying, not a wire format.
    const recording: Connector<Record<string, never>> = {
      kind: channelKind,
      settings: { kind: channelKind, schema: z.object({}), fields: [], secretFields: [] },
      capabilities: channelCapabilities[channelKind],
      send: async (_channel, message) => {
        sent.push(message);
        return { externalMessageId: `sent-${message.messageId}` };
      },
      checkConnection: async () => ({ ok: true, detail: 'recording' }),
    };
    connectors[channelKind] = recording;
    try {
      const line = await createLine(db);
      const channel = await createChannel(db, { lineId: line.lineId, kind: channelKind, name: 'Connector' });
      const dialogId = await insertDialog(db, { lineId: line.lineId, channelId: channel.id, status: 'in_work' });
      const { messageId, delivered } = await activities().storeBotMessage({ dialogId, text: 'Your order shipped.', idempotencyKey: randomUUID() });
      expect(delivered).toBe(false);

      await activities().deliverMessage({ messageId });
      await activities().deliverMessage({ messageId });

      expect(sent.map((message) => message.messageId)).toEqual([messageId]);
      const stored = await db.selectFrom('messages').select('delivery_status').where('id', '=', messageId).executeTakeFirstOrThrow();
      expect(stored.delivery_status).toBe('delivered');
    } finally {
      connectors[channelKind] = registered;
    }
  });
});

describe('a dialog whose message activities fail once after doing their work', () => {
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let workerConnection: NativeConnection | undefined;
  let client: Client | undefined;
  const taskQueue = `fail-once-${randomUUID()}`;
  const failedOnce = new Set<string>();
  const dialogs = new Set<number>();

  /** Each message activity call does its real work, then its first attempt fails as if the worker lost the result. */
  function failingOnceAfterWork(real: Activities): Activities {
    const wrap = <K extends 'storeBotMessage' | 'storeOperatorReply' | 'deliverMessage'>(name: K) =>
      (async (input: Parameters<Activities[K]>[0]) => {
        const result = await (real[name] as (i: typeof input) => Promise<unknown>)(input);
        const call = `${name}:${JSON.stringify(input)}`;
        if (!failedOnce.has(call)) {
          failedOnce.add(call);
          throw new Error(`${name} lost its result after committing`);
        }
        return result;
      }) as Activities[K];
    return { ...real, storeBotMessage: wrap('storeBotMessage'), storeOperatorReply: wrap('storeOperatorReply'), deliverMessage: wrap('deliverMessage') };
  }

  beforeAll(async () => {
    workerConnection = await NativeConnection.connect({ address: devServerAddress() });
    worker = await Worker.create({
      connection: workerConnection,
      taskQueue,
      workflowBundle: await sharedWorkflowBundle(),
      activities: failingOnceAfterWork(createActivities({ db, maxOpenDialogsPerOperator: 1000 })),
    });
    running = worker.run();
    client = new Client({ connection: await Connection.connect({ address: devServerAddress() }), namespace: 'default' });
  });

  afterEach(async () => {
    if (client) await terminateDialogs(client, dialogs);
    dialogs.clear();
  });

  afterAll(async () => {
    worker?.shutdown();
    await running;
    await workerConnection?.close();
    await client?.connection.close();
  });

  it('greets once and stores, announces and delivers the operator reply once', async () => {
    const temporal = client!;
    const operator = await createUser(db, 'manager', 'Anna');
    const { channelId } = await createLine(db, { operators: [operator.id], settings: { greeting: { enabled: true, text: 'Hi! An operator will answer soon.' } } });
    const { dialogId } = await sendClientMessage({ db, temporal, taskQueue }, channelId, { text: 'Where is my order?' });
    dialogs.add(dialogId);

    await waitForState(temporal, dialogId, (s) => s.offeredTo.includes(operator.id));
    const handle = dialogHandle(temporal, dialogId);
    await handle.executeUpdate(acceptUpdate, { args: [{ operatorId: operator.id }] });
    const { messageId } = await handle.executeUpdate(replyUpdate, { args: [{ operatorId: operator.id, text: 'It left today.', clientMessageId: randomUUID() }] });

    // Every message activity failed once after its work and was retried.
    await eventually(async () => (await db.selectFrom('messages').select('delivery_status').where('id', '=', messageId).executeTakeFirst())?.delivery_status === 'delivered');
    expect([...failedOnce].filter((call) => call.includes(`"dialogId":${dialogId}`)).map((call) => call.split(':')[0])).toEqual(
      expect.arrayContaining(['storeBotMessage', 'storeOperatorReply']),
    );
    expect(await dialogTexts(db, dialogId)).toEqual(['Where is my order?', 'Hi! An operator will answer soon.', 'It left today.']);
    await settleLiveEvents(dialogId, 2);
    expect(messageCreated(dialogId).map((e) => e.type === 'message.created' && e.authorKind)).toEqual(['client', 'bot', 'operator']);
  });
});
