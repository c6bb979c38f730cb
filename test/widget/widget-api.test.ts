import { randomUUID } from 'node:crypto';
import { Client, Connection, WorkflowNotFoundError } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dialogWorkflowId } from '../../domain/dialog';
import { closeUpdate, replyUpdate, stateQuery } from '../../domain/messages';
import { insertOutgoingMessage } from '../../db/queries/messages';
import { handleGetHistory, handleSendMessage } from '../../web/server/channels/widget/messages';
import { handleRateDialog } from '../../web/server/channels/widget/rating';
import type { WidgetDeps } from '../../web/server/channels/widget/deps';
import type { WidgetErrorBody, WidgetHistory, WidgetSendResult, WidgetSession } from '../../web/server/channels/widget/schemas';
import { resolveWidgetSecret } from '../../web/server/channels/widget/secret';
import { handleCreateSession } from '../../web/server/channels/widget/session';
import { issueVisitorToken, verifyVisitorToken } from '../../web/server/channels/widget/token';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { eventually, waitForState } from '../support/dialogs';
import { TEST_SECRET } from '../support/env';
import { createLine, createUser } from '../support/fixtures';
import { startTestWorker, type RunningTestWorker } from '../support/worker';
import { widgetDepsOn } from './widget-deps';
import { deliverDueMessages } from '../../worker/inbound-outbox';

/**
 * The widget's HTTP contract, driven through the same handler functions the Next.js routes call,
 * against a real PostgreSQL and a real dialog worker on the Temporal dev server.
 */
let database: TestDatabase;
let worker: RunningTestWorker;
let deps: WidgetDeps;
let channelKey: string;
let otherChannelKey: string;
let operator: { id: string; name: string };

beforeAll(async () => {
  database = await createTestDatabase();
  worker = await startTestWorker(database.url);
  deps = widgetDepsOn(worker);
  operator = await createUser(worker.db, 'manager', 'Olga Operator');
  ({ channelKey } = await createLine(worker.db, { operators: [operator.id] }));
  ({ channelKey: otherChannelKey } = await createLine(worker.db, { name: 'Other line' }));
});

afterAll(async () => {
  await worker?.stop();
  await database?.destroy();
});

function request(method: string, path: string, options: { token?: string; body?: unknown; rawBody?: string } = {}): Request {
  const headers = new Headers();
  if (options.token) headers.set('authorization', `Bearer ${options.token}`);
  let body: string | undefined = options.rawBody;
  if (options.body !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(options.body);
  }
  return new Request(`http://widget.test/api/widget${path}`, { method, headers, body });
}

async function startSession(key = channelKey, token?: string): Promise<WidgetSession> {
  const response = await handleCreateSession(deps, request('POST', `/${key}/session`, { body: token ? { token } : {} }), key);
  expect(response.status).toBe(200);
  return (await response.json()) as WidgetSession;
}

function send(token: string | undefined, body: unknown, key = channelKey, overrides: Partial<WidgetDeps> = {}) {
  return handleSendMessage({ ...deps, ...overrides }, request('POST', `/${key}/messages`, { token, body }), key);
}

async function history(token: string, key = channelKey): Promise<WidgetHistory> {
  const response = await handleGetHistory(deps, request('GET', `/${key}/messages`, { token }), key);
  expect(response.status).toBe(200);
  return (await response.json()) as WidgetHistory;
}

async function rowCounts() {
  const count = async (table: 'messages' | 'contacts' | 'contact_identities' | 'dialogs') =>
    Number((await worker.db.selectFrom(table).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow()).n);
  return {
    messages: await count('messages'),
    contacts: await count('contacts'),
    identities: await count('contact_identities'),
    dialogs: await count('dialogs'),
  };
}

async function errorOf(response: Response): Promise<WidgetErrorBody['error']> {
  return ((await response.json()) as WidgetErrorBody).error;
}

