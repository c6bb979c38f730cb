import { ApplicationFailure } from '@temporalio/common';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PermanentSendFailure, WebhookRejected, type ConnectedChannel, type OutboundMessage, type SendContext, type WebhookRequest } from '../../channels/connector';
import { connectors } from '../../channels/registry';
import { settingsForms } from '../../channels/settings-forms';
import { telegramConnector } from '../../channels/telegram/connector';
import { telegramSettingsSchema, type TelegramSettings } from '../../channels/telegram/settings';
import { webhookSecretOf } from '../../channels/telegram/webhook-secret';
import { createDb, type Database } from '../../db/client';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram';

/**
 * The Telegram connector against a local Bot API server (test/support/fake-telegram.ts): webhook
 * checks and parsing, long polling, sends with keyboards and files, and how failures are sorted.
 */
let fake: FakeTelegram;
let database: TestDatabase;
let db: Database;
let context: SendContext;

beforeAll(async () => {
  fake = await startFakeTelegram();
  database = await createTestDatabase();
  db = createDb(database.url, { max: 2 });
  context = { db, fetch };
});

afterAll(async () => {
  await db?.destroy();
  await database?.destroy();
  await fake?.close();
});

const CLIENT = { id: 7001, is_bot: false, first_name: 'Anna', last_name: 'Petrova', username: 'anna_p' };
const PRIVATE_CHAT = { id: CLIENT.id, type: 'private' as const, first_name: 'Anna' };

function channel(overrides: Partial<TelegramSettings> = {}): ConnectedChannel<TelegramSettings> {
  const settings = telegramSettingsSchema.parse({ botToken: fake.token, apiRoot: fake.apiRoot, webhookSecret: 'right-secret', ...overrides });
  return { id: 1, lineId: 1, key: 'tg-support', name: 'Support bot', settings, publicUrl: 'http://127.0.0.1:3999' };
}

function webhookRequest(body: unknown, secret: string | null = 'right-secret', method = 'POST'): WebhookRequest {
  const headers = new Headers({ 'content-type': 'application/json' });
  if (secret !== null) headers.set('X-Telegram-Bot-Api-Secret-Token', secret);
  const raw = typeof body === 'string' ? body : JSON.stringify(body);
  return { method, url: new URL('http://127.0.0.1:3999/api/channels/tg-support/webhook'), headers, rawBody: new TextEncoder().encode(raw) };
}

let messageId = 10;
function textUpdate(text: string, extra: Record<string, unknown> = {}) {
  messageId += 1;
  return { update_id: 900 + messageId, message: { message_id: messageId, from: CLIENT, chat: PRIVATE_CHAT, date: 1_800_000_000, text, ...extra } };
}

async function rejection(promise: Promise<unknown>): Promise<WebhookRejected> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(WebhookRejected);
  return error as WebhookRejected;
}

function outbound(overrides: Partial<OutboundMessage> = {}): OutboundMessage {
  return { messageId: 1, dialogId: 1, idempotencyKey: 'message-1', recipientExternalId: String(CLIENT.id), text: 'Hello from the operator', authorKind: 'operator', ...overrides };
}

describe('registration', () => {
  it('is listed as the telegram kind with its settings form', () => {
    expect(connectors.telegram).toBe(telegramConnector);
    expect(settingsForms.telegram?.secretFields).toEqual(['botToken', 'webhookSecret']);
  });

  it('names the field and the fix for a bad bot token', () => {
    const result = telegramSettingsSchema.safeParse({ botToken: 'not-a-token' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]?.path).toEqual(['botToken']);
    expect(result.error?.issues[0]?.message).toMatch(/@BotFather/);
  });

  it('long-polls only when set to', () => {
    expect(telegramConnector.polls?.(channel({ mode: 'polling' }).settings)).toBe(true);
    expect(telegramConnector.polls?.(channel().settings)).toBe(false);
  });
});

