import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { acceptUpdate, closeUpdate, rateUpdate, replyUpdate } from '../../domain/messages';
import { findLastClientMessageAt } from '../../db/queries/messages';
import type { LiveEvent } from '../../domain/live-events';
import { LiveBus } from '../../web/server/live/bus';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { dialogHandle, eventually, sendClientMessage, waitForState } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { apiAs, sessionUser } from '../web/helpers';
import { startTestWorker, type RunningTestWorker } from '../support/worker';

/** The whole message path on real servers: embedded PostgreSQL, the Temporal dev server, a real worker. */
let database: TestDatabase;
let worker: RunningTestWorker;
let bus: LiveBus;

beforeAll(async () => {
  database = await createTestDatabase();
  worker = await startTestWorker(database.url);
  bus = new LiveBus(database.url);
});

afterAll(async () => {
  await bus?.stop();
  await worker?.stop();
  await database?.destroy();
});

const deps = () => ({ db: worker.db, temporal: worker.client, taskQueue: worker.taskQueue });

describe('a widget dialog from first message to rating', () => {
  it('is offered, accepted, answered live, closed and rated', async () => {
    const events: LiveEvent[] = [];
    const unsubscribe = await bus.subscribe((event) => events.push(event));
    const operator = await createUser(worker.db, 'manager', 'Anna');
    const { channelId } = await createLine(worker.db, { operators: [operator.id] });
    const visitorId = randomUUID();

    const inbound = await sendClientMessage(deps(), channelId, { visitorId, text: 'Is my order shipped?' });
    expect(inbound.duplicate).toBe(false);
    // The operator's inbox hears of the offer.
    await eventually(async () => events.some((e) => e.type === 'dialog.updated' && e.dialogId === inbound.dialogId && e.offeredTo.includes(operator.id)));

    const handle = dialogHandle(worker.client, inbound.dialogId);
    await handle.executeUpdate(acceptUpdate, { args: [{ operatorId: operator.id }] });
    const { messageId } = await handle.executeUpdate(replyUpdate, { args: [{ operatorId: operator.id, text: 'Yes, it left today.' }] });

    // The reply reaches the visitor: a live event for the visitor's contact, and the stored message.
    const replyEvent = await eventually(async () =>
      events.find((e) => e.type === 'message.created' && e.messageId === messageId),
    );
    expect(replyEvent).toMatchObject({ contactId: inbound.contactId, authorKind: 'operator', hidden: false });
    const stored = await worker.db.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ text: 'Yes, it left today.', author_user_id: operator.id, delivery_status: 'delivered' });

    await handle.executeUpdate(closeUpdate, { args: [{ userId: operator.id }] });
    await waitForState(worker.client, inbound.dialogId, (s) => s.ratingRequested);
    await handle.executeUpdate(rateUpdate, { args: [{ rating: 'like' }] });
    await handle.result();

    const dialog = await worker.db.selectFrom('dialogs').selectAll().where('id', '=', inbound.dialogId).executeTakeFirstOrThrow();
    expect(dialog).toMatchObject({ status: 'closed', close_reason: 'operator', rating: 'like', operator_id: operator.id });
    const trail = await worker.db.selectFrom('dialog_events').select('kind').where('dialog_id', '=', inbound.dialogId).orderBy('id').execute();
    expect(trail.map((e) => e.kind)).toEqual(['offered', 'accepted', 'first_answer', 'closed', 'rated']);
    unsubscribe();
  });

  it('lets operators take offers the instant they appear in the inbox, even in a burst', async () => {
    const operators = await Promise.all([createUser(worker.db), createUser(worker.db), createUser(worker.db)]);
    const inboxes = new Map(operators.map((o) => [o.id, apiAs(deps(), sessionUser(o, 'manager'))]));
    const { channelId } = await createLine(worker.db, { operators: [...inboxes.keys()], settings: { greeting: { enabled: false } } });
    const takes = new Map<number, Promise<unknown>>();
    // Take each offer from inside the live-event callback, as the inbox's "Take" does: before its
    // workflow has recorded it, and often before the dialog's first message has started its workflow.
    const unsubscribe = await bus.subscribe((event) => {
      const inbox = event.type === 'dialog.updated' && event.offeredTo.length > 0 ? inboxes.get(event.offeredTo[0]!) : undefined;
      if (event.type === 'dialog.updated' && inbox && !takes.has(event.dialogId)) takes.set(event.dialogId, inbox.dialogs.take({ dialogId: event.dialogId }));
    });
    const burst = await Promise.all(Array.from({ length: 30 }, () => sendClientMessage(deps(), channelId)));
    await eventually(async () => takes.size === burst.length, 30_000);
    const outcomes = await Promise.allSettled(takes.values());
    expect(outcomes.filter((o) => o.status === 'rejected').map((o) => String((o as PromiseRejectedResult).reason))).toEqual([]);
    const assigned = await worker.db.selectFrom('dialogs').select('id').where('id', 'in', burst.map((b) => b.dialogId)).where('status', '=', 'in_work').execute();
    expect(assigned).toHaveLength(burst.length);
    unsubscribe();
    await Promise.all(burst.map((b) => dialogHandle(worker.client, b.dialogId).terminate('test finished')));
  });

  it('stores a message the channel delivers twice only once, and signals nothing new', async () => {
    const operator = await createUser(worker.db);
    const { channelId } = await createLine(worker.db, { operators: [operator.id], settings: { greeting: { enabled: false } } });
    const visitorId = randomUUID();
    const externalMessageId = randomUUID();

    const first = await sendClientMessage(deps(), channelId, { visitorId, externalMessageId, text: 'Hello?' });
    const again = await sendClientMessage(deps(), channelId, { visitorId, externalMessageId, text: 'Hello?' });
    expect(again).toMatchObject({ duplicate: true, messageId: first.messageId, dialogId: first.dialogId });

    const messages = await worker.db.selectFrom('messages').select('id').where('dialog_id', '=', first.dialogId).execute();
    expect(messages).toHaveLength(1);
    await dialogHandle(worker.client, first.dialogId).terminate('test finished');
  });

  it("joins a client's next message to their open dialog and opens a new one after close", async () => {
    const operator = await createUser(worker.db);
    const { channelId } = await createLine(worker.db, { operators: [operator.id], settings: { rating: { enabled: false } } });
    const visitorId = randomUUID();
    const first = await sendClientMessage(deps(), channelId, { visitorId });
    // When the client last wrote (a messenger's reply window counts from it): their opening message, then the next one.
    const lastClientMessageAt = () => findLastClientMessageAt(worker.db, first.dialogId);
    const opened = await lastClientMessageAt();
    expect(opened).toBeInstanceOf(Date);
    const second = await sendClientMessage(deps(), channelId, { visitorId, text: 'Anyone there?' });
    expect(second.dialogId).toBe(first.dialogId);
    expect((await lastClientMessageAt())!.getTime()).toBeGreaterThan(opened!.getTime());

    const handle = dialogHandle(worker.client, first.dialogId);
    await waitForState(worker.client, first.dialogId, (s) => s.offeredTo.includes(operator.id));
    await handle.executeUpdate(acceptUpdate, { args: [{ operatorId: operator.id }] });
    await handle.executeUpdate(closeUpdate, { args: [{ userId: operator.id }] });
    await handle.result();

    const third = await sendClientMessage(deps(), channelId, { visitorId, text: 'One more question' });
    expect(third.dialogId).not.toBe(first.dialogId);
    expect(third.contactId).toBe(first.contactId);
    await dialogHandle(worker.client, third.dialogId).terminate('test finished');
  });

  it('opens exactly one dialog when a new client sends several messages at once', async () => {
    const { channelId } = await createLine(worker.db, { operators: [] });
    const visitorId = randomUUID();
    const results = await Promise.all(
      Array.from({ length: 5 }, (_, i) => sendClientMessage(deps(), channelId, { visitorId, text: `burst ${i}` })),
    );
    expect(new Set(results.map((r) => r.dialogId)).size).toBe(1);
    expect(new Set(results.map((r) => r.contactId)).size).toBe(1);
    // The workflow may already have written its greeting into the dialog: count the client's messages.
    const stored = await worker.db
      .selectFrom('messages')
      .select('text')
      .where('dialog_id', '=', results[0]!.dialogId)
      .where('author_kind', '=', 'client')
      .orderBy('text')
      .execute();
    expect(stored.map((m) => m.text)).toEqual(['burst 0', 'burst 1', 'burst 2', 'burst 3', 'burst 4']);
    await dialogHandle(worker.client, results[0]!.dialogId).terminate('test finished');
  });
});
