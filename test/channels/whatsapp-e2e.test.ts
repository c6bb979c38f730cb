import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { handleChannelWebhook, type WebhookDeps } from '../../web/server/channels/webhook';
import { createConnectedChannel } from '../support/channels';
import { clientWroteHoursAgo, eventually, waitForState } from '../support/dialogs';
import { TEST_SECRET } from '../support/env';
import { FAKE_WHATSAPP_TOKEN, metaSignature, startFakeWhatsapp, whatsappClientMessage, whatsappWebhookPayload, type FakeWhatsapp } from '../support/fake-whatsapp';
import { createLine, createUser } from '../support/fixtures';
import { useTestWorker } from '../support/worker';
import { apiAs, sessionUser } from '../web/helpers';

/**
 * WhatsApp through the real product: Meta's signed delivery to the channel's webhook route →
 * the inbound path → a dialog workflow offering it to the operator's inbox → the operator's reply
 * (tRPC) → the deliver activity → the Cloud API (a fake on 127.0.0.1) got it; statuses become the
 * message's state; and once the 24-hour window closes, replies are refused and the template goes out.
 */
const PUBLIC_URL = 'http://127.0.0.1:3999';
const testWorker = useTestWorker({ publicUrl: PUBLIC_URL });
const PHONE_NUMBER_ID = '106540352242922';
const APP_SECRET = 'e2e0a3f1c0ffee5ecret0123456789ab';
const client = { waId: '4915112345678', name: 'Greta Client' };

let fake: FakeWhatsapp;
let channelKey: string;
let operator: { id: string; email: string; name: string };

beforeAll(async () => {
  fake = await startFakeWhatsapp({ phoneNumberId: PHONE_NUMBER_ID });
  const db = testWorker.worker.db;
  operator = await createUser(db, 'manager', 'Olga');
  const { lineId } = await createLine(db, { operators: [operator.id], name: 'WhatsApp line' });
  const channel = await createConnectedChannel(db, {
    lineId,
    kind: 'whatsapp',
    name: 'Shop WhatsApp',
    settings: {
      phoneNumberId: PHONE_NUMBER_ID,
      accessToken: FAKE_WHATSAPP_TOKEN,
      appSecret: APP_SECRET,
      verifyToken: 'e2e-verify-token',
      apiBaseUrl: fake.apiBaseUrl,
      templateName: 'follow_up',
      templateLanguage: 'en_US',
    },
  });
  channelKey = channel.key;
});

afterAll(async () => {
  await fake?.close();
});

const db = (): Database => testWorker.worker.db;
const webhookDeps = (): WebhookDeps => ({
  db: db(),
  temporal: testWorker.worker.client,
  taskQueue: testWorker.worker.taskQueue,
  channels: { appSecret: TEST_SECRET, publicUrl: PUBLIC_URL },
});
const api = () => apiAs({ db: db(), temporal: testWorker.worker.client, taskQueue: testWorker.worker.taskQueue }, sessionUser(operator, 'manager'));

function deliver(payload: unknown, signature: 'valid' | 'forged' | 'missing' = 'valid', method = 'POST', query = '') {
  const body = JSON.stringify(payload);
  const headers = new Headers({ 'content-type': 'application/json' });
  if (signature === 'valid') headers.set('x-hub-signature-256', metaSignature(APP_SECRET, body));
  if (signature === 'forged') headers.set('x-hub-signature-256', metaSignature('not-the-app-secret-000000', body));
  const url = `${PUBLIC_URL}/api/channels/${channelKey}/webhook${query}`;
  return handleChannelWebhook(webhookDeps(), new Request(url, method === 'GET' ? { method } : { method, headers, body }), channelKey);
}

async function storedMessage(externalId: string) {
  return db().selectFrom('messages').selectAll().where('external_id', '=', externalId).executeTakeFirst();
}

it('answers Meta’s verification handshake through the webhook route', async () => {
  const answer = await deliver(undefined, 'missing', 'GET', '?hub.mode=subscribe&hub.verify_token=e2e-verify-token&hub.challenge=8675309');
  expect(answer.status).toBe(200);
  expect(await answer.text()).toBe('8675309');
  const wrong = await deliver(undefined, 'missing', 'GET', '?hub.mode=subscribe&hub.verify_token=nope&hub.challenge=1');
  expect(wrong.status).toBe(403);
});

it('refuses forged and unsigned deliveries with 401 and stores nothing', async () => {
  const message = whatsappClientMessage(PHONE_NUMBER_ID, client, { id: 'wamid.forged1', type: 'text', text: { body: 'Forged' } });
  expect((await deliver(message, 'forged')).status).toBe(401);
  expect((await deliver(message, 'missing')).status).toBe(401);
  expect(await storedMessage('wamid.forged1')).toBeUndefined();
  expect(await db().selectFrom('contacts').select('id').where('name', '=', client.name).execute()).toEqual([]);
});

