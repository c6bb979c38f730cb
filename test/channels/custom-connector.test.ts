import { describe, expect, it } from 'vitest';
import { PermanentSendFailure, WebhookRejected, type OutboundMessage } from '../../channels/connector';
import { customConnector } from '../../channels/custom/connector';
import { customSettingsSchema } from '../../channels/custom/settings';
import { connectors } from '../../channels/registry';
import { settingsForms } from '../../channels/settings-forms';
import { signConnectorBody } from '../support/fake-connector';
import { useConnectorChannel } from '../support/fake-connector-channel';

// The connector on its own, against an outside system on 127.0.0.1; the product around it is
// exercised end to end in custom-e2e.test.ts.

const SECRET = 'connector-test-secret-0123456789abcdef0123';
const under = useConnectorChannel({ secret: SECRET, key: 'shop-bridge' });
const webhookRequest = under.webhookRequest;

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

  it('asks for a signing secret the admin can give their system, and names the field of a bad URL', () => {
    const blank = customSettingsSchema.safeParse({ webhookUrl: 'https://example.test/hook', signingSecret: '' });
    expect(blank.error?.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`)).toEqual([
      'signingSecret: must be at least 32 characters: generate one (e.g. openssl rand -hex 32) and give the same value to your system',
    ]);
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
    const outcome = await customConnector.handleWebhook!(under.channel, webhookRequest(body, signConnectorBody(SECRET, body)), { fetch });
    expect(outcome.response?.status).toBe(200);
    expect(outcome.messages).toHaveLength(2);
    expect(outcome.messages[0]).toMatchObject({ externalMessageId: 'm-1', sender: { externalId: 'client-1', name: 'Ann', email: 'ann@example.test' }, text: 'Where is my order?' });
    expect(outcome.messages[1]?.text).toBe('');
    expect(Buffer.from(outcome.messages[1]!.attachments![0]!.data).toString()).toBe('paid');
    expect(outcome.receipts).toEqual([{ externalMessageId: '4242', status: 'delivered', error: undefined }]);
  });

  it('refuses unsigned, forged, stale and replayed-late deliveries with 401', async () => {
    const body = JSON.stringify({ messages: [{ id: 'm-3', sender: { id: 'client-1' }, text: 'hi' }] });
    expect((await rejection(customConnector.handleWebhook!(under.channel, webhookRequest(body, null), { fetch }))).status).toBe(401);
    const forged = signConnectorBody('another-secret-0123456789abcdef0123456', body);
    expect((await rejection(customConnector.handleWebhook!(under.channel, webhookRequest(body, forged), { fetch }))).status).toBe(401);
    const tampered = signConnectorBody(SECRET, body.replace('hi', 'hello'));
    expect((await rejection(customConnector.handleWebhook!(under.channel, webhookRequest(body, tampered), { fetch }))).status).toBe(401);
    const sixMinutesAgo = Math.floor(Date.now() / 1000) - 6 * 60;
    const stale = await rejection(customConnector.handleWebhook!(under.channel, webhookRequest(body, signConnectorBody(SECRET, body, sixMinutesAgo)), { fetch }));
    expect(stale.status).toBe(401);
    expect(stale.message).toMatch(/timestamp/);
  });

  it('refuses a malformed delivery with 400 naming the field', async () => {
    const notJson = '{"messages": [';
    expect((await rejection(customConnector.handleWebhook!(under.channel, webhookRequest(notJson, signConnectorBody(SECRET, notJson)), { fetch }))).status).toBe(400);
    const noSender = JSON.stringify({ messages: [{ id: 'm-4', text: 'hi' }] });
    const refused = await rejection(customConnector.handleWebhook!(under.channel, webhookRequest(noSender, signConnectorBody(SECRET, noSender)), { fetch }));
    expect(refused.status).toBe(400);
    expect(refused.message).toContain('messages.0.sender');
    const empty = JSON.stringify({});
    expect((await rejection(customConnector.handleWebhook!(under.channel, webhookRequest(empty, signConnectorBody(SECRET, empty)), { fetch }))).message).toContain('at least one message or receipt');
  });

  it('posts a message to the webhook signed, with its idempotency key, and keeps the id the system answers with', async () => {
    under.fake.respondWith({ status: 200, body: JSON.stringify({ id: 'sys-77' }) });
    const result = await customConnector.send(under.channel, outbound, under.context);
    expect(result.externalMessageId).toBe('sys-77');
    const event = under.fake.received.at(-1)!;
    expect(event.signatureValid).toBe(true);
    expect(event.headers['idempotency-key']).toBe('deliver-4242');
    expect(event.json).toEqual({
      event: 'message',
      channel: 'shop-bridge',
      message: { id: '4242', dialogId: 99, recipient: { id: 'client-1' }, text: 'Your order ships today.', author: { kind: 'operator', name: 'Olga' } },
    });
  });

  it('uses our id of the message when the system answers without one', async () => {
    under.fake.respondWith({ status: 202 });
    expect((await customConnector.send(under.channel, outbound, under.context)).externalMessageId).toBe('4242');
  });

  it('gives up on a 4xx, and leaves 408, 429 and 5xx to be retried', async () => {
    under.fake.respondWith({ status: 404, body: '{"error":"no such user"}' });
    const refused = await customConnector.send(under.channel, outbound, under.context).catch((e: unknown) => e);
    expect(refused).toBeInstanceOf(PermanentSendFailure);
    expect((refused as Error).message).toContain('HTTP 404');
    for (const status of [408, 429, 500, 503]) {
      under.fake.respondWith({ status });
      const error = await customConnector.send(under.channel, outbound, under.context).catch((e: unknown) => e);
      expect(error, `HTTP ${status}`).toBeInstanceOf(Error);
      expect(error, `HTTP ${status}`).not.toBeInstanceOf(PermanentSendFailure);
    }
  });

  it('checks the connection with a signed ping', async () => {
    under.fake.respondWith({ status: 200 });
    expect(await customConnector.checkConnection(under.channel, under.context)).toMatchObject({ ok: true });
    const ping = under.fake.received.at(-1)!;
    expect(ping.json).toEqual({ event: 'ping', channel: 'shop-bridge' });
    expect(ping.signatureValid).toBe(true);
    under.fake.respondWith({ status: 401 });
    expect(await customConnector.checkConnection(under.channel, under.context)).toMatchObject({ ok: false });
    const unreachable = { ...under.channel, settings: { ...under.channel.settings, webhookUrl: 'http://127.0.0.1:9/nothing' } };
    expect(await customConnector.checkConnection(unreachable, under.context)).toMatchObject({ ok: false, error: expect.stringContaining('could not be reached') });
  });
});