describe('webhook checks', () => {
  it('refuses a missing or wrong secret token with 401', async () => {
    expect((await rejection(telegramConnector.handleWebhook!(channel(), webhookRequest(textUpdate('hi'), null), { fetch }))).status).toBe(401);
    expect((await rejection(telegramConnector.handleWebhook!(channel(), webhookRequest(textUpdate('hi'), 'wrong-secret'), { fetch }))).status).toBe(401);
  });

  it('derives a stable secret from the bot token when none was set, and checks it', async () => {
    const unset = channel({ webhookSecret: '' });
    const derived = webhookSecretOf(unset.settings);
    expect(derived).toMatch(/^[A-Za-z0-9_-]{20,256}$/);
    expect(webhookSecretOf(channel({ webhookSecret: '' }).settings)).toBe(derived);
    expect((await rejection(telegramConnector.handleWebhook!(unset, webhookRequest(textUpdate('hi'), ''), { fetch }))).status).toBe(401);
    const outcome = await telegramConnector.handleWebhook!(unset, webhookRequest(textUpdate('hi'), derived), { fetch });
    expect(outcome.messages).toHaveLength(1);
  });

  it('answers 400 to a body that is not a Telegram Update, naming what is wrong', async () => {
    expect((await rejection(telegramConnector.handleWebhook!(channel(), webhookRequest('{"update_id": 5, "message": '), { fetch }))).status).toBe(400);
    const wrongShape = await rejection(telegramConnector.handleWebhook!(channel(), webhookRequest({ update_id: 5, message: { message_id: 'x', chat: PRIVATE_CHAT } }), { fetch }));
    expect(wrongShape.status).toBe(400);
    expect(wrongShape.message).toContain('message.message_id');
  });
});

