import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { PermanentSendFailure, WebhookRejected, type ConnectedChannel, type OutboundMessage, type WebhookRequest } from '../../channels/connector';
import { vkConnector } from '../../channels/vk/connector';
import { vkSettingsSchema, type VkSettings } from '../../channels/vk/settings';
import { FAKE_VK_GROUP_ID, FAKE_VK_TOKEN, startFakeVk, vkEvent, vkMessageNew, type FakeVk } from '../support/fake-vk';

const SECRET = 'Sh0pS3cretKey2026';
const USER_ID = 743784474;

let fake: FakeVk;
let channel: ConnectedChannel<VkSettings>;

function settings(overrides: Partial<VkSettings> = {}): VkSettings {
  return vkSettingsSchema.parse({
    groupId: String(FAKE_VK_GROUP_ID),
    accessToken: FAKE_VK_TOKEN,
    secretKey: SECRET,
    confirmationCode: '5b7d2e1f',
    apiBaseUrl: fake.apiBaseUrl,
    ...overrides,
  });
}

beforeAll(async () => {
  fake = await startFakeVk({ users: { [USER_ID]: { first_name: 'Pavel', last_name: 'Durov' } } });
  channel = { id: 1, lineId: 1, key: 'vk-test', name: 'VK', settings: settings(), publicUrl: 'http://127.0.0.1:9' };
});

afterAll(async () => {
  await fake?.close();
});

function post(payload: unknown): WebhookRequest {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  return { method: 'POST', url: new URL('http://127.0.0.1/api/channels/vk-test/webhook'), headers: new Headers({ 'content-type': 'application/json' }), rawBody: new TextEncoder().encode(body) };
}

const handle = (request: WebhookRequest) => vkConnector.handleWebhook!(channel, request, { fetch });

async function rejection(promise: Promise<unknown>): Promise<WebhookRejected> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(WebhookRejected);
  return error as WebhookRejected;
}

describe('Callback API', () => {
  it('answers the confirmation request with the community’s confirmation code', async () => {
    const outcome = await handle(post(vkEvent('confirmation', undefined)));
    expect(outcome).toEqual({ response: { status: 200, body: '5b7d2e1f', contentType: 'text/plain' }, messages: [], receipts: [] });
    // Another community's confirmation is not ours to answer.
    expect((await rejection(handle(post(vkEvent('confirmation', undefined, { groupId: 1 }))))).status).toBe(401);
  });

  it('refuses an event with a missing or wrong secret with 401', async () => {
    const object = vkMessageNew({ id: 1, fromId: USER_ID, text: 'hi' });
    expect((await rejection(handle(post(vkEvent('message_new', object))))).status).toBe(401);
    expect((await rejection(handle(post(vkEvent('message_new', object, { secret: 'WrongSecret123' }))))).status).toBe(401);
  });

  it('answers 400 to a body that is not a Callback API event', async () => {
    expect((await rejection(handle(post('{oops')))).status).toBe(400);
    expect((await rejection(handle(post({ type: 'message_new' })))).status).toBe(400);
    const refused = await rejection(handle(post(vkEvent('message_new', { message: { id: 'x' } }, { secret: SECRET }))));
    expect(refused.status).toBe(400);
    expect(refused.message).toContain('object.message');
  });

  it('reads a user’s message with their name and answers "ok"', async () => {
    const outcome = await handle(post(vkEvent('message_new', vkMessageNew({ id: 101, fromId: USER_ID, text: 'Is the red one in stock?' }), { secret: SECRET })));
    expect(outcome.response).toEqual({ status: 200, body: 'ok', contentType: 'text/plain' });
    expect(outcome.messages).toEqual([{ externalMessageId: '101', sender: { externalId: String(USER_ID), name: 'Pavel Durov' }, text: 'Is the red one in stock?' }]);
  });

  it('downloads the largest size of a photo and a document', async () => {
    const small = fake.addFile('small.jpg', Buffer.from('small'));
    const large = fake.addFile('large.jpg', Buffer.from('large photo bytes'));
    const pdf = fake.addFile('order.pdf', Buffer.from('%PDF order'));
    const object = vkMessageNew({
      id: 102,
      fromId: USER_ID,
      text: '',
      attachments: [
        { type: 'photo', photo: { id: 457239017, owner_id: USER_ID, access_key: 'k', sizes: [{ type: 's', url: small, width: 75, height: 56 }, { type: 'w', url: large, width: 1280, height: 960 }] } },
        { type: 'doc', doc: { id: 612345, owner_id: USER_ID, title: 'order', size: 10, ext: 'pdf', url: pdf, type: 1 } },
      ],
    });
    const [message] = (await handle(post(vkEvent('message_new', object, { secret: SECRET })))).messages;
    expect(message?.text).toBe('');
    expect(message?.attachments?.map((a) => [a.name, a.mimeType, Buffer.from(a.data).toString()])).toEqual([
      ['vk-photo-457239017.jpg', 'image/jpeg', 'large photo bytes'],
      ['order.pdf', 'application/pdf', '%PDF order'],
    ]);
  });

  it('reads a pressed keyboard button as its label', async () => {
    const object = vkMessageNew({ id: 103, fromId: USER_ID, text: 'Track my order', payload: JSON.stringify({ button: 'track' }) });
    expect((await handle(post(vkEvent('message_new', object, { secret: SECRET })))).messages.map((m) => m.text)).toEqual(['Track my order']);
  });

  it('answers "ok" to the community’s own messages, chats and other events without reading them', async () => {
    const own = await handle(post(vkEvent('message_reply', { id: 104, from_id: -FAKE_VK_GROUP_ID, peer_id: USER_ID, text: 'sent by us' }, { secret: SECRET })));
    const chat = vkMessageNew({ id: 105, fromId: USER_ID, text: 'in a chat' });
    chat.message.peer_id = 2000000001;
    const inChat = await handle(post(vkEvent('message_new', chat, { secret: SECRET })));
    const typing = await handle(post(vkEvent('message_typing_state', { state: 'typing', from_id: USER_ID, to_id: -FAKE_VK_GROUP_ID }, { secret: SECRET })));
    for (const outcome of [own, inChat, typing]) expect(outcome).toEqual({ response: { status: 200, body: 'ok', contentType: 'text/plain' }, messages: [], receipts: [] });
  });
});

