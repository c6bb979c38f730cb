import { createHash, randomUUID } from 'node:crypto';
import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { apiScopes, type ApiScope } from '../../domain/api-scopes';
import { leadBotExample } from '../../domain/flows/examples';
import { handleApiRequest } from '../../web/server/api/handle';
import { buildOpenApiDocument } from '../../web/server/api/openapi';
import { apiOperations } from '../../web/server/api/operations';
import { createInnerContext } from '../../web/server/trpc/init';
import { sendClientMessage, waitForState } from '../support/dialogs';
import { TEST_SECRET } from '../support/env';
import { createLine, createUser } from '../support/fixtures';
import { useTestWorker } from '../support/worker';
import { apiAs, insertDialog, manualLiveBus, PUBLIC_URL, rejection, sessionUser } from '../web/helpers';

/** The public REST API (issue 12 item 3): keys and scopes, every operation, paging, errors, rate limits. */
const testWorker = useTestWorker();
const deps = () => ({ db: testWorker.worker.db, temporal: testWorker.worker.client, taskQueue: testWorker.worker.taskQueue });

interface Answer {
  status: number;
  headers: Headers;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- the JSON of many operations
  body: any;
}

async function call(token: string | null, method: string, path: string, options: { body?: unknown; rawBody?: string; ratePerMinute?: number } = {}): Promise<Answer> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const body = options.rawBody ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const response = await handleApiRequest(new Request(`${PUBLIC_URL}/api/v1${path}`, { method, headers, body }), {
    operations: apiOperations,
    ratePerMinute: options.ratePerMinute ?? 10_000,
    context: () => createInnerContext({ ...deps(), liveBus: manualLiveBus(), user: null, publicUrl: PUBLIC_URL, appSecret: TEST_SECRET }),
  });
  return { status: response.status, headers: response.headers, body: await response.json() };
}

async function newKey(scopes: readonly ApiScope[] = apiScopes) {
  const admin = await createUser(testWorker.worker.db, 'admin', `Admin ${randomUUID().slice(0, 4)}`);
  const created = await apiAs(deps(), sessionUser(admin, 'admin')).apiKeys.create({ name: 'CRM sync', scopes: [...scopes] });
  return { admin, token: created.token, key: created.key };
}

async function allPages(token: string, path: string, limit: number): Promise<number[]> {
  const ids: number[] = [];
  let cursor: string | null = null;
  for (let pages = 0; pages < 50; pages++) {
    const separator = path.includes('?') ? '&' : '?';
    const answer: Answer = await call(token, 'GET', `${path}${separator}limit=${limit}${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`);
    expect(answer.status).toBe(200);
    expect(answer.body.data.length).toBeLessThanOrEqual(limit);
    ids.push(...answer.body.data.map((item: { id: number }) => item.id));
    cursor = answer.body.next_cursor;
    if (!cursor) return ids;
  }
  throw new Error('paging never ended');
}

