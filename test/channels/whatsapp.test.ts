import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Database } from '../../db/client';
import { insertDialog } from '../../db/queries/dialogs';
import { insertClientMessage } from '../../db/queries/messages';
import { findOrCreateContactByIdentity } from '../../db/queries/contacts';
import { PermanentSendFailure, WebhookRejected, type ConnectedChannel, type OutboundMessage, type WebhookRequest } from '../../channels/connector';
import { whatsappConnector } from '../../channels/whatsapp/connector';
import { whatsappSettingsSchema, type WhatsappSettings } from '../../channels/whatsapp/settings';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { clientWroteHoursAgo } from '../support/dialogs';
import { createChannel, createLine } from '../support/fixtures';
import { FAKE_WHATSAPP_TOKEN, metaSignature, startFakeWhatsapp, whatsappClientMessage, whatsappWebhookPayload, type FakeWhatsapp } from '../support/fake-whatsapp';

const PHONE_NUMBER_ID = '106540352242922';
const APP_SECRET = 'a3f1c0ffee5ecret0123456789abcdef';
const client = { waId: '16315551234', name: 'Kerry Fisher' };

let database: TestDatabase;
let db: Database;
let fake: FakeWhatsapp;
let channel: ConnectedChannel<WhatsappSettings>;
let dialogId: number;

function settings(overrides: Partial<WhatsappSettings> = {}): WhatsappSettings {
  return whatsappSettingsSchema.parse({
    phoneNumberId: PHONE_NUMBER_ID,
    accessToken: FAKE_WHATSAPP_TOKEN,
    appSecret: APP_SECRET,
    verifyToken: 'verify-me-please',
    apiBaseUrl: fake.apiBaseUrl,
    templateName: 'follow_up',
    templateLanguage: 'en_US',
    ...overrides,
  });
}

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  fake = await startFakeWhatsapp({ phoneNumberId: PHONE_NUMBER_ID });
  const { lineId } = await createLine(db);
  const row = await createChannel(db, { lineId, kind: 'whatsapp', key: 'wa-test', name: 'WhatsApp' });
  channel = { id: row.id, lineId, key: row.key, name: 'WhatsApp', settings: settings(), publicUrl: 'http://127.0.0.1:9' };
  const { id: contactId } = await findOrCreateContactByIdentity(db, row.id, client.waId, { name: client.name });
  dialogId = await insertDialog(db, { lineId, channelId: row.id, contactId });
  await insertClientMessage(db, { dialogId, channelId: row.id, externalId: 'wamid.first', text: 'Hi' });
  await clientWroteHoursAgo(db, dialogId, 1);
});

afterAll(async () => {
  await fake?.close();
  await db?.destroy();
  await database?.destroy();
});

function post(body: string, signature?: string): WebhookRequest {
  const headers = new Headers({ 'content-type': 'application/json' });
  if (signature !== undefined) headers.set('x-hub-signature-256', signature);
  return { method: 'POST', url: new URL('http://127.0.0.1/api/channels/wa-test/webhook'), headers, rawBody: new TextEncoder().encode(body) };
}

function signed(payload: unknown): WebhookRequest {
  const body = JSON.stringify(payload);
  return post(body, metaSignature(APP_SECRET, body));
}

async function rejection(promise: Promise<unknown>): Promise<WebhookRejected> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(WebhookRejected);
  return error as WebhookRejected;
}

const handle = (request: WebhookRequest) => whatsappConnector.handleWebhook!(channel, request, { fetch });