describe('send', () => {
  let next = 0;
  const message = (overrides: Partial<OutboundMessage> = {}): OutboundMessage => ({
    messageId: ++next,
    dialogId: 1,
    idempotencyKey: `operator-reply/1/${next}`,
    recipientExternalId: String(USER_ID),
    text: 'Yes, size M is in stock.',
    authorKind: 'operator',
    ...overrides,
  });
  // VK's send reads nothing from the database.
  const context = () => ({ db: undefined as unknown as Database, fetch });
  const send = (m: OutboundMessage, s = channel) => vkConnector.send(s, m, context());

  it('sends text once however often it is retried: random_id comes from the idempotency key', async () => {
    const reply = message();
    const first = await send(reply);
    const again = await send(reply);
    expect(again.externalMessageId).toBe(first.externalMessageId);
    const delivered = fake.sent.filter((m) => m.message === 'Yes, size M is in stock.');
    expect(delivered).toHaveLength(1);
    expect(Number(delivered[0]?.random_id)).toBeGreaterThan(0);
    expect(delivered[0]?.peer_id).toBe(String(USER_ID));
  });

  it('sends buttons as an inline keyboard whose payload names the button', async () => {
    await send(message({ text: 'Was it helpful?', ratingRequest: { scale: 'like_dislike' } }));
    const keyboard = JSON.parse(fake.sent.at(-1)!.keyboard!) as { inline: boolean; buttons: Array<Array<{ action: { label: string; payload: string } }>> };
    expect(keyboard.inline).toBe(true);
    expect(keyboard.buttons.flat().map((b) => [b.action.label, JSON.parse(b.action.payload) as unknown])).toEqual([
      ['Yes', { button: 'yes' }],
      ['No', { button: 'no' }],
    ]);
  });

  it('uploads a photo and a document through VK’s upload servers and attaches them', async () => {
    const photo = { name: 'shirt.jpg', mimeType: 'image/jpeg', size: 5, url: 'http://127.0.0.1:9/f/1', read: () => Promise.resolve(new TextEncoder().encode('jpeg!')) };
    const doc = { name: 'sizes.pdf', mimeType: 'application/pdf', size: 4, url: 'http://127.0.0.1:9/f/2', read: () => Promise.resolve(new TextEncoder().encode('%PDF')) };
    await send(message({ text: 'Here', attachments: [photo, doc] }));
    const uploadsNow = fake.uploads.slice(-2);
    expect(uploadsNow.map((u) => [u.kind, u.name, u.mimeType, u.data.toString()])).toEqual([
      ['photo', 'shirt.jpg', 'image/jpeg', 'jpeg!'],
      ['doc', 'sizes.pdf', 'application/pdf', '%PDF'],
    ]);
    expect(fake.sent.at(-1)?.attachment).toMatch(new RegExp(`^photo-${FAKE_VK_GROUP_ID}_\\d+_ak1,doc-${FAKE_VK_GROUP_ID}_\\d+$`));
  });

  it('fails for good when the user does not accept the community’s messages, and leaves rate limits to retries', async () => {
    fake.failNextSend({ code: 901, message: "Can't send messages for users without permission" });
    await expect(send(message())).rejects.toBeInstanceOf(PermanentSendFailure);
    fake.failNextSend({ code: 902, message: "Can't send messages to this user due to their privacy settings" });
    await expect(send(message())).rejects.toBeInstanceOf(PermanentSendFailure);
    fake.failNextSend({ code: 9, message: 'Flood control' });
    const error = await send(message()).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(PermanentSendFailure);
  });

  it('checks the connection with the token', async () => {
    expect(await vkConnector.checkConnection(channel, context())).toEqual({ ok: true, detail: 'VK community Openlines Test Shop' });
    expect(await vkConnector.checkConnection({ ...channel, settings: settings({ accessToken: 'vk1.a.wrong-token-000000000' }) }, context())).toMatchObject({ ok: false });
  });
});