describe('API keys', () => {
  it('are created by admins with scopes, shown once, stored hashed, stamped on use and revoked', async () => {
    const { admin, token, key } = await newKey(['lines:read']);
    expect(token).toMatch(/^ol_[A-Za-z0-9_-]{43}$/);
    expect(key).toMatchObject({ name: 'CRM sync', scopes: ['lines:read'], prefix: token.slice(0, 9), lastUsedAt: null, revokedAt: null, createdByName: admin.name });
    const row = await testWorker.worker.db.selectFrom('api_keys').selectAll().where('id', '=', key.id).executeTakeFirstOrThrow();
    expect(row.token_hash).toBe(createHash('sha256').update(token).digest('hex'));
    expect(JSON.stringify(row)).not.toContain(token);
    const admins = apiAs(deps(), sessionUser(admin, 'admin'));
    expect(JSON.stringify(await admins.apiKeys.list())).not.toContain(token);

    expect((await call(token, 'GET', '/lines')).status).toBe(200);
    expect((await admins.apiKeys.list()).find((k) => k.id === key.id)?.lastUsedAt).toBeInstanceOf(Date);

    await admins.apiKeys.revoke({ keyId: key.id });
    const revoked = await call(token, 'GET', '/lines');
    expect(revoked.status).toBe(401);
    expect(revoked.body.error).toMatchObject({ code: 'UNAUTHORIZED', field: 'Authorization' });
    expect(revoked.body.error.message).toMatch(/revoked/);
    expect((await rejection(admins.apiKeys.revoke({ keyId: key.id }))).code).toBe('NOT_FOUND');
  });

  it('are refused to managers and directors, and a key without a name or scopes names the field', async () => {
    const manager = await createUser(testWorker.worker.db, 'manager');
    expect((await rejection(apiAs(deps(), sessionUser(manager, 'manager')).apiKeys.create({ name: 'x', scopes: ['lines:read'] }))).code).toBe('FORBIDDEN');
    const admin = await createUser(testWorker.worker.db, 'admin');
    const refused = await rejection(apiAs(deps(), sessionUser(admin, 'admin')).apiKeys.create({ name: 'x', scopes: [] }));
    expect(refused.message).toMatch(/scopes: choose at least one scope/);
  });

  it('answers 401 without a key or with an unknown one, and stops working when its admin is no longer an admin', async () => {
    const none = await call(null, 'GET', '/lines');
    expect(none.status).toBe(401);
    expect(none.body.error.message).toMatch(/Authorization: Bearer ol_/);
    expect((await call(`ol_${'A'.repeat(43)}`, 'GET', '/lines')).status).toBe(401);
    expect((await call('not-a-key', 'GET', '/lines')).status).toBe(401);

    const { admin, token } = await newKey(['lines:read']);
    await testWorker.worker.db.updateTable('users').set({ role: 'manager' }).where('id', '=', admin.id).execute();
    const demoted = await call(token, 'GET', '/lines');
    expect(demoted.status).toBe(401);
    expect(demoted.body.error.message).toMatch(/no longer an active admin/);
  });

  it('answers 403 naming the scope an operation needs when the key lacks it', async () => {
    const { token } = await newKey(['lines:read']);
    for (const [method, path] of [
      ['GET', '/dialogs'],
      ['POST', '/lines'],
      ['GET', '/operators'],
      ['GET', '/contacts'],
      ['GET', '/flows'],
      ['POST', '/flows/1/publish'],
    ] as const) {
      const answer = await call(token, method, path, { body: method === 'POST' ? { name: 'x' } : undefined });
      expect(answer.status, `${method} ${path}`).toBe(403);
      expect(answer.body.error.code).toBe('FORBIDDEN');
      expect(answer.body.error.message).toMatch(/lacks the scope (dialogs:read|lines:manage|operators:read|contacts:read|flows:read|flows:publish)/);
    }
  });

  it('limits requests per key with 429 and Retry-After', async () => {
    const { token } = await newKey(['lines:read']);
    for (let i = 0; i < 3; i++) expect((await call(token, 'GET', '/lines', { ratePerMinute: 3 })).status).toBe(200);
    const limited = await call(token, 'GET', '/lines', { ratePerMinute: 3 });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe('TOO_MANY_REQUESTS');
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    // Another key has its own budget.
    const other = await newKey(['lines:read']);
    expect((await call(other.token, 'GET', '/lines', { ratePerMinute: 3 })).status).toBe(200);
  });
});