it('takes a client’s message to the operator’s inbox and the operator’s reply to WhatsApp, then closes the window to templates only', async () => {
  const first = whatsappClientMessage(PHONE_NUMBER_ID, client, { id: 'wamid.e2e-first', type: 'text', text: { body: 'Is my parcel on its way?' } });
  expect((await deliver(first)).status).toBe(200);
  // Meta re-delivers when unsure: the same message is stored once.
  expect((await deliver(first)).status).toBe(200);
  const stored = await eventually(() => storedMessage('wamid.e2e-first'));
  const dialogId = stored.dialog_id;
  expect(await db().selectFrom('messages').select('id').where('external_id', '=', 'wamid.e2e-first').execute()).toHaveLength(1);

  await waitForState(testWorker.worker.client, dialogId, (state) => state.offeredTo.includes(operator.id));
  const queue = await api().inbox.list({ tab: 'queue' });
  expect(queue.items.map((item) => item.id)).toContain(dialogId);
  const view = await api().dialogs.get({ dialogId });
  expect(view.contact).toMatchObject({ name: 'Greta Client', phone: '+4915112345678' });
  expect(view.messages.map((m) => m.text)).toContain('Is my parcel on its way?');
  expect(view.replyWindow).toMatchObject({ state: 'open' });

  const { messageId } = await api().dialogs.reply({ dialogId, text: 'Yes, it arrives tomorrow.', clientMessageId: randomUUID() });
  const sent = await eventually(async () => fake.sent.find((m) => (m.text as { body?: string } | undefined)?.body === 'Yes, it arrives tomorrow.'));
  expect(sent).toMatchObject({ messaging_product: 'whatsapp', to: client.waId, type: 'text' });
  const reply = await eventually(async () => {
    const row = await db().selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirstOrThrow();
    return row.external_id ? row : undefined;
  });
  expect(reply.delivery_status).toBe('delivered');

  // Meta's later status says the client's phone refused it: the operator sees why on the message.
  await deliver(whatsappWebhookPayload(PHONE_NUMBER_ID, { statuses: [{ id: reply.external_id, status: 'failed', timestamp: '1', recipient_id: client.waId, errors: [{ code: 131026, title: 'Message undeliverable' }] }] }));
  const failed = (await api().dialogs.get({ dialogId })).messages.find((m) => m.id === messageId);
  expect(failed?.deliveryStatus).toBe('failed');

  // A day later the window is closed: the reply box is off, a reply is refused, the template goes out instead.
  await clientWroteHoursAgo(db(), dialogId, 25);
  const closed = await api().dialogs.get({ dialogId });
  expect(closed.permissions).toMatchObject({ canReply: false, canSendTemplate: true });
  await expect(api().dialogs.reply({ dialogId, text: 'Hello again?' })).rejects.toThrow(/reply window is closed/);
  const sentBefore = fake.sent.length;
  await api().dialogs.sendTemplate({ dialogId, clientMessageId: randomUUID() });
  const template = await eventually(async () => fake.sent.slice(sentBefore).find((m) => m.type === 'template'));
  expect(template).toMatchObject({ to: client.waId, template: { name: 'follow_up', language: { code: 'en_US' } } });
  expect(fake.sent.some((m) => JSON.stringify(m).includes('Hello again?'))).toBe(false);

  // The client answers the template: the window opens again and replies go out as text.
  await deliver(whatsappClientMessage(PHONE_NUMBER_ID, client, { id: 'wamid.e2e-back', type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'yes', title: 'Yes please' } } }));
  await eventually(() => storedMessage('wamid.e2e-back'));
  expect((await api().dialogs.get({ dialogId })).permissions.canReply).toBe(true);
});

it('stores a client’s image with its caption as a file of the dialog', async () => {
  fake.addMedia({ id: '3579', mimeType: 'image/png', data: Buffer.from('png-bytes') });
  const image = whatsappClientMessage(PHONE_NUMBER_ID, client, { id: 'wamid.e2e-image', type: 'image', image: { id: '3579', mime_type: 'image/png', sha256: 'x', caption: 'Broken seal' } });
  expect((await deliver(image)).status).toBe(200);
  const stored = await eventually(() => storedMessage('wamid.e2e-image'));
  expect(stored.text).toBe('Broken seal');
  expect(stored.extras?.attachments).toEqual([expect.objectContaining({ name: 'whatsapp-image-3579.png', mimeType: 'image/png', size: 9 })]);
});