describe('webhook verification handshake', () => {
  const verify = (query: string) => handle({ method: 'GET', url: new URL(`http://127.0.0.1/api/channels/wa-test/webhook?${query}`), headers: new Headers(), rawBody: new Uint8Array() });

  it('echoes hub.challenge when the verify token matches', async () => {
    const outcome = await verify('hub.mode=subscribe&hub.verify_token=verify-me-please&hub.challenge=1158201444');
    expect(outcome.response).toEqual({ status: 200, body: '1158201444', contentType: 'text/plain' });
    expect(outcome.messages).toEqual([]);
  });

  it('answers 403 to a wrong or missing verify token, as Meta expects', async () => {
    expect((await rejection(verify('hub.mode=subscribe&hub.verify_token=guess&hub.challenge=1'))).status).toBe(403);
    expect((await rejection(verify('hub.mode=subscribe&hub.challenge=1'))).status).toBe(403);
    expect((await rejection(verify('hub.mode=unsubscribe&hub.verify_token=verify-me-please&hub.challenge=1'))).status).toBe(403);
  });
});

describe('signed deliveries', () => {
  const text = whatsappClientMessage(PHONE_NUMBER_ID, client, { id: 'wamid.HBgLMTYzMTU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=', type: 'text', text: { body: 'Hello, where is my order?' } });

  it('refuses a missing, forged or wrongly keyed signature with 401 and parses nothing', async () => {
    const body = JSON.stringify(text);
    expect((await rejection(handle(post(body)))).status).toBe(401);
    expect((await rejection(handle(post(body, 'sha256=' + '0'.repeat(64))))).status).toBe(401);
    expect((await rejection(handle(post(body, metaSignature('another-apps-secret-000000', body))))).status).toBe(401);
    // Signed, then changed on the way: the signature covers the raw bytes.
    expect((await rejection(handle(post(body.replace('Hello', 'Hullo'), metaSignature(APP_SECRET, body))))).status).toBe(401);
  });

  it('answers 400 to a signed body that is not a WhatsApp payload', async () => {
    expect((await rejection(handle(post('{not json', metaSignature(APP_SECRET, '{not json'))))).status).toBe(400);
    const wrong = JSON.stringify({ object: 'whatsapp_business_account', entry: [{ changes: [{ field: 'messages' }] }] });
    const refused = await rejection(handle(post(wrong, metaSignature(APP_SECRET, wrong))));
    expect(refused.status).toBe(400);
    expect(refused.message).toContain('entry.0.changes.0.value');
  });

  it('reads a text message with the sender’s WhatsApp id, phone and profile name', async () => {
    const outcome = await handle(signed(text));
    expect(outcome.messages).toEqual([
      {
        externalMessageId: 'wamid.HBgLMTYzMTU1NTEyMzQVAgASGBQzQTRBNjU5OUFFRTAzODEwMTQ0RgA=',
        sender: { externalId: '16315551234', phone: '+16315551234', name: 'Kerry Fisher' },
        text: 'Hello, where is my order?',
      },
    ]);
  });

  it('downloads an image and a document through their media ids, with the token', async () => {
    const photo = Buffer.from('\xff\xd8\xff fake jpeg bytes', 'latin1');
    const pdf = Buffer.from('%PDF-1.4 fake');
    fake.addMedia({ id: '1479537139650973', mimeType: 'image/jpeg', data: photo });
    fake.addMedia({ id: '2479537139650974', mimeType: 'application/pdf', data: pdf });
    const image = await handle(
      signed(whatsappClientMessage(PHONE_NUMBER_ID, client, { id: 'wamid.image1', type: 'image', image: { caption: 'The broken part', mime_type: 'image/jpeg', sha256: 'x', id: '1479537139650973' } })),
    );
    expect(image.messages[0]).toMatchObject({ text: 'The broken part', attachments: [{ name: 'whatsapp-image-1479537139650973.jpg', mimeType: 'image/jpeg' }] });
    expect(Buffer.from(image.messages[0]!.attachments![0]!.data)).toEqual(photo);

    const document = await handle(
      signed(whatsappClientMessage(PHONE_NUMBER_ID, client, { id: 'wamid.doc1', type: 'document', document: { filename: 'invoice.pdf', mime_type: 'application/pdf', sha256: 'x', id: '2479537139650974' } })),
    );
    expect(document.messages[0]).toMatchObject({ text: '', attachments: [{ name: 'invoice.pdf', mimeType: 'application/pdf' }] });
    expect(Buffer.from(document.messages[0]!.attachments![0]!.data)).toEqual(pdf);
  });

  it('reads a pressed reply button or list row as its title', async () => {
    const button = await handle(
      signed(whatsappClientMessage(PHONE_NUMBER_ID, client, { id: 'wamid.btn', type: 'interactive', interactive: { type: 'button_reply', button_reply: { id: 'track', title: 'Track my order' } } })),
    );
    const row = await handle(
      signed(whatsappClientMessage(PHONE_NUMBER_ID, client, { id: 'wamid.row', type: 'interactive', interactive: { type: 'list_reply', list_reply: { id: '4', title: '4', description: '' } } })),
    );
    expect(button.messages.map((m) => m.text)).toEqual(['Track my order']);
    expect(row.messages.map((m) => m.text)).toEqual(['4']);
  });

  it('turns statuses into receipts and ignores another number’s deliveries', async () => {
    const statuses = whatsappWebhookPayload(PHONE_NUMBER_ID, {
      statuses: [
        { id: 'wamid.a', status: 'sent', timestamp: '1', recipient_id: client.waId },
        { id: 'wamid.a', status: 'delivered', timestamp: '2', recipient_id: client.waId },
        { id: 'wamid.b', status: 'read', timestamp: '3', recipient_id: client.waId },
        { id: 'wamid.c', status: 'failed', timestamp: '4', recipient_id: client.waId, errors: [{ code: 131047, title: 'Re-engagement message' }] },
      ],
    });
    expect((await handle(signed(statuses))).receipts).toEqual([
      { externalMessageId: 'wamid.a', status: 'delivered' },
      { externalMessageId: 'wamid.b', status: 'read' },
      { externalMessageId: 'wamid.c', status: 'failed', error: 'Re-engagement message (131047)' },
    ]);
    const otherNumber = whatsappClientMessage('999999999999', client, { id: 'wamid.other', type: 'text', text: { body: 'hi' } });
    expect(await handle(signed(otherNumber))).toEqual({ messages: [], receipts: [] });
  });
});