describe('API operations', () => {
  it('lists lines with channels and creates a line; a bad name is refused naming the field', async () => {
    const { token } = await newKey();
    const line = await createLine(testWorker.worker.db, { name: 'Support API' });
    const listed = await call(token, 'GET', '/lines');
    expect(listed.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ id: line.lineId, name: 'Support API', channels: [expect.objectContaining({ id: line.channelId, kind: 'widget' })] })]));
    const created = await call(token, 'POST', '/lines', { body: { name: 'From the API' } });
    expect(created.status).toBe(201);
    expect((await call(token, 'GET', '/lines')).body.data.map((l: { id: number }) => l.id)).toContain(created.body.id);
    const bad = await call(token, 'POST', '/lines', { body: { name: '' } });
    expect(bad.status).toBe(400);
    expect(bad.body.error).toMatchObject({ code: 'BAD_REQUEST', field: 'name' });
    const notJson = await call(token, 'POST', '/lines', { rawBody: '{"name":' });
    expect(notJson.body.error).toMatchObject({ code: 'BAD_REQUEST', field: 'body' });
  });

  it('lists dialogs with the history filters and pages through them by keyset; bad filters name the field', async () => {
    const { token } = await newKey();
    const operator = await createUser(testWorker.worker.db, 'manager');
    const line = await createLine(testWorker.worker.db, { operators: [operator.id] });
    const at = { lineId: line.lineId, channelId: line.channelId };
    const queued = [];
    for (let i = 0; i < 5; i++) queued.push(await insertDialog(testWorker.worker.db, { ...at, status: 'queued', text: `Parcel question ${i}` }));
    const closed = await insertDialog(testWorker.worker.db, { ...at, status: 'closed', operatorId: operator.id, text: 'Refund please' });

    const pagedIds = await allPages(token, `/dialogs?lineId=${line.lineId}`, 2);
    expect(pagedIds.sort()).toEqual([...queued, closed].sort());
    const onlyQueued = await call(token, 'GET', `/dialogs?lineId=${line.lineId}&statuses=queued&statuses=offered`);
    expect(onlyQueued.body.data.map((d: { id: number }) => d.id).sort()).toEqual([...queued].sort());
    const search = await call(token, 'GET', `/dialogs?lineId=${line.lineId}&q=refund`);
    expect(search.body.data).toEqual([expect.objectContaining({ id: closed, status: 'closed', operator: { id: operator.id, name: operator.name } })]);

    const badLine = await call(token, 'GET', '/dialogs?lineId=abc');
    expect(badLine.status).toBe(400);
    expect(badLine.body.error).toMatchObject({ field: 'lineId' });
    const badRange = await call(token, 'GET', '/dialogs?createdFrom=2026-12-05&createdTo=2026-12-01');
    expect(badRange.body.error).toMatchObject({ field: 'createdTo' });
    expect(badRange.body.error.message).toMatch(/swap the two dates/);
    expect((await call(token, 'GET', '/dialogs?limit=500')).body.error).toMatchObject({ field: 'limit' });
  });

  it('gets one dialog and its messages page by page; an unknown dialog is 404', async () => {
    const { token } = await newKey();
    const line = await createLine(testWorker.worker.db);
    const dialogId = await insertDialog(testWorker.worker.db, { lineId: line.lineId, channelId: line.channelId, status: 'queued', contactName: 'Olga', text: 'First' });
    for (const text of ['Second', 'Third', 'Fourth']) {
      await testWorker.worker.db.insertInto('messages').values({ dialog_id: dialogId, channel_id: line.channelId, author_kind: 'client', text }).execute();
    }
    const dialog = await call(token, 'GET', `/dialogs/${dialogId}`);
    expect(dialog.body).toMatchObject({ id: dialogId, status: 'queued', line: { id: line.lineId }, contact: { name: 'Olga' }, operator: null });
    const first = await call(token, 'GET', `/dialogs/${dialogId}/messages?limit=3`);
    expect(first.body.data.map((m: { text: string }) => m.text)).toEqual(['First', 'Second', 'Third']);
    const rest = await call(token, 'GET', `/dialogs/${dialogId}/messages?limit=3&cursor=${first.body.next_cursor}`);
    expect(rest.body).toMatchObject({ data: [{ text: 'Fourth', authorKind: 'client' }], next_cursor: null });
    expect((await call(token, 'GET', `/dialogs/${dialogId}/messages?cursor=%%%`)).body.error).toMatchObject({ field: 'cursor' });

    const missing = await call(token, 'GET', '/dialogs/2147483000');
    expect(missing.status).toBe(404);
    expect(missing.body.error).toMatchObject({ code: 'NOT_FOUND', field: 'dialogId' });
    expect((await call(token, 'GET', '/dialogs/0')).body.error).toMatchObject({ code: 'BAD_REQUEST', field: 'dialogId' });
    expect((await call(token, 'GET', '/nothing-here')).status).toBe(404);
    const wrongMethod = await call(token, 'DELETE', '/lines');
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('GET, POST');
  });

  it('sends a message through the operator reply path: the workflow accepts the dialog and stores the reply once', async () => {
    const { admin, token } = await newKey(['messages:send', 'dialogs:read']);
    // The key's admin works the line: the dialog is offered to them, and the API's answer accepts it, as in the inbox.
    const line = await createLine(testWorker.worker.db, { operators: [admin.id], settings: { greeting: { enabled: false } } });
    const { dialogId } = await sendClientMessage(deps(), line.channelId, { text: 'Where is my order?' });
    await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.includes(admin.id));

    const clientMessageId = randomUUID();
    const sent = await call(token, 'POST', `/dialogs/${dialogId}/messages`, { body: { text: '  It ships today.  ', clientMessageId } });
    expect(sent.body).toMatchObject({ messageId: expect.any(Number) });
    expect(sent.status).toBe(201);
    const again = await call(token, 'POST', `/dialogs/${dialogId}/messages`, { body: { text: '  It ships today.  ', clientMessageId } });
    expect(again.body.messageId).toBe(sent.body.messageId);
    const stored = await testWorker.worker.db.selectFrom('messages').selectAll().where('id', '=', sent.body.messageId).executeTakeFirstOrThrow();
    expect(stored).toMatchObject({ author_kind: 'operator', author_user_id: admin.id, text: 'It ships today.' });
    const state = await waitForState(testWorker.worker.client, dialogId, (s) => s.operatorId === admin.id);
    expect(state.operatorId).toBe(admin.id);
    const messages = await call(token, 'GET', `/dialogs/${dialogId}/messages`);
    expect(messages.body.data.map((m: { text: string }) => m.text)).toEqual(['Where is my order?', 'It ships today.']);

    const empty = await call(token, 'POST', `/dialogs/${dialogId}/messages`, { body: { text: '   ' } });
    expect(empty.status).toBe(400);
    expect(empty.body.error).toMatchObject({ field: 'text' });
    expect((await call(token, 'POST', `/dialogs/${dialogId}/messages`, { body: { text: 'Hi', clientMessageId: 'nope' } })).body.error).toMatchObject({ field: 'clientMessageId' });
  });

  it('lists operators with presence and sets an operator’s presence', async () => {
    const { token } = await newKey();
    const operator = await createUser(testWorker.worker.db, 'manager', 'Presence Pavel');
    const before = await call(token, 'GET', '/operators');
    expect(before.body.data).toEqual(expect.arrayContaining([expect.objectContaining({ id: operator.id, name: 'Presence Pavel', presence: 'online', available: true })]));
    const set = await call(token, 'PUT', `/operators/${operator.id}/presence`, { body: { presence: 'away' } });
    expect(set).toMatchObject({ status: 200, body: { presence: 'away' } });
    const after = await call(token, 'GET', '/operators');
    expect(after.body.data.find((u: { id: string }) => u.id === operator.id)).toMatchObject({ presence: 'away', available: false });
    expect((await call(token, 'PUT', `/operators/${operator.id}/presence`, { body: { presence: 'asleep' } })).body.error).toMatchObject({ field: 'presence' });
    expect((await call(token, 'PUT', '/operators/nobody/presence', { body: { presence: 'online' } })).status).toBe(404);
  });

  it('lists contacts with their channel identities, page by page', async () => {
    const { token } = await newKey();
    const line = await createLine(testWorker.worker.db);
    const dialogIds = [];
    for (let i = 0; i < 3; i++) dialogIds.push(await insertDialog(testWorker.worker.db, { lineId: line.lineId, channelId: line.channelId, status: 'queued', contactName: `Client ${i}` }));
    const contactIds = await testWorker.worker.db.selectFrom('dialogs').select('contact_id').where('id', 'in', dialogIds).execute();
    const all = await allPages(token, '/contacts', 2);
    expect(all).toEqual(expect.arrayContaining(contactIds.map((c) => c.contact_id)));
    expect(new Set(all).size).toBe(all.length);
    const first = await call(token, 'GET', '/contacts?limit=100');
    const contact = first.body.data.find((c: { id: number }) => c.id === contactIds[0]?.contact_id);
    expect(contact.identities).toEqual([expect.objectContaining({ channelId: line.channelId, channelKind: 'widget' })]);
  });

  it('lists flows and publishes a draft through the flows service', async () => {
    const { admin, token } = await newKey();
    const admins = apiAs(deps(), sessionUser(admin, 'admin'));
    const { id } = await admins.flows.create({ name: 'API bot', kind: 'bot' });
    expect((await call(token, 'GET', '/flows')).body.data).toEqual(expect.arrayContaining([expect.objectContaining({ id, name: 'API bot', publishedVersion: null })]));
    // An unfinished draft is refused with the editor's own problems.
    const refused = await call(token, 'POST', `/flows/${id}/publish`);
    expect(refused.status).toBe(400);
    expect(refused.body.error.message).toMatch(/Cannot publish/);
    await admins.flows.saveDraft({ flowId: id, document: leadBotExample });
    const published = await call(token, 'POST', `/flows/${id}/publish`);
    expect(published).toMatchObject({ status: 200, body: { version: 1 } });
    expect((await call(token, 'GET', '/flows')).body.data.find((f: { id: number }) => f.id === id)).toMatchObject({ publishedVersion: 1 });
    expect((await call(token, 'POST', '/flows/2147483000/publish')).status).toBe(404);
  });
});

describe('OpenAPI document', () => {
  it('is a valid OpenAPI 3.1 document naming every operation with its scope', async () => {
    const document = buildOpenApiDocument(apiOperations, PUBLIC_URL);
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(validator.version).toBe('3.1');
    const operations = Object.values(document.paths).flatMap((path) => Object.values(path) as { operationId: string; security: unknown }[]);
    expect(operations.map((o) => o.operationId).sort()).toEqual(apiOperations.map((o) => o.id).sort());
    expect(operations.find((o) => o.operationId === 'sendMessage')?.security).toEqual([{ apiKey: ['messages:send'] }]);
  });
});