describe('webhook parsing', () => {
  it('reads a private text message: the Telegram user is the sender, chat:message the id', async () => {
    const update = textUpdate('  I need help with my order  ');
    const outcome = await telegramConnector.handleWebhook!(channel(), webhookRequest(update), { fetch });
    expect(outcome.response).toBeUndefined();
    expect(outcome.messages).toEqual([
      { externalMessageId: `${CLIENT.id}:${update.message.message_id}`, sender: { externalId: String(CLIENT.id), name: 'Anna Petrova' }, text: 'I need help with my order' },
    ]);
  });

  it('names a sender without a first or last name by their username', async () => {
    const update = { update_id: 1, message: { message_id: 2, from: { id: 7002, is_bot: false, first_name: '', username: 'ghost' }, chat: { id: 7002, type: 'private' }, date: 1, text: 'hi' } };
    const outcome = await telegramConnector.handleWebhook!(channel(), webhookRequest(update), { fetch });
    expect(outcome.messages[0]?.sender).toEqual({ externalId: '7002', name: '@ghost' });
  });

  it('downloads the largest size of a photo, with its caption as the text', async () => {
    const small = fake.addFile(new Uint8Array([1]), 'photos/small.jpg');
    const large = fake.addFile(new Uint8Array([9, 9, 9, 9]), 'photos/large.jpg');
    const update = textUpdate('', {
      text: undefined,
      caption: 'The broken part',
      photo: [
        { ...small, width: 90, height: 60 },
        { ...large, width: 1280, height: 853 },
      ],
    });
    const outcome = await telegramConnector.handleWebhook!(channel(), webhookRequest(update), { fetch });
    expect(outcome.messages).toHaveLength(1);
    expect(outcome.messages[0]?.text).toBe('The broken part');
    expect(outcome.messages[0]?.attachments).toEqual([{ name: `photo-${update.message.message_id}.jpg`, mimeType: 'image/jpeg', data: new Uint8Array([9, 9, 9, 9]) }]);
    expect(fake.downloads).toContain(`/file/bot${fake.token}/photos/large.jpg`);
  });

  it('downloads a document under its own name and type; with no caption, the message is the file alone', async () => {
    const pdf = fake.addFile(new TextEncoder().encode('%PDF-1.4 invoice'), 'documents/file_7.pdf');
    const update = textUpdate('', { text: undefined, document: { ...pdf, file_name: 'invoice.pdf', mime_type: 'application/pdf' } });
    const outcome = await telegramConnector.handleWebhook!(channel(), webhookRequest(update), { fetch });
    expect(outcome.messages[0]?.text).toBe('');
    expect(outcome.messages[0]?.attachments?.[0]?.name).toBe('invoice.pdf');
    expect(outcome.messages[0]?.attachments?.[0]?.mimeType).toBe('application/pdf');
    expect(new TextDecoder().decode(outcome.messages[0]?.attachments?.[0]?.data)).toBe('%PDF-1.4 invoice');
  });

  it('turns a pressed bot-choice button into its label and answers the callback query in the response', async () => {
    const keyboard = { inline_keyboard: [[{ text: 'Delivery', callback_data: 'choice:delivery' }], [{ text: 'Returns', callback_data: 'choice:returns' }]] };
    const update = {
      update_id: 77,
      callback_query: { id: 'cbq-1', from: CLIENT, chat_instance: '-1', data: 'choice:returns', message: { message_id: 40, from: fake.bot, chat: PRIVATE_CHAT, date: 1, text: 'What is it about?', reply_markup: keyboard } },
    };
    const outcome = await telegramConnector.handleWebhook!(channel(), webhookRequest(update), { fetch });
    expect(outcome.messages).toEqual([{ externalMessageId: 'callback:cbq-1', sender: { externalId: String(CLIENT.id), name: 'Anna Petrova' }, text: 'Returns' }]);
    expect(outcome.response?.contentType).toBe('application/json');
    expect(JSON.parse(outcome.response?.body ?? '{}')).toEqual({ method: 'answerCallbackQuery', callback_query_id: 'cbq-1' });
  });

  it('turns a pressed rating button into the rating answer', async () => {
    const keyboard = { inline_keyboard: [[{ text: '★★★★', callback_data: 'rating:4' }]] };
    const update = { update_id: 78, callback_query: { id: 'cbq-2', from: CLIENT, chat_instance: '-1', data: 'rating:4', message: { message_id: 41, chat: PRIVATE_CHAT, date: 1, text: 'Rate us', reply_markup: keyboard } } };
    expect((await telegramConnector.handleWebhook!(channel(), webhookRequest(update), { fetch })).messages[0]?.text).toBe('4');
    const like = { ...update, callback_query: { ...update.callback_query, id: 'cbq-3', data: 'rating:like' } };
    expect((await telegramConnector.handleWebhook!(channel(), webhookRequest(like), { fetch })).messages[0]?.text).toBe('yes');
  });

  it('stores nothing from groups, from bots, or from updates without content', async () => {
    const group = { update_id: 1, message: { message_id: 3, from: CLIENT, chat: { id: -100123, type: 'supergroup', title: 'Fans' }, date: 1, text: 'hello all' } };
    const fromBot = { update_id: 2, message: { message_id: 4, from: { ...CLIENT, is_bot: true }, chat: PRIVATE_CHAT, date: 1, text: 'beep' } };
    const sticker = { update_id: 3, message: { message_id: 5, from: CLIENT, chat: PRIVATE_CHAT, date: 1, sticker: { file_id: 'x', file_unique_id: 'y', type: 'regular', width: 1, height: 1, is_animated: false, is_video: false } } };
    const edited = { update_id: 4, edited_message: { message_id: 6, from: CLIENT, chat: PRIVATE_CHAT, date: 1, edit_date: 2, text: 'changed' } };
    for (const update of [group, fromBot, sticker, edited]) {
      expect(await telegramConnector.handleWebhook!(channel(), webhookRequest(update), { fetch })).toEqual({ messages: [], receipts: [] });
    }
  });

  it('splits a text longer than the product keeps in one message, losing nothing', async () => {
    const long = `${'a'.repeat(4000)}${'b'.repeat(96)}`;
    const update = textUpdate(long);
    const outcome = await telegramConnector.handleWebhook!(channel(), webhookRequest(update), { fetch });
    expect(outcome.messages.map((message) => message.text.length)).toEqual([4000, 96]);
    expect(outcome.messages[1]?.externalMessageId).toBe(`${CLIENT.id}:${update.message.message_id}/2`);
  });
});

