import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentSendFailure, WebhookRejected, type ConnectedChannel, type OutboundMessage, type SendContext } from '../../channels/connector';
import { customConnector } from '../../channels/custom/connector';
import { customSettingsSchema, type CustomSettings } from '../../channels/custom/settings';
import { connectors } from '../../channels/registry';
import { settingsForms } from '../../channels/settings-forms';
import { createDb, type Database } from '../../db/client';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { signConnectorBody, startFakeConnector, type FakeConnector } from '../support/fake-connector';

// The connector on its own, against an outside system on 127.0.0.1; the product around it is
// exercised end to end in custom-e2e.test.ts.

const SECRET = 'connector-test-secret-0123456789abcdef0123';

let testDb: TestDatabase;
let db: Database;
let fake: FakeConnector;
let channel: ConnectedChannel<CustomSettings>;
let context: SendContext;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = createDb(testDb.url, { max: 2 });
  fake = await startFakeConnector(SECRET);
  channel = {
    id: 7,
    lineId: 1,
    key: 'shop-bridge',
    name: 'Shop bridge',
    settings: customSettingsSchema.parse({ webhookUrl: fake.url, signingSecret: SECRET }),
    publicUrl: 'http://127.0.0.1:3999',
  };
  context = { db, fetch };
});

afterAll(async () => {
  await fake?.close();
  await db?.destroy();
  await testDb?.destroy();
});

function webhookRequest(body: string, signature: string | null, method = 'POST') {
  const headers = new Headers({ 'content-type': 'application/json' });
  if (signature !== null) headers.set('X-Openlines-Signature', signature);
  return { method, url: new URL('http://127.0.0.1:3999/api/channels/shop-bridge/webhook'), headers, rawBody: new TextEncoder().encode(body) };
}

async function rejection(promise: Promise<unknown>): Promise<WebhookRejected> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(WebhookRejected);
  return error as WebhookRejected;
}

const outbound: OutboundMessage = {
  messageId: 4242,
  dialogId: 99,
  idempotencyKey: 'deliver-4242',
  recipientExternalId: 'client-1',
  text: 'Your order ships today.',
  authorKind: 'operator',
  authorName: 'Olga',
};

