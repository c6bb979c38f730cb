import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialogWorkflowId } from '../../domain/dialog';
import { replyUpdate, routingChangedSignal } from '../../domain/messages';
import { upsertOperatorState } from '../../db/queries/availability';
import { notifyLive } from '../../db/queries/live';
import { insertOutgoingMessage } from '../../db/queries/messages';
import type { WidgetDeps } from '../../web/server/channels/widget/deps';
import { handleSendMessage } from '../../web/server/channels/widget/messages';
import type { WidgetDialogState, WidgetMessage, WidgetSendResult, WidgetSession } from '../../web/server/channels/widget/schemas';
import { handleCreateSession } from '../../web/server/channels/widget/session';
import { LiveBus } from '../../web/server/live/bus';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { eventually, routingAttempted, waitForState } from '../support/dialogs';
import { TEST_SECRET } from '../support/env';
import { createLine, createUser } from '../support/fixtures';
import { startTestWorker, type RunningTestWorker } from '../support/worker';
import { openWidgetStream, type SseEvent } from './widget-sse';

/**
 * The widget's live stream: PostgreSQL NOTIFY → LiveBus → the right visitor's EventSource, with
 * a real dialog worker writing the operator's messages.
 */
let database: TestDatabase;
let worker: RunningTestWorker;
let live: LiveBus;
let deps: WidgetDeps;
let channelKey: string;
let operator: { id: string; name: string };

beforeAll(async () => {
  database = await createTestDatabase();
  worker = await startTestWorker(database.url);
  live = new LiveBus(database.url);
  deps = { db: worker.db, temporal: worker.client, taskQueue: worker.taskQueue, secret: TEST_SECRET, live, heartbeatMs: 200 };
  operator = await createUser(worker.db, 'manager', 'Sam Support');
  ({ channelKey } = await createLine(worker.db, { operators: [operator.id] }));
});

afterAll(async () => {
  await live?.stop();
  await worker?.stop();
  await database?.destroy();
});

async function startSession(key = channelKey): Promise<WidgetSession> {
  const response = await handleCreateSession(deps, new Request(`http://widget.test/api/widget/${key}/session`, { method: 'POST' }), key);
  return (await response.json()) as WidgetSession;
}