describe('long polling', () => {
  it('reads updates after the cursor and moves the cursor past them', async () => {
    const polling = channel({ mode: 'polling' });
    const first = fake.queueUpdate(textUpdate('first by polling'));
    fake.queueUpdate({ message: { message_id: 99, from: CLIENT, chat: { id: -5, type: 'group', title: 'x' }, date: 1, text: 'group chatter' } });
    const third = fake.queueUpdate(textUpdate('second by polling'));
    const signal = new AbortController().signal;
    const outcome = await telegramConnector.poll!(polling, { fetch, cursor: null, waitMs: 0, signal });
    expect(outcome.messages.map((message) => message.text)).toEqual(['first by polling', 'second by polling']);
    expect(outcome.cursor).toBe(String(third.update_id + 1));
    expect(fake.calls.find((call) => call.method === 'getUpdates')?.params).toMatchObject({ allowed_updates: ['message', 'callback_query'] });
    expect(first.update_id).toBeLessThan(third.update_id);

    // The next poll confirms them: Telegram hands out only what came after.
    const later = fake.queueUpdate(textUpdate('third by polling'));
    const next = await telegramConnector.poll!(polling, { fetch, cursor: outcome.cursor, waitMs: 0, signal });
    expect(next.messages.map((message) => message.text)).toEqual(['third by polling']);
    expect(next.cursor).toBe(String(later.update_id + 1));
  });

  it('waits for news and returns promptly with nothing when aborted', async () => {
    const polling = channel({ mode: 'polling' });
    const drained = await telegramConnector.poll!(polling, { fetch, cursor: null, waitMs: 0, signal: new AbortController().signal });
    const controller = new AbortController();
    const waiting = telegramConnector.poll!(polling, { fetch, cursor: drained.cursor, waitMs: 30_000, signal: controller.signal });
    await fake.waitForCall('getUpdates', fake.calls.filter((call) => call.method === 'getUpdates').length + 1);
    controller.abort();
    expect(await waiting).toEqual({ messages: [], receipts: [], cursor: drained.cursor });
  });

  it('answers a pressed button itself, since there is no webhook response to answer in', async () => {
    const polling = channel({ mode: 'polling' });
    const drained = await telegramConnector.poll!(polling, { fetch, cursor: null, waitMs: 0, signal: new AbortController().signal });
    fake.queueUpdate({
      callback_query: { id: 'cbq-poll', from: CLIENT, chat_instance: '-1', data: 'rating:5', message: { message_id: 50, chat: PRIVATE_CHAT, date: 1, text: 'Rate us' } },
    });
    const outcome = await telegramConnector.poll!(polling, { fetch, cursor: drained.cursor, waitMs: 0, signal: new AbortController().signal });
    expect(outcome.messages.map((message) => message.text)).toEqual(['5']);
    expect((await fake.waitForCall('answerCallbackQuery')).params).toMatchObject({ callback_query_id: 'cbq-poll' });
  });
});