describe('send', () => {
  let next = 0;
  const message = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
    messageId: ++next,
    dialogId,
    idempotencyKey: `key-${next}`,
    recipientExternalId: client.waId,
    text: 'Your order ships today.',
    authorKind: 'operator',
    ...overrides,
  });
  const context = () => ({ db, fetch });
  const send = (m: OutboundMessage, s = channel) => whatsappConnector.send(s, m, context());
  const lastSent = () => fake.sent.at(-1);

  it('sends text inside the window and returns the wamid', async () => {
    await clientWroteHoursAgo(db, dialogId, 1);
    const result = await send(message());
    expect(result.externalMessageId).toMatch(/^wamid\./);
    expect(lastSent()).toEqual({ messaging_product: 'whatsapp', recipient_type: 'individual', to: client.waId, type: 'text', text: { body: 'Your order ships today.', preview_url: false } });
  });

  it('sends up to three buttons as reply buttons and more as a list', async () => {
    await send(message({ text: 'Was it helpful?', buttons: [{ id: 'y', label: 'Yes' }, { id: 'n', label: 'No' }] }));
    expect(lastSent()).toMatchObject({
      type: 'interactive',
      interactive: { type: 'button', body: { text: 'Was it helpful?' }, action: { buttons: [{ type: 'reply', reply: { id: 'y', title: 'Yes' } }, { type: 'reply', reply: { id: 'n', title: 'No' } }] } },
    });
    await send(message({ text: 'Rate us', ratingRequest: { scale: 'five_stars' } }));
    expect(lastSent()).toMatchObject({
      type: 'interactive',
      interactive: { type: 'list', body: { text: 'Rate us' }, action: { button: 'Choose', sections: [{ rows: ['1', '2', '3', '4', '5'].map((v) => ({ id: v, title: v })) }] } },
    });
  });

  it('uploads an image and sends it with the text as its caption; a document by its signed link in link mode', async () => {
    const jpeg = Buffer.from('jpeg bytes');
    const attachment = { name: 'photo.jpg', mimeType: 'image/jpeg', size: jpeg.length, url: 'http://127.0.0.1:9/api/files/7?signature=x', read: () => Promise.resolve(new Uint8Array(jpeg)) };
    await send(message({ text: 'Here it is', attachments: [attachment] }));
    const upload = fake.uploads.at(-1)!;
    expect(upload).toMatchObject({ type: 'image/jpeg', mimeType: 'image/jpeg', name: 'photo.jpg' });
    expect(upload.data).toEqual(jpeg);
    expect(lastSent()).toMatchObject({ type: 'image', image: { id: upload.id, caption: 'Here it is' } });

    const pdf = { name: 'terms.pdf', mimeType: 'application/pdf', size: 3, url: 'http://127.0.0.1:9/api/files/8?signature=y', read: () => Promise.resolve(new Uint8Array([1, 2, 3])) };
    await send(message({ text: 'Terms', attachments: [pdf] }), { ...channel, settings: settings({ sendMediaBy: 'link' }) });
    expect(lastSent()).toMatchObject({ type: 'document', document: { link: pdf.url, caption: 'Terms', filename: 'terms.pdf' } });
  });

  it('sends the approved template instead of an operator’s text once 24 hours have passed', async () => {
    await clientWroteHoursAgo(db, dialogId, 25);
    await send(message({ text: 'Are you still there?' }));
    expect(lastSent()).toMatchObject({ to: client.waId, type: 'template', template: { name: 'follow_up', language: { code: 'en_US' } } });
    expect(fake.sent.some((m) => JSON.stringify(m).includes('Are you still there?'))).toBe(false);
  });

  it('never sends an automatic message outside the window, nor anything without a template', async () => {
    await clientWroteHoursAgo(db, dialogId, 25);
    const before = fake.sent.length;
    await expect(send(message({ authorKind: 'system', text: 'The dialog is closed' }))).rejects.toBeInstanceOf(PermanentSendFailure);
    await expect(send(message(), { ...channel, settings: settings({ templateName: '' }) })).rejects.toThrow(/no approved template/);
    expect(fake.sent.length).toBe(before);
    await clientWroteHoursAgo(db, dialogId, 1);
  });

  it('fails for good on 131047 and other client errors, and leaves 5xx and rate limits to retries', async () => {
    fake.failNextSend({ httpStatus: 400, code: 131047, message: 'Re-engagement message' });
    await expect(send(message())).rejects.toThrow(PermanentSendFailure);
    fake.failNextSend({ httpStatus: 400, code: 131051, message: 'Unsupported message type' });
    await expect(send(message())).rejects.toThrow(PermanentSendFailure);
    for (const failure of [
      { httpStatus: 500, code: 1, message: 'An unknown error occurred' },
      { httpStatus: 400, code: 130429, message: 'Rate limit hit' },
    ]) {
      fake.failNextSend(failure);
      const error = await send(message()).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(Error);
      expect(error).not.toBeInstanceOf(PermanentSendFailure);
    }
  });

  it('checks the connection with the token, and says what is wrong with a bad one', async () => {
    expect(await whatsappConnector.checkConnection(channel, context())).toEqual({ ok: true, detail: 'Openlines Test +1 555-010-0000' });
    const bad = await whatsappConnector.checkConnection({ ...channel, settings: settings({ accessToken: 'EAAwrong-token-0000000000' }) }, context());
    expect(bad).toMatchObject({ ok: false, error: expect.stringContaining('Invalid OAuth access token') as unknown });
  });
});
