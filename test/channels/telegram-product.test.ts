import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConnectedChannel } from '../../channels/load';
import type { WebhookDeps } from '../../web/server/channels/webhook';
import { createConnectedChannel } from '../support/channels';
import { eventually, terminateDialogs } from '../support/dialogs';
import { TEST_SECRET } from '../support/env';
import { startFakeTelegram, type FakeTelegram } from '../support/fake-telegram';
import { createLine, createUser } from '../support/fixtures';
import { serveChannelWebhooks } from '../support/webhook-server';
import { useTestWorker } from '../support/worker';
import { apiAs, sessionUser } from '../web/helpers';

/**
 * Telegram through the real product: the local Bot API posts an update to the channel's webhook
 * (served here by the same handler the Next.js route calls), the message opens a dialog on the
 * Temporal worker, the operator finds it in the inbox, takes it and answers, and the answer reaches
 * the Bot API as sendMessage; and the same by long polling, read by the worker's channel poller.
 */
const started = new Set<number>();
let webhookServer: Awaited<ReturnType<typeof serveChannelWebhooks>>;
let publicUrl: string;
const testWorker = useTestWorker({ pollChannels: true, publicUrl: 'http://127.0.0.1:1' });
let webhookFake: FakeTelegram;
let pollingFake: FakeTelegram;

const deps = (): WebhookDeps => ({
  db: testWorker.worker.db,
  temporal: testWorker.worker.client,
  taskQueue: testWorker.worker.taskQueue,
  channels: { appSecret: TEST_SECRET, publicUrl },
});

beforeAll(async () => {
  [webhookFake, pollingFake] = await Promise.all([startFakeTelegram(), startFakeTelegram()]);
  // The product's webhook route, `/api/channels/{key}/webhook`, on a real HTTP port Telegram can post to.
  webhookServer = await serveChannelWebhooks(deps);
  publicUrl = webhookServer.url;
});

afterAll(async () => {
  await terminateDialogs(testWorker.worker.client, started);
  await webhookServer?.close();
  await Promise.all([webhookFake?.close(), pollingFake?.close()]);
});

let nextMessageId = 100;
function clientWrites(user: { id: number; first_name: string }, content: Record<string, unknown>) {
  nextMessageId += 1;
  return { message: { message_id: nextMessageId, from: { ...user, is_bot: false }, chat: { id: user.id, type: 'private', first_name: user.first_name }, date: Math.floor(Date.now() / 1000), ...content } };
}

/** A line with one operator and a Telegram channel; "Check connection" as the admin would press it. */
async function telegramLine(fake: FakeTelegram, mode: 'webhook' | 'polling') {
  const db = testWorker.worker.db;
  const operator = await createUser(db, 'manager', 'Olga Operator');
  const { lineId } = await createLine(db, { operators: [operator.id], settings: { greeting: { text: 'Hi! An operator will answer shortly.' } } });
  const channel = await createConnectedChannel(db, { lineId, kind: 'telegram', settings: { botToken: fake.token, apiRoot: fake.apiRoot, mode } });
  const loaded = await loadConnectedChannel(db, deps().channels, { id: channel.id });
  const check = await loaded.connector.checkConnection(loaded.channel, { db, fetch });
  expect(check.ok).toBe(true);
  return { operator, channel, api: apiAs({ db, temporal: testWorker.worker.client, taskQueue: testWorker.worker.taskQueue }, sessionUser(operator, 'manager')) };
}

/** The dialog the client's message was filed in, once it is stored. */
async function dialogOfClientMessage(text: string): Promise<number> {
  const db = testWorker.worker.db;
  const row = await eventually(async () => db.selectFrom('messages').select('dialog_id').where('text', '=', text).where('author_kind', '=', 'client').executeTakeFirst());
  started.add(row.dialog_id);
  return row.dialog_id;
}

/** The operator's inbox offers them the dialog; they open it, read the client's message, take it and answer. */
async function operatorAnswers(api: Awaited<ReturnType<typeof telegramLine>>['api'], clientText: string, answer: string): Promise<number> {
  const dialogId = await dialogOfClientMessage(clientText);
  const item = await eventually(async () => (await api.inbox.list({ tab: 'queue' })).items.find((candidate) => candidate.id === dialogId && candidate.offeredToMe));
  expect(item.channelKind).toBe('telegram');
  expect((await api.dialogs.get({ dialogId })).messages.map((message) => message.text)).toContain(clientText);
  await api.dialogs.take({ dialogId });
  await api.dialogs.reply({ dialogId, text: answer });
  return dialogId;
}