describe('sending', () => {
  beforeAll(() => fake.addChat(CLIENT.id));

  it('sends text to the client’s chat and returns chat:message as the id', async () => {
    const before = fake.calls.length;
    const result = await telegramConnector.send(channel(), outbound(), context);
    const call = fake.calls.slice(before).find((recorded) => recorded.method === 'sendMessage');
    expect(call?.params).toEqual({ chat_id: String(CLIENT.id), text: 'Hello from the operator' });
    expect(result.externalMessageId).toMatch(new RegExp(`^${CLIENT.id}:\\d+$`));
  });

  it('draws bot choices as an inline keyboard, one per row', async () => {
    const before = fake.calls.length;
    await telegramConnector.send(channel(), outbound({ authorKind: 'bot', text: 'What is it about?', buttons: [{ id: 'delivery', label: 'Delivery' }, { id: 'returns', label: 'Returns' }] }), context);
    const call = fake.calls.slice(before).find((recorded) => recorded.method === 'sendMessage');
    expect(call?.params.reply_markup).toEqual({ inline_keyboard: [[{ text: 'Delivery', callback_data: 'choice:delivery' }], [{ text: 'Returns', callback_data: 'choice:returns' }]] });
  });

  it('draws the like/dislike rating request as two buttons side by side', async () => {
    const before = fake.calls.length;
    const rating = outbound({ authorKind: 'system', text: 'Please rate', ratingRequest: { scale: 'like_dislike' }, buttons: [{ id: 'like', label: '👍' }, { id: 'dislike', label: '👎' }] });
    await telegramConnector.send(channel(), rating, context);
    const call = fake.calls.slice(before).find((recorded) => recorded.method === 'sendMessage');
    expect(call?.params.reply_markup).toEqual({ inline_keyboard: [[{ text: '👍', callback_data: 'rating:like' }, { text: '👎', callback_data: 'rating:dislike' }]] });
  });

  it('uploads an image as a photo with the text as its caption', async () => {
    const before = fake.calls.length;
    const bytes = new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    const photo = { name: 'receipt.jpg', mimeType: 'image/jpeg', size: bytes.byteLength, url: 'http://127.0.0.1:3999/api/files/1', read: () => Promise.resolve(bytes) };
    const result = await telegramConnector.send(channel(), outbound({ text: 'Your receipt', attachments: [photo] }), context);
    const call = fake.calls.slice(before).find((recorded) => recorded.method === 'sendPhoto');
    expect(call?.params).toMatchObject({ chat_id: String(CLIENT.id), caption: 'Your receipt' });
    expect(call?.files.photo?.name).toBe('receipt.jpg');
    expect(call?.files.photo?.data).toEqual(bytes);
    expect(fake.calls.slice(before).some((recorded) => recorded.method === 'sendMessage')).toBe(false);
    expect(result.externalMessageId).toMatch(new RegExp(`^${CLIENT.id}:\\d+$`));
  });

  it('sends other files as documents after the text when there are several', async () => {
    const before = fake.calls.length;
    const file = (name: string, mimeType: string) => ({ name, mimeType, size: 3, url: 'http://127.0.0.1:3999/api/files/2', read: () => Promise.resolve(new Uint8Array([1, 2, 3])) });
    await telegramConnector.send(channel(), outbound({ text: 'Two files', attachments: [file('terms.pdf', 'application/pdf'), file('logo.svg', 'image/svg+xml')] }), context);
    expect(fake.calls.slice(before).map((call) => call.method)).toEqual(['sendMessage', 'sendDocument', 'sendDocument']);
    expect(fake.calls.slice(before).map((call) => call.files.document?.name)).toEqual([undefined, 'terms.pdf', 'logo.svg']);
  });

  it('fails for good when the client blocked the bot or the chat does not exist', async () => {
    fake.blockChat(7666);
    fake.addChat(7666);
    const blocked = await telegramConnector.send(channel(), outbound({ recipientExternalId: '7666' }), context).catch((error: unknown) => error);
    expect(blocked).toBeInstanceOf(PermanentSendFailure);
    expect((blocked as Error).message).toMatch(/blocked the bot.*Forbidden: bot was blocked by the user/);
    const unknown = await telegramConnector.send(channel(), outbound({ recipientExternalId: '123456' }), context).catch((error: unknown) => error);
    expect(unknown).toBeInstanceOf(PermanentSendFailure);
    expect((unknown as Error).message).toMatch(/chat not found/);
  });

  it('leaves 429 and server errors to be retried, waiting as long as Telegram asks', async () => {
    fake.failNext('sendMessage', { error_code: 429, description: 'Too Many Requests: retry after 7', retry_after: 7 });
    const limited = await telegramConnector.send(channel(), outbound(), context).catch((error: unknown) => error);
    expect(limited).toBeInstanceOf(ApplicationFailure);
    expect((limited as ApplicationFailure).nonRetryable).toBe(false);
    expect((limited as ApplicationFailure).nextRetryDelay).toBe('7 seconds');
    fake.failNext('sendMessage', { error_code: 502, description: 'Bad Gateway' });
    const down = await telegramConnector.send(channel(), outbound(), context).catch((error: unknown) => error);
    expect(down).toBeInstanceOf(Error);
    expect(down).not.toBeInstanceOf(PermanentSendFailure);
    expect(down).not.toBeInstanceOf(ApplicationFailure);
  });
});

describe('check connection', () => {
  it('in webhook mode calls getMe and registers the webhook URL with the secret token', async () => {
    const result = await telegramConnector.checkConnection(channel(), context);
    expect(result).toEqual({ ok: true, detail: '@openlines_test_bot: webhook set to http://127.0.0.1:3999/api/channels/tg-support/webhook' });
    expect(fake.webhook).toEqual({ url: 'http://127.0.0.1:3999/api/channels/tg-support/webhook', secretToken: 'right-secret', allowedUpdates: ['message', 'callback_query'] });
  });

  it('in polling mode removes the webhook', async () => {
    expect(await telegramConnector.checkConnection(channel({ mode: 'polling' }), context)).toMatchObject({ ok: true });
    expect(fake.webhook).toBeNull();
  });

  it('reports a refused token', async () => {
    const result = await telegramConnector.checkConnection(channel({ botToken: '123:AAAAAAAAAAAAAAAAAAAAAAAAAAAA' }), context);
    expect(result).toEqual({ ok: false, error: 'getMe: 401 Unauthorized' });
  });
});