describe('visitor sessions', () => {
  it('issues a signed token for a new visitor and keeps the visitor when a valid token comes back', async () => {
    const first = await startSession();
    expect(first.visitorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(first.channel).toMatchObject({ key: channelKey, title: 'Test widget' });
    expect(new Date(first.expiresAt).getTime()).toBeGreaterThan(Date.now() + 360 * 24 * 3600 * 1000);
    await expect(verifyVisitorToken(TEST_SECRET, first.token, channelKey)).resolves.toMatchObject({ visitorId: first.visitorId });

    const again = await startSession(channelKey, first.token);
    expect(again.visitorId).toBe(first.visitorId);

    // A token that no longer passes (here: of another chat) starts a fresh visitor instead of failing.
    const elsewhere = await startSession(otherChannelKey, first.token);
    expect(elsewhere.visitorId).not.toBe(first.visitorId);
  });

  it('answers 404 for a chat that does not exist', async () => {
    const response = await handleCreateSession(deps, request('POST', '/no-such-chat/session'), 'no-such-chat');
    expect(response.status).toBe(404);
    expect((await errorOf(response)).message).toMatch(/no-such-chat/);
  });

  it('refuses to sign with a development secret in production', () => {
    expect(() => resolveWidgetSecret({ NODE_ENV: 'production', OPENLINES_SECRET: undefined })).toThrow(/OPENLINES_SECRET/);
    expect(resolveWidgetSecret({ NODE_ENV: 'production', OPENLINES_SECRET: TEST_SECRET })).toBe(TEST_SECRET);
    expect(resolveWidgetSecret({ NODE_ENV: 'development', OPENLINES_SECRET: undefined }).length).toBeGreaterThanOrEqual(32);
  });
});

describe('rejected messages write nothing', () => {
  const valid = () => ({ clientMessageId: randomUUID(), text: 'Hello' });

  it.each([
    ['no token', async () => send(undefined, valid()), 401, /token/],
    [
      'a forged token (signed with another secret)',
      async () => send((await issueVisitorToken('an-attacker-secret-that-is-long-enough!!', { channelKey })).token, valid()),
      401,
      /token: is not a valid visitor token/,
    ],
    [
      'a token whose signature was tampered with',
      async () => {
        const { token } = await startSession();
        const [header, , signature] = token.split('.');
        const payload = Buffer.from(JSON.stringify({ sub: randomUUID(), channel: channelKey, iss: 'openlines', aud: 'openlines-widget', exp: 2e9 })).toString('base64url');
        return send(`${header}.${payload}.${signature}`, valid());
      },
      401,
      /token: is not a valid visitor token/,
    ],
    [
      'an expired token',
      async () => send((await issueVisitorToken(TEST_SECRET, { channelKey, now: new Date(Date.now() - 2 * 86_400_000), ttlSeconds: 86_400 })).token, valid()),
      401,
      /token: has expired/,
    ],
    ['a token of another chat', async () => send((await startSession(otherChannelKey)).token, valid()), 401, /another chat/],
    ['an unknown chat', async () => send((await startSession()).token, valid(), 'no-such-chat'), 404, /no-such-chat/],
    [
      'malformed JSON',
      async () =>
        handleSendMessage(deps, request('POST', `/${channelKey}/messages`, { token: (await startSession()).token, rawBody: '{"text": "hi"' }), channelKey),
      400,
      /body: must be valid JSON/,
    ],
    ['a missing clientMessageId', async () => send((await startSession()).token, { text: 'Hello' }), 400, /clientMessageId: is required/],
    ['a clientMessageId that is not a UUID', async () => send((await startSession()).token, { clientMessageId: '42', text: 'Hello' }), 400, /clientMessageId: must be a UUID/],
    ['an empty text', async () => send((await startSession()).token, { clientMessageId: randomUUID(), text: '   ' }), 400, /text: must not be empty/],
    [
      'a 4001-character text',
      async () => send((await startSession()).token, { clientMessageId: randomUUID(), text: 'x'.repeat(4001) }),
      400,
      /text: must be at most 4000 characters/,
    ],
  ])('%s', async (_case, act, status, message) => {
    const before = await rowCounts();
    const response = await act();
    expect(response.status).toBe(status);
    const error = await errorOf(response);
    expect(error.message).toMatch(message);
    if (status === 400) expect(Object.keys(error.fieldErrors).length).toBeGreaterThan(0);
    expect(await rowCounts()).toEqual(before);
  });

  it('names the field in fieldErrors', async () => {
    const { token } = await startSession();
    const response = await send(token, { clientMessageId: randomUUID(), text: 'x'.repeat(4001) });
    expect((await errorOf(response)).fieldErrors).toEqual({ text: [expect.stringMatching(/^must be at most 4000 characters/)] });
  });
});

describe('sending a message', () => {
  it('stores it as the visitor’s message and starts the dialog workflow', async () => {
    const session = await startSession();
    const clientMessageId = randomUUID();
    const response = await send(session.token, { clientMessageId, text: '  My bike has a flat tyre  ' });
    expect(response.status).toBe(202);
    const result = (await response.json()) as WidgetSendResult;

    const stored = await worker.db.selectFrom('messages').selectAll().where('id', '=', result.messageId).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ dialog_id: result.dialogId, author_kind: 'client', text: 'My bike has a flat tyre', external_id: clientMessageId });
    const identity = await worker.db.selectFrom('contact_identities').selectAll().where('external_id', '=', session.visitorId).executeTakeFirstOrThrow();
    const dialog = await worker.db.selectFrom('dialogs').selectAll().where('id', '=', result.dialogId).executeTakeFirstOrThrow();
    expect(dialog.contact_id).toBe(identity.contact_id);

    const state = await waitForState(worker.client, result.dialogId, (s) => s.offeredTo.includes(operator.id));
    expect(state.dialogId).toBe(result.dialogId);
    await expect(worker.client.workflow.getHandle(dialogWorkflowId(result.dialogId)).query(stateQuery)).resolves.toMatchObject({ status: 'offered' });
  });

  it('stores a message sent twice with the same clientMessageId once', async () => {
    const session = await startSession();
    const body = { clientMessageId: randomUUID(), text: 'Are you open on Sunday?' };
    const first = (await (await send(session.token, body)).json()) as WidgetSendResult;
    const retry = await send(session.token, body);
    expect(retry.status).toBe(202);
    expect(await retry.json()).toEqual(first);
    const copies = await worker.db.selectFrom('messages').select('id').where('external_id', '=', body.clientMessageId).execute();
    expect(copies).toHaveLength(1);
  });

  it('answers 202 when Temporal is unreachable: the message and its pending signal are stored, and the outbox delivers it', async () => {
    const unreachable = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1' }) });
    const session = await startSession();
    const body = { clientMessageId: randomUUID(), text: 'Is anyone there?' };

    const accepted = await send(session.token, body, channelKey, { temporal: unreachable, temporalTimeoutMs: 1_500 });
    expect(accepted.status).toBe(202);
    const result = (await accepted.json()) as WidgetSendResult;
    const stored = await worker.db.selectFrom('messages').select(['id', 'dialog_id']).where('external_id', '=', body.clientMessageId).executeTakeFirstOrThrow();
    expect(result).toEqual({ messageId: stored.id, dialogId: stored.dialog_id });
    const pending = await worker.db.selectFrom('inbound_outbox').selectAll().where('message_id', '=', stored.id).executeTakeFirstOrThrow();
    expect(pending).toMatchObject({ dialog_id: stored.dialog_id, attempts: 1, last_error: expect.any(String) });

    // The widget's own retry is a re-delivery: answered the same, and it signals nothing itself.
    const retried = await send(session.token, body);
    expect(retried.status).toBe(202);
    expect(await retried.json()).toEqual(result);
    await expect(worker.client.workflow.getHandle(dialogWorkflowId(stored.dialog_id)).describe()).rejects.toBeInstanceOf(WorkflowNotFoundError);

    // The worker's sweeper delivers it once its back-off has passed.
    await eventually(async () => (await deliverDueMessages(deps)).delivered > 0);
    await waitForState(worker.client, stored.dialog_id, (s) => s.offeredTo.includes(operator.id));
    expect(await worker.db.selectFrom('inbound_outbox').select('message_id').where('message_id', '=', stored.id).execute()).toEqual([]);
    await unreachable.connection.close();
  });

  it('refuses another visitor’s clientMessageId with 409, revealing nothing of their dialog', async () => {
    const body = { clientMessageId: randomUUID(), text: 'Mine' };
    expect((await send((await startSession()).token, body)).status).toBe(202);

    const response = await send((await startSession()).token, { ...body, text: 'Theirs?' });

    expect(response.status).toBe(409);
    const error = await errorOf(response);
    expect(error.fieldErrors).toEqual({ clientMessageId: [expect.stringMatching(/already in use/)] });
    expect(JSON.stringify(error)).not.toMatch(/dialog \d/);
  });

});