async function send(token: string, text: string, key = channelKey): Promise<WidgetSendResult> {
  const response = await handleSendMessage(
    deps,
    new Request(`http://widget.test/api/widget/${key}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientMessageId: randomUUID(), text }),
    }),
    key,
  );
  expect(response.status).toBe(202);
  return (await response.json()) as WidgetSendResult;
}

/** Opens the stream the way EventSource would and collects its events. */
function openStream(token: string, key = channelKey, streamDeps = deps) {
  return openWidgetStream(streamDeps, token, key);
}

const messageWithText = (text: string) => (e: SseEvent) => e.event === 'message' && (JSON.parse(e.data) as WidgetMessage).text === text;

describe('the visitor stream', () => {
  it('refuses a missing or foreign token and an unknown chat', async () => {
    const { token } = await startSession();
    expect((await openStream('')).response.status).toBe(401);
    expect((await openStream('not-a-token')).response.status).toBe(401);
    expect((await openStream(token, 'no-such-chat')).response.status).toBe(404);
  });

  it('delivers an operator’s message to its visitor only, never hidden notes, and keeps the connection alive', async () => {
    const alice = await startSession();
    const bob = await startSession();
    const aliceSent = await send(alice.token, 'Hi, this is Alice');
    await send(bob.token, 'Hi, this is Bob');
    await waitForState(worker.client, aliceSent.dialogId, (s) => s.offeredTo.includes(operator.id));

    const aliceStream = await openStream(alice.token);
    const bobStream = await openStream(bob.token);
    expect(aliceStream.response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    await aliceStream.waitFor((e) => e.event === 'ready');
    await bobStream.waitFor((e) => e.event === 'ready');

    await worker.client.workflow
      .getHandle(dialogWorkflowId(aliceSent.dialogId))
      .executeUpdate(replyUpdate, { args: [{ operatorId: operator.id, text: 'Hello Alice, how can I help?' }] });
    const delivered = JSON.parse((await aliceStream.waitFor(messageWithText('Hello Alice, how can I help?'))).data) as WidgetMessage;
    expect(delivered).toMatchObject({ authorKind: 'operator', authorName: 'Sam Support', dialogId: aliceSent.dialogId });
    // The dialog's status change reaches Alice too.
    await aliceStream.waitFor((e) => e.event === 'dialog' && JSON.parse(e.data).status === 'waiting_client');

    const { channel_id: channelId, line_id: lineId, contact_id: contactId } = await worker.db
      .selectFrom('dialogs')
      .select(['channel_id', 'line_id', 'contact_id'])
      .where('id', '=', aliceSent.dialogId)
      .executeTakeFirstOrThrow();
    await worker.db.transaction().execute(async (trx) => {
      const messageId = await insertOutgoingMessage(trx, {
        dialogId: aliceSent.dialogId,
        channelId,
        authorKind: 'operator',
        authorUserId: operator.id,
        text: 'Note: Alice is a VIP',
        hidden: true,
      });
      await notifyLive(trx, { type: 'message.created', dialogId: aliceSent.dialogId, lineId, contactId, messageId, authorKind: 'operator', hidden: true, at: new Date().toISOString() });
    });
    await worker.client.workflow
      .getHandle(dialogWorkflowId(aliceSent.dialogId))
      .executeUpdate(replyUpdate, { args: [{ operatorId: operator.id, text: 'Anything else?' }] });
    await aliceStream.waitFor(messageWithText('Anything else?'));

    expect(aliceStream.events.some(messageWithText('Note: Alice is a VIP'))).toBe(false);
    expect(bobStream.events.some((e) => e.event === 'message' && e.data.includes('Alice'))).toBe(false);
    expect(bobStream.events.some((e) => e.event === 'dialog' && JSON.parse(e.data).dialogId === aliceSent.dialogId)).toBe(false);
    // Keep-alive comments arrive every heartbeat (200 ms here), whatever else happens.
    await expect.poll(() => aliceStream.comments.length, { timeout: 5_000 }).toBeGreaterThan(0);

    // Closing the connection ends the stream and drops the subscription.
    aliceStream.close();
    bobStream.close();
    await aliceStream.ended;
    await bobStream.ended;
  });

  it('follows a visitor who opened the stream before their first message', async () => {
    const carol = await startSession();
    const stream = await openStream(carol.token);
    await stream.waitFor((e) => e.event === 'ready');
    const sent = await send(carol.token, 'First message from Carol');
    const own = JSON.parse((await stream.waitFor(messageWithText('First message from Carol'))).data) as WidgetMessage;
    expect(own).toMatchObject({ id: sent.messageId, authorKind: 'client' });
    // The line's greeting, written by the dialog workflow, follows.
    await stream.waitFor((e) => e.event === 'message' && (JSON.parse(e.data) as WidgetMessage).authorKind === 'bot');
    stream.close();
    await stream.ended;
  });

  it('follows a visitor whose first message is stored while their stream is still subscribing', async () => {
    // On a loaded server the page may send before its stream listens (the first stream of a process
    // opens the LISTEN connection): the message's event is then missed, yet what follows must arrive.
    const { channelKey: key } = await createLine(worker.db, { operators: [operator.id], name: 'Slow stream line', settings: { greeting: { enabled: false } } });
    const dave = await startSession(key);
    let startSubscribing!: () => void;
    const subscribing = new Promise<void>((resolve) => {
      startSubscribing = resolve;
    });
    let letSubscribe!: () => void;
    const mayListen = new Promise<void>((resolve) => {
      letSubscribe = resolve;
    });
    const slowLive: WidgetDeps['live'] = {
      async subscribe(listener) {
        startSubscribing();
        await mayListen;
        return live.subscribe(listener);
      },
    };
    const opening = openStream(dave.token, key, { ...deps, live: slowLive });
    await subscribing;

    // The first message is stored, and its event has come and gone, before the stream listens.
    const announced = new Set<number>();
    const stopWatching = await live.subscribe((event) => {
      if (event.type === 'message.created') announced.add(event.messageId);
    });
    const sent = await send(dave.token, 'Hello from Dave', key);
    await eventually(async () => announced.has(sent.messageId));
    stopWatching();
    letSubscribe();

    const stream = await opening;
    await stream.waitFor((e) => e.event === 'ready');
    await waitForState(worker.client, sent.dialogId, (s) => s.offeredTo.includes(operator.id));
    await worker.client.workflow.getHandle(dialogWorkflowId(sent.dialogId)).executeUpdate(replyUpdate, { args: [{ operatorId: operator.id, text: 'Hi Dave, I am here.' }] });
    const delivered = JSON.parse((await stream.waitFor(messageWithText('Hi Dave, I am here.'))).data) as WidgetMessage;
    expect(delivered).toMatchObject({ authorKind: 'operator', dialogId: sent.dialogId });
    stream.close();
    await stream.ended;
  });
});

describe('operator data shown to the client, live (SPEC §3)', () => {
  it('delivers an operator’s message under the line’s name when the line answers as one', async () => {
    const { channelKey: key } = await createLine(worker.db, { operators: [operator.id], name: 'Acme line', settings: { operatorDisplay: { mode: 'line', name: 'Acme Support' } } });
    const visitor = await startSession(key);
    const sent = await send(visitor.token, 'Who am I talking to?', key);
    await waitForState(worker.client, sent.dialogId, (s) => s.offeredTo.includes(operator.id));
    const stream = await openStream(visitor.token, key);
    await stream.waitFor((e) => e.event === 'ready');

    await worker.client.workflow.getHandle(dialogWorkflowId(sent.dialogId)).executeUpdate(replyUpdate, { args: [{ operatorId: operator.id, text: 'Happy to help.' }] });
    const delivered = JSON.parse((await stream.waitFor(messageWithText('Happy to help.'))).data) as WidgetMessage;
    expect(delivered).toMatchObject({ authorKind: 'operator', authorName: 'Acme Support' });
    stream.close();
  });
});

describe('the queue position, live', () => {
  it('moves a queued visitor up when a dialog ahead of them is offered', async () => {
    const offline = await createUser(worker.db, 'manager', 'Quinn Queue', { atWork: false });
    // One dialog at a time per operator: when the operator starts work, only the oldest is offered.
    const { channelKey: queueKey } = await createLine(worker.db, {
      operators: [offline.id],
      name: 'Queue line',
      settings: { distribution: { limit: { enabled: true, maxOpenDialogs: 1 } } },
    });
    const visitors: WidgetSession[] = [];
    const dialogIds: number[] = [];
    for (const text of ['One', 'Two', 'Three']) {
      const session = await startSession(queueKey);
      visitors.push(session);
      dialogIds.push((await send(session.token, text, queueKey)).dialogId);
    }
    // Each dialog has tried routing (and found nobody) before the operator comes online: a late
    // first attempt would otherwise find them available and skip the queue.
    for (const id of dialogIds) await eventually(() => routingAttempted(worker.client, id));
    const firstStream = await openStream(visitors[0]!.token, queueKey);
    const thirdStream = await openStream(visitors[2]!.token, queueKey);
    await firstStream.waitFor((e) => e.event === 'ready');
    await thirdStream.waitFor((e) => e.event === 'ready');

    // The operator starts work and the first dialog is offered to them.
    await upsertOperatorState(worker.db, offline.id, { presence: 'online', workday: 'working' }, new Date());
    await worker.client.workflow.getHandle(dialogWorkflowId(dialogIds[0]!)).signal(routingChangedSignal);

    // (Updates of the dialogs' own routing attempts may reach the stream first, at position 3.)
    const moved = JSON.parse((await thirdStream.waitFor((e) => e.event === 'dialog' && JSON.parse(e.data).queue?.position !== 3)).data) as WidgetDialogState;
    expect(moved).toMatchObject({ dialogId: dialogIds[2], status: 'queued', queue: { position: 2, estimatedMinutes: null } });
    const offered = JSON.parse((await firstStream.waitFor((e) => e.event === 'dialog' && JSON.parse(e.data).status === 'offered')).data) as WidgetDialogState;
    expect(offered).toMatchObject({ dialogId: dialogIds[0], queue: null });

    firstStream.close();
    thirdStream.close();
    await firstStream.ended;
    await thirdStream.ended;
  });
});