describe('Telegram by webhook', () => {
  it('a client’s message reaches the operator, and the answer reaches the client’s chat', async () => {
    const { channel, api } = await telegramLine(webhookFake, 'webhook');
    expect(webhookFake.webhook?.url).toBe(`${publicUrl}/api/channels/${channel.key}/webhook`);
    const client = { id: 880001, first_name: 'Boris', last_name: 'Ivanov' };

    const delivered = await webhookFake.deliverToWebhook(clientWrites(client, { text: 'Where is my order #4411?' }));
    expect(delivered.status).toBe(200);
    const dialogId = await operatorAnswers(api, 'Where is my order #4411?', 'It ships today, Boris.');

    const answer = await eventually(async () => webhookFake.calls.find((call) => call.method === 'sendMessage' && call.params.text === 'It ships today, Boris.'));
    expect(answer.params.chat_id).toBe(String(client.id));
    // The line's greeting went out to Telegram too, before the answer.
    const texts = webhookFake.calls.filter((call) => call.method === 'sendMessage').map((call) => call.params.text);
    expect(texts).toContain('Hi! An operator will answer shortly.');
    expect(texts.indexOf('Hi! An operator will answer shortly.')).toBeLessThan(texts.indexOf('It ships today, Boris.'));
    // The contact is the Telegram user, named as in Telegram; the sent message is delivered, with Telegram's id.
    const view = await api.dialogs.get({ dialogId });
    expect(view.contact.name).toBe('Boris Ivanov');
    const stored = await eventually(async () =>
      testWorker.worker.db.selectFrom('messages').select(['delivery_status', 'external_id']).where('dialog_id', '=', dialogId).where('text', '=', 'It ships today, Boris.').where('delivery_status', '=', 'delivered').executeTakeFirst(),
    );
    expect(stored.external_id).toMatch(new RegExp(`^${client.id}:\\d+$`));
  });

  it('stores a photo the client sends as a file of the dialog', async () => {
    const { api } = await telegramLine(webhookFake, 'webhook');
    const client = { id: 880002, first_name: 'Vera' };
    const photo = webhookFake.addFile(new Uint8Array([0xff, 0xd8, 0xff, 0xe0, 7, 7, 7]), 'photos/scratch.jpg');
    const response = await webhookFake.deliverToWebhook(clientWrites(client, { caption: 'Scratched on arrival', photo: [{ ...photo, width: 1280, height: 960 }] }));
    expect(response.status).toBe(200);
    const dialogId = await dialogOfClientMessage('Scratched on arrival');
    await eventually(async () => (await api.inbox.list({ tab: 'queue' })).items.find((candidate) => candidate.id === dialogId));
    const files = await testWorker.worker.db.selectFrom('files').select(['name', 'mime_type', 'size']).where('dialog_id', '=', dialogId).execute();
    expect(files).toEqual([{ name: expect.stringMatching(/^photo-\d+\.jpg$/), mime_type: 'image/jpeg', size: 7 }]);
  });

  it('refuses a forged update with 401 and stores nothing', async () => {
    const { channel } = await telegramLine(webhookFake, 'webhook');
    const forged = await webhookFake.deliverToWebhook(clientWrites({ id: 880003, first_name: 'Mallory' }, { text: 'forged' }), { secretToken: 'guessed' });
    const unsigned = await webhookFake.deliverToWebhook(clientWrites({ id: 880003, first_name: 'Mallory' }, { text: 'unsigned' }), { secretToken: null });
    expect([forged.status, unsigned.status]).toEqual([401, 401]);
    const malformed = await fetch(`${publicUrl}/api/channels/${channel.key}/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': webhookFake.webhook?.secretToken ?? '' },
      body: '{"update_id":"soon"}',
    });
    expect(malformed.status).toBe(400);
    // Nothing of this channel's is stored: no message, no contact.
    const db = testWorker.worker.db;
    expect(await db.selectFrom('messages').select('id').where('channel_id', '=', channel.id).execute()).toEqual([]);
    expect(await db.selectFrom('contact_identities').select('id').where('channel_id', '=', channel.id).execute()).toEqual([]);
  });

  it('shows the operator an answer that cannot reach a client who blocked the bot, keeping its text', async () => {
    const { api } = await telegramLine(webhookFake, 'webhook');
    const client = { id: 880004, first_name: 'Gleb' };
    await webhookFake.deliverToWebhook(clientWrites(client, { text: 'Cancel my subscription' }));
    webhookFake.blockChat(client.id);
    const dialogId = await operatorAnswers(api, 'Cancel my subscription', 'Done, it is cancelled.');
    const failed = await eventually(async () =>
      testWorker.worker.db.selectFrom('messages').select(['text', 'delivery_error']).where('dialog_id', '=', dialogId).where('delivery_status', '=', 'failed').where('author_kind', '=', 'operator').executeTakeFirst(),
    );
    expect(failed.text).toBe('Done, it is cancelled.');
    expect(failed.delivery_error).toMatch(/blocked the bot/);
  });
});

describe('Telegram by long polling', () => {
  it('the worker reads the client’s message, and the operator’s answer reaches the chat', async () => {
    const { api } = await telegramLine(pollingFake, 'polling');
    expect(pollingFake.webhook).toBeNull();
    const client = { id: 990001, first_name: 'Dina' };
    pollingFake.queueUpdate(clientWrites(client, { text: 'Do you deliver to Kazan?' }));
    await operatorAnswers(api, 'Do you deliver to Kazan?', 'Yes, in three days.');
    const answer = await eventually(async () => pollingFake.calls.find((call) => call.method === 'sendMessage' && call.params.text === 'Yes, in three days.'));
    expect(answer.params.chat_id).toBe(String(client.id));
  });
});