describe('history and rating', () => {
  it('shows the visitor their conversation without hidden notes, and takes their rating once', async () => {
    const session = await startSession();
    const other = await startSession();
    expect(await history(session.token)).toEqual({ messages: [], dialog: null });

    const sent = (await (await send(session.token, { clientMessageId: randomUUID(), text: 'Where is my order?' })).json()) as WidgetSendResult;
    await waitForState(worker.client, sent.dialogId, (s) => s.offeredTo.includes(operator.id));
    const handle = worker.client.workflow.getHandle(dialogWorkflowId(sent.dialogId));

    // Rating before anyone asked for it is refused by the workflow.
    const early = await handleRateDialog(deps, request('POST', `/${channelKey}/rating`, { token: session.token, body: { dialogId: sent.dialogId, rating: 'like' } }), channelKey);
    expect(early.status).toBe(409);
    expect((await errorOf(early)).message).toMatch(/No rating was requested/);

    await handle.executeUpdate(replyUpdate, { args: [{ operatorId: operator.id, text: 'It ships tomorrow.' }] });
    const dialog = await worker.db.selectFrom('dialogs').select('channel_id').where('id', '=', sent.dialogId).executeTakeFirstOrThrow();
    await insertOutgoingMessage(worker.db, {
      dialogId: sent.dialogId,
      channelId: dialog.channel_id,
      authorKind: 'operator',
      authorUserId: operator.id,
      text: 'Internal: customer is impatient',
      hidden: true,
    });

    const seen = await history(session.token);
    const texts = seen.messages.map((m) => m.text);
    expect(texts).toContain('Where is my order?');
    expect(texts).toContain('It ships tomorrow.');
    expect(texts).not.toContain('Internal: customer is impatient');
    expect(seen.messages.find((m) => m.text === 'It ships tomorrow.')).toMatchObject({ authorKind: 'operator', authorName: 'Olga Operator', dialogId: sent.dialogId });
    expect(seen.messages.find((m) => m.text === 'Where is my order?')).toMatchObject({ authorKind: 'client', authorName: null });
    expect(seen.dialog).toMatchObject({ dialogId: sent.dialogId, status: 'waiting_client', ratingRequested: false, rated: false, ratingPending: false, queue: null });

    // Another visitor sees none of it.
    expect((await history(other.token)).messages).toEqual([]);

    await handle.executeUpdate(closeUpdate, { args: [{ userId: operator.id }] });
    const afterClose = await eventually(async () => {
      const h = await history(session.token);
      return h.dialog?.ratingRequested ? h : undefined;
    });
    expect(afterClose.dialog).toMatchObject({ status: 'closed', ratingRequested: true, ratingPending: true, ratingScale: 'like_dislike', rated: false });
    expect(afterClose.messages.at(-1)?.extras.ratingRequest).toEqual({ scale: 'like_dislike' });

    const rate = (token: string, body: unknown) => handleRateDialog(deps, request('POST', `/${channelKey}/rating`, { token, body }), channelKey);
    expect((await rate(other.token, { dialogId: sent.dialogId, rating: 'like' })).status).toBe(404);
    const badValue = await rate(session.token, { dialogId: sent.dialogId, rating: 7 });
    expect(badValue.status).toBe(400);
    expect((await errorOf(badValue)).fieldErrors).toHaveProperty('rating');
    const wrongScale = await rate(session.token, { dialogId: sent.dialogId, rating: 5 });
    expect(wrongScale.status).toBe(409);

    const rated = await rate(session.token, { dialogId: sent.dialogId, rating: 'like' });
    expect(rated.status).toBe(200);
    expect(await rated.json()).toEqual({ dialogId: sent.dialogId, rating: 'like' });
    const row = await worker.db.selectFrom('dialogs').select('rating').where('id', '=', sent.dialogId).executeTakeFirstOrThrow();
    expect(row.rating).toBe('like');
    const again = await rate(session.token, { dialogId: sent.dialogId, rating: 'dislike' });
    expect(again.status).toBe(409);
    expect((await errorOf(again)).message).toMatch(/already been rated/);

    const final = await history(session.token);
    expect(final.dialog).toMatchObject({ rated: true, rating: 'like', ratingPending: false });
  });
});

