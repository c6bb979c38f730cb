import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LiveEvent } from '../../domain/live-events';
import { createDb, type Database } from '../../db/client';
import type { WidgetDeps } from '../../web/server/channels/widget/deps';
import { handleSendMessage } from '../../web/server/channels/widget/messages';
import type { WidgetSendResult, WidgetSession, WidgetTypingResult } from '../../web/server/channels/widget/schemas';
import { handleCreateSession } from '../../web/server/channels/widget/session';
import { handleVisitorTyping } from '../../web/server/channels/widget/typing';
import { LiveBus } from '../../web/server/live/bus';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { TEST_SECRET } from '../support/env';
import { createLine, createUser } from '../support/fixtures';
import { apiAs, idleTemporalClient, rejection, sessionUser } from '../web/helpers';
import { openWidgetStream } from './widget-sse';

/**
 * Typing indicators both ways (SPEC §5, §7): the visitor's POST …/typing reaches the inbox's live
 * stream (tRPC) of staff who may see the dialog, and the operator's dialogs.typing reaches the
 * visitor's widget stream; both over PostgreSQL NOTIFY and the real LiveBus, never stored.
 */
let database: TestDatabase;
let db: Database;
let live: LiveBus;
let deps: WidgetDeps;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  live = new LiveBus(database.url);
  // No worker: the dialogs stay unassigned in the queue, which is all typing needs.
  deps = { db, temporal: idleTemporalClient(), taskQueue: `typing-${randomUUID()}`, secret: TEST_SECRET, live, heartbeatMs: 200 };
});

afterAll(async () => {
  await live?.stop();
  await deps?.temporal.connection.close();
  await db?.destroy();
  await database?.destroy();
});

async function startSession(channelKey: string): Promise<WidgetSession> {
  const response = await handleCreateSession(deps, new Request(`http://widget.test/api/widget/${channelKey}/session`, { method: 'POST' }), channelKey);
  return (await response.json()) as WidgetSession;
}

async function send(channelKey: string, token: string, text: string): Promise<WidgetSendResult> {
  const response = await handleSendMessage(
    deps,
    new Request(`http://widget.test/api/widget/${channelKey}/messages`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ clientMessageId: randomUUID(), text }),
    }),
    channelKey,
  );
  expect(response.status).toBe(202);
  return (await response.json()) as WidgetSendResult;
}

async function visitorTyping(channelKey: string, token: string): Promise<WidgetTypingResult> {
  const response = await handleVisitorTyping(
    deps,
    new Request(`http://widget.test/api/widget/${channelKey}/typing`, { method: 'POST', headers: { authorization: `Bearer ${token}` } }),
    channelKey,
  );
  expect(response.status).toBe(202);
  return (await response.json()) as WidgetTypingResult;
}

/** A user's inbox live stream (the tRPC subscription the inbox listens to), collecting what it gets. */
async function inboxStream(user: { id: string; email: string; name: string }) {
  const controller = new AbortController();
  const stream = await apiAs(deps, sessionUser(user, 'manager'), live, { signal: controller.signal }).live.events();
  const events: LiveEvent[] = [];
  let listening!: () => void;
  const ready = new Promise<void>((resolve) => {
    listening = resolve;
  });
  void (async () => {
    for await (const envelope of stream) {
      const item = (Array.isArray(envelope) ? envelope[1] : (envelope as { data: unknown }).data) as LiveEvent | { type: 'stream.ready' };
      if (item.type === 'stream.ready') listening();
      else events.push(item);
    }
  })().catch(() => undefined);
  await ready;
  return {
    events,
    close: () => controller.abort(),
    async waitFor(predicate: (event: LiveEvent) => boolean): Promise<LiveEvent> {
      for (let waited = 0; waited < 15_000; waited += 25) {
        const found = events.find(predicate);
        if (found) return found;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`no matching live event; got ${JSON.stringify(events)}`);
    },
  };
}

describe('client is typing', () => {
  it('shows in the inbox of the line’s operators only, throttled, and only once there is a dialog', async () => {
    const operator = await createUser(db, 'manager', 'Ola Operator');
    const outsider = await createUser(db, 'manager', 'Otto Outsider');
    const { channelKey, lineId } = await createLine(db, { operators: [operator.id] });
    const { channelKey: outsiderKey } = await createLine(db, { operators: [outsider.id] });
    const visitor = await startSession(channelKey);

    // Before the first message there is no dialog to show it in.
    expect(await visitorTyping(channelKey, visitor.token)).toEqual({ published: false });

    const { dialogId } = await send(channelKey, visitor.token, 'Hello?');
    const messagesBefore = (await db.selectFrom('messages').select('id').execute()).length;
    const inbox = await inboxStream(operator);
    const outsiderInbox = await inboxStream(outsider);

    // Keystrokes come faster than the throttle: one event goes out.
    const results = [await visitorTyping(channelKey, visitor.token), await visitorTyping(channelKey, visitor.token)];
    expect(results).toEqual([{ published: true }, { published: false }]);
    const typing = await inbox.waitFor((e) => e.type === 'typing');
    expect(typing).toMatchObject({ type: 'typing', dialogId, lineId, by: 'client' });

    // The outsider's own line's message comes after the typing event: by then they would have had it.
    const other = await startSession(outsiderKey);
    await send(outsiderKey, other.token, 'Marker for the outsider');
    await outsiderInbox.waitFor((e) => e.type === 'message.created');
    expect(outsiderInbox.events.filter((e) => e.type === 'typing')).toEqual([]);
    expect(inbox.events.filter((e) => e.type === 'typing')).toHaveLength(1);

    // Never stored.
    expect((await db.selectFrom('messages').select('id').execute()).length).toBe(messagesBefore + 1);
    inbox.close();
    outsiderInbox.close();
  });
});

describe('operator is typing', () => {
  it('shows in the widget of that dialog’s visitor only, and is refused to staff who may not answer', async () => {
    const operator = await createUser(db, 'manager', 'Tia Typist');
    const outsider = await createUser(db, 'manager', 'Olle Outsider');
    const { channelKey } = await createLine(db, { operators: [operator.id] });
    const alice = await startSession(channelKey);
    const bob = await startSession(channelKey);
    const { dialogId } = await send(channelKey, alice.token, 'Alice asks');
    await send(channelKey, bob.token, 'Bob asks');

    const aliceStream = await openWidgetStream(deps, alice.token, channelKey);
    const bobStream = await openWidgetStream(deps, bob.token, channelKey);
    await aliceStream.waitFor((e) => e.event === 'ready');
    await bobStream.waitFor((e) => e.event === 'ready');

    const api = apiAs(deps, sessionUser(operator, 'manager'), live);
    expect(await api.dialogs.typing({ dialogId })).toEqual({ published: true });
    // Throttled per operator and dialog.
    expect(await api.dialogs.typing({ dialogId })).toEqual({ published: false });
    const typing = await aliceStream.waitFor((e) => e.event === 'typing');
    expect(JSON.parse(typing.data)).toEqual({ dialogId });

    // Bob's own message comes after the typing event on the same stream order: he had none.
    await send(channelKey, bob.token, 'Bob again');
    await bobStream.waitFor((e) => e.event === 'message' && e.data.includes('Bob again'));
    expect(bobStream.events.filter((e) => e.event === 'typing')).toEqual([]);

    const refused = await rejection(apiAs(deps, sessionUser(outsider, 'manager'), live).dialogs.typing({ dialogId }));
    expect(refused.code).toBe('FORBIDDEN');
    aliceStream.close();
    bobStream.close();
  });
});