describe('the custom connector', () => {
  it('is registered with its settings form', () => {
    expect(connectors.custom).toBe(customConnector);
    expect(settingsForms.custom?.secretFields).toEqual(['signingSecret']);
  });

  it('generates a signing secret when the admin leaves it blank, and names the field of a bad URL', () => {
    const generated = customSettingsSchema.parse({ webhookUrl: 'https://example.test/hook', signingSecret: '' });
    expect(generated.signingSecret).toMatch(/^[0-9a-f]{64}$/);
    const bad = customSettingsSchema.safeParse({ webhookUrl: 'ftp://example.test', signingSecret: 'short' });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['webhookUrl', 'signingSecret']);
  });

  it('takes a signed delivery of messages and receipts', async () => {
    const body = JSON.stringify({
      messages: [
        { id: 'm-1', sender: { id: 'client-1', name: 'Ann', email: 'ann@example.test' }, text: 'Where is my order?' },
        { id: 'm-2', sender: { id: 'client-1' }, attachments: [{ name: 'receipt.txt', mimeType: 'text/plain', data: Buffer.from('paid').toString('base64') }] },
      ],
      receipts: [{ messageId: '4242', status: 'delivered' }],
    });
    const outcome = await customConnector.handleWebhook!(channel, webhookRequest(body, signConnectorBody(SECRET, body)));
    expect(outcome.response?.status).toBe(200);
    expect(outcome.messages).toHaveLength(2);
    expect(outcome.messages[0]).toMatchObject({ externalMessageId: 'm-1', sender: { externalId: 'client-1', name: 'Ann', email: 'ann@example.test' }, text: 'Where is my order?' });
    expect(outcome.messages[1]?.text).toBe('');
    expect(Buffer.from(outcome.messages[1]!.attachments![0]!.data).toString()).toBe('paid');
    expect(outcome.receipts).toEqual([{ externalMessageId: '4242', status: 'delivered', error: undefined }]);
  });

  it('refuses unsigned, forged, stale and replayed-late deliveries with 401', async () => {
    const body = JSON.stringify({ messages: [{ id: 'm-3', sender: { id: 'client-1' }, text: 'hi' }] });
    expect((await rejection(customConnector.handleWebhook!(channel, webhookRequest(body, null)))).status).toBe(401);
    const forged = signConnectorBody('another-secret-0123456789abcdef0123456', body);
    expect((await rejection(customConnector.handleWebhook!(channel, webhookRequest(body, forged)))).status).toBe(401);
    const tampered = signConnectorBody(SECRET, body.replace('hi', 'hello'));
    expect((await rejection(customConnector.handleWebhook!(channel, webhookRequest(body, tampered)))).status).toBe(401);
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const stale = await rejection(customConnector.handleWebhook!(channel, webhookRequest(body, signConnectorBody(SECRET, body, sixMinutesAgo))));
    expect(stale.status).toBe(401);
    expect(stale.message).toMatch(/timestamp/);
  });

  it('refuses a malformed delivery with 400 naming the field', async () => {
    const notJson = '{"messages": [';
    expect((await rejection(customConnector.handleWebhook!(channel, webhookRequest(notJson, signConnectorBody(SECRET, notJson))))).status).toBe(400);
    const noSender = JSON.stringify({ messages: [{ id: 'm-4', text: 'hi' }] });
    const refused = await rejection(customConnector.handleWebhook!(channel, webhookRequest(noSender, signConnectorBody(SECRET, noSender))));
    expect(refused.status).toBe(400);
    expect(refused.message).toContain('messages.0.sender');
    const empty = JSON.stringify({});
    expect((await rejection(customConnector.handleWebhook!(channel, webhookRequest(empty, signConnectorBody(SECRET, empty))))).message).toContain('at least one message or receipt');
  });

  it('posts a message to the webhook signed, with its idempotency key, and keeps the id the system answers with', async () => {
    fake.respondWith({ status: 200, body: JSON.stringify({ id: 'sys-77' }) });
    const result = await customConnector.send(channel, outbound, context);
    expect(result.externalMessageId).toBe('sys-77');
    const event = fake.received.at(-1)!;
    expect(event.signatureValid).toBe(true);
    expect(event.headers['idempotency-key']).toBe('deliver-4242');
    expect(event.json).toEqual({
      event: 'message',
      channel: 'shop-bridge',
      message: { id: '4242', dialogId: 99, recipient: { id: 'client-1' }, text: 'Your order ships today.', author: { kind: 'operator', name: 'Olga' } },
    });
  });

  it('uses our id of the message when the system answers without one', async () => {
    fake.respondWith({ status: 202 });
    expect((await customConnector.send(channel, outbound, context)).externalMessageId).toBe('4242');
  });

  it('gives up on a 4xx, and leaves 408, 429 and 5xx to be retried', async () => {
    fake.respondWith({ status: 404, body: '{"error":"no such user"}' });
    const refused = await customConnector.send(channel, outbound, context).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PermanentSendFailure);
    expect((refused as Error).message).toContain('HTTP 404');
    for (const status of [408, 429, 500, 503]) {
      fake.respondWith({ status });
      const error = await customConnector.send(channel, outbound, context).catch((e: unknown) => e);
      expect(error, `HTTP ${status}`).toBeInstanceOf(Error);
      expect(error, `HTTP ${status}`).not.toBeInstanceOf(PermanentSendFailure);
    }
  });

  it('checks the connection with a signed ping', async () => {
    fake.respondWith({ status: 200 });
    expect(await customConnector.checkConnection(channel, context)).toMatchObject({ ok: true });
    const ping = fake.received.at(-1)!;
    expect(ping.json).toEqual({ event: 'ping', channel: 'shop-bridge' });
    expect(ping.signatureValid).toBe(true);
    fake.respondWith({ status: 401 });
    expect(await customConnector.checkConnection(channel, context)).toMatchObject({ ok: false });
    const unreachable = { ...channel, settings: { ...channel.settings, webhookUrl: 'http://127.0.0.1:9/nothing' } };
    expect(await customConnector.checkConnection(unreachable, context)).toMatchObject({ ok: false, error: expect.stringContaining('could not be reached') });
  });
});