describe('operator data shown to the client (SPEC §3)', () => {
  /** A visitor on a new line set to `operatorDisplay` gets one answer from Olga; what their history shows. */
  async function operatorAnswerSeenOn(operatorDisplay: { mode: 'line' | 'hidden'; name?: string }) {
    const { channelKey: key } = await createLine(worker.db, { operators: [operator.id], name: `Line showing ${operatorDisplay.mode}`, settings: { operatorDisplay } });
    const session = await startSession(key);
    const sent = (await (await send(session.token, { clientMessageId: randomUUID(), text: 'Who am I talking to?' }, key)).json()) as WidgetSendResult;
    await waitForState(worker.client, sent.dialogId, (s) => s.offeredTo.includes(operator.id));
    await worker.client.workflow.getHandle(dialogWorkflowId(sent.dialogId)).executeUpdate(replyUpdate, { args: [{ operatorId: operator.id, text: 'Happy to help.' }] });
    return (await history(session.token, key)).messages.find((m) => m.text === 'Happy to help.');
  }

  it('shows every operator under the line’s name when the line answers as one', async () => {
    expect(await operatorAnswerSeenOn({ mode: 'line', name: 'Acme Support' })).toMatchObject({ authorKind: 'operator', authorName: 'Acme Support' });
  });

  it('shows no operator name when the line hides who answers', async () => {
    expect(await operatorAnswerSeenOn({ mode: 'hidden' })).toMatchObject({ authorKind: 'operator', authorName: null });
  });
});

describe('the waiting queue (SPEC §4 rule 3)', () => {
  it('shows each queued visitor their place and an estimated wait, and nothing once offered', async () => {
    // The line's only operator is offline, so every dialog stays queued.
    const offline = await createUser(worker.db, 'manager', 'Otto Offline', { atWork: false });
    const { lineId, channelKey: queueKey } = await createLine(worker.db, { operators: [offline.id], name: 'Queue line' });
    const visitors: WidgetSession[] = [];
    const dialogIds: number[] = [];
    for (const text of ['First in line', 'Second in line', 'Third in line']) {
      const session = await startSession(queueKey);
      const response = await send(session.token, { clientMessageId: randomUUID(), text }, queueKey);
      expect(response.status).toBe(202);
      visitors.push(session);
      dialogIds.push(((await response.json()) as WidgetSendResult).dialogId);
    }
    await eventually(async () => {
      const rows = await worker.db.selectFrom('dialogs').select('status').where('id', 'in', dialogIds).execute();
      return rows.length === 3 && rows.every((r) => r.status === 'queued');
    });
    const [first, second, third] = visitors as [WidgetSession, WidgetSession, WidgetSession];

    // No dialog of this line was ever accepted: the place, but no time.
    expect((await history(third.token, queueKey)).dialog).toMatchObject({ dialogId: dialogIds[2], status: 'queued', queue: { position: 3, estimatedMinutes: null } });
    expect((await history(first.token, queueKey)).dialog?.queue).toEqual({ position: 1, estimatedMinutes: null });

    // An earlier client's dialog on the line waited 2 minutes before it was taken: about 2 minutes per place.
    const { channel_id: channelId } = await worker.db.selectFrom('dialogs').select('channel_id').where('id', '=', dialogIds[0]!).executeTakeFirstOrThrow();
    const { id: contactId } = await worker.db.insertInto('contacts').values({ name: 'An earlier client' }).returning('id').executeTakeFirstOrThrow();
    const hourAgo = new Date(Date.now() - 3_600_000);
    await worker.db
      .insertInto('dialogs')
      .values({
        line_id: lineId,
        channel_id: channelId,
        contact_id: contactId,
        status: 'closed',
        close_reason: 'operator',
        created_at: hourAgo,
        updated_at: hourAgo,
        accepted_at: new Date(hourAgo.getTime() + 120_000),
        closed_at: new Date(hourAgo.getTime() + 600_000),
      })
      .execute();
    expect((await history(first.token, queueKey)).dialog?.queue).toEqual({ position: 1, estimatedMinutes: 2 });
    expect((await history(second.token, queueKey)).dialog?.queue).toEqual({ position: 2, estimatedMinutes: 4 });
    expect((await history(third.token, queueKey)).dialog?.queue).toEqual({ position: 3, estimatedMinutes: 6 });

    // A dialog of a line with an operator at work is offered at once: no queue to show.
    const served = await startSession();
    const sent = (await (await send(served.token, { clientMessageId: randomUUID(), text: 'Anyone there?' })).json()) as WidgetSendResult;
    await waitForState(worker.client, sent.dialogId, (s) => s.offeredTo.includes(operator.id));
    expect((await history(served.token)).dialog).toMatchObject({ dialogId: sent.dialogId, status: 'offered', queue: null });
  });
});
