import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { lineSettingsSchema } from '../../domain/line-settings';
import { handleChannelWebhook, type WebhookDeps } from '../../web/server/channels/webhook';
import { createConnectedChannel } from '../support/channels';
import { dialogRow, dialogTexts, eventually, waitForState } from '../support/dialogs';
import { TEST_SECRET } from '../support/env';
import { pushResponsePointer, connectorApiErrors } from '../support/fake-connector-api';
import { signConnectorBody, startFakeConnector, type FakeConnector, type ReceivedEvent } from '../support/fake-connector';
import { createLine, createUser } from '../support/fixtures';
import { useTestWorker } from '../support/worker';
import { apiAs, sessionUser } from '../web/helpers';

/**
 * A client of an outside chat system on a line's custom connector channel, through the product:
 * the channel's webhook handler (the route's body), the inbound path, the dialog workflow on a
 * real worker, the operator's inbox procedures, and the worker's deliveries to the system's signed
 * webhook (a fake on 127.0.0.1), with receipts and a typed rating coming back.
 */
const PUBLIC_URL = 'http://127.0.0.1:3999';
const SECRET = 'e2e-connector-secret-0123456789abcdef012345';
const testWorker = useTestWorker({ publicUrl: PUBLIC_URL });
const db = () => testWorker.worker.db;
let fake: FakeConnector;

beforeAll(async () => {
  fake = await startFakeConnector(SECRET);
});
afterAll(async () => {
  await fake?.close();
});

function webhookDeps(): WebhookDeps {
  const { db, client, taskQueue } = testWorker.worker;
  return { db, temporal: client, taskQueue, channels: { appSecret: TEST_SECRET, publicUrl: PUBLIC_URL } };
}

/** The outside system POSTs to the channel's webhook URL (signed unless told otherwise). */
async function push(channelKey: string, payload: unknown, signature?: string | null) {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const headers = new Headers({ 'Content-Type': 'application/json' });
  const signed = signature === undefined ? signConnectorBody(SECRET, body) : signature;
  if (signed !== null) headers.set('X-Openlines-Signature', signed);
  const url = `${PUBLIC_URL}/api/channels/${channelKey}/webhook`;
  const response = await handleChannelWebhook(webhookDeps(), new Request(url, { method: 'POST', headers, body }), channelKey);
  const json = (await response.json()) as unknown;
  // Every answer is one the OpenAPI document promises.
  expect(connectorApiErrors(pushResponsePointer(response.status), json), `${response.status} ${JSON.stringify(json)}`).toEqual([]);
  return { status: response.status, json };
}

async function connectorLine(rating: { scale: 'five_stars' | 'like_dislike' } = { scale: 'five_stars' }) {
  const operator = await createUser(db(), 'manager', 'Olga');
  const line = await createLine(db(), { operators: [operator.id], settings: { greeting: { enabled: false }, rating } });
  const channel = await createConnectedChannel(db(), { lineId: line.lineId, kind: 'custom', settings: { webhookUrl: fake.url, signingSecret: SECRET } });
  const api = apiAs({ db: db(), temporal: testWorker.worker.client, taskQueue: testWorker.worker.taskQueue }, sessionUser(operator, 'manager'));
  return { operator, channel, api };
}

async function dialogOfChannel(channelId: number): Promise<number> {
  return eventually(async () => (await db().selectFrom('dialogs').select('id').where('channel_id', '=', channelId).executeTakeFirst())?.id);
}

async function messagesOfChannel(channelId: number) {
  return db().selectFrom('messages').select(['text', 'delivery_status', 'delivery_error', 'external_id']).where('channel_id', '=', channelId).orderBy('id').execute();
}

const sentTo = (clientId: string, text: string) => (event: ReceivedEvent) => event.json.message?.recipient.id === clientId && event.json.message.text === text;

describe('a custom connector channel', () => {
  it('brings a client’s signed message to the operator and the reply back signed, with receipts', async () => {
    const { operator, channel, api } = await connectorLine();
    const clientId = `user-${randomUUID()}`;
    const accepted = await push(channel.key, { messages: [{ id: 'chat-1', sender: { id: clientId, name: 'Ann Lee' }, text: 'Where is my order 5531?' }] });
    expect(accepted.status).toBe(200);
    // The system retries after a lost answer: stored once.
    expect((await push(channel.key, { messages: [{ id: 'chat-1', sender: { id: clientId, name: 'Ann Lee' }, text: 'Where is my order 5531?' }] })).status).toBe(200);

    const dialogId = await dialogOfChannel(channel.id);
    await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.includes(operator.id));
    expect((await api.dialogs.get({ dialogId })).messages.map((m) => m.text)).toEqual(['Where is my order 5531?']);
    await api.dialogs.take({ dialogId });
    await api.dialogs.reply({ dialogId, text: 'It ships today.' });

    const delivered = await fake.waitFor(sentTo(clientId, 'It ships today.'));
    expect(delivered.signatureValid).toBe(true);
    expect(delivered.headers['idempotency-key']).toBeTruthy();
    expect(delivered.json).toMatchObject({ event: 'message', channel: channel.key, message: { dialogId, author: { kind: 'operator' } } });
    expect(connectorApiErrors('/components/schemas/MessageEvent', delivered.json)).toEqual([]);
    const sentId = delivered.json.message!.id;
    await eventually(async () => (await messagesOfChannel(channel.id)).find((m) => m.external_id === sentId && m.delivery_status === 'delivered'));

    // The client's system could not hand it over after all: the operator sees why.
    expect((await push(channel.key, { receipts: [{ messageId: sentId, status: 'failed', error: 'the app was uninstalled' }] })).status).toBe(200);
    expect((await messagesOfChannel(channel.id)).find((m) => m.external_id === sentId)).toMatchObject({ delivery_status: 'failed', delivery_error: 'the app was uninstalled' });
  });

  it('refuses unsigned and forged deliveries with 401 and malformed ones with 400, storing nothing', async () => {
    const { channel } = await connectorLine();
    const payload = { messages: [{ id: 'chat-9', sender: { id: 'user-9' }, text: 'Hello' }] };
    expect((await push(channel.key, payload, null)).status).toBe(401);
    expect((await push(channel.key, payload, signConnectorBody('not-the-channel-secret-0123456789abcdef', JSON.stringify(payload)))).status).toBe(401);
    const stale = signConnectorBody(SECRET, JSON.stringify(payload), Math.floor(Date.now() / 1000) - 600);
    expect((await push(channel.key, payload, stale)).status).toBe(401);
    const malformed = await push(channel.key, { messages: [{ id: 'chat-9', text: 'Hello' }] });
    expect(malformed.status).toBe(400);
    expect(JSON.stringify(malformed.json)).toContain('messages.0.sender');
    expect(await messagesOfChannel(channel.id)).toEqual([]);
    expect(await db().selectFrom('dialogs').select('id').where('channel_id', '=', channel.id).execute()).toEqual([]);
  });

  it('asks for the rating with the line’s text request and takes the client’s "5" as the rating', async () => {
    const { operator, channel, api } = await connectorLine({ scale: 'five_stars' });
    const clientId = `user-${randomUUID()}`;
    await push(channel.key, { messages: [{ id: `m-${clientId}`, sender: { id: clientId }, text: 'Can I change the address?' }] });
    const dialogId = await dialogOfChannel(channel.id);
    await waitForState(testWorker.worker.client, dialogId, (s) => s.offeredTo.includes(operator.id));
    await api.dialogs.take({ dialogId });
    await api.dialogs.reply({ dialogId, text: 'Done, it is changed.' });
    await api.dialogs.close({ dialogId });

    const externalRequestText = lineSettingsSchema.parse({}).rating.externalRequestText;
    const request = await fake.waitFor(sentTo(clientId, externalRequestText));
    expect(request.json.message).toMatchObject({ ratingRequest: { scale: 'five_stars' } });
    expect(request.json.message).not.toHaveProperty('buttons');

    expect((await push(channel.key, { messages: [{ id: `r-${clientId}`, sender: { id: clientId }, text: '5' }] })).status).toBe(200);
    await eventually(async () => (await dialogRow(db(), dialogId)).rating === '5');
    await fake.waitFor(sentTo(clientId, 'Thank you for your rating!'));
    expect(await dialogRow(db(), dialogId)).toMatchObject({ status: 'closed', rating: '5' });
    expect(await dialogTexts(db(), dialogId)).toContain('5');
    // The rating opened no new dialog.
    expect(await db().selectFrom('dialogs').select('id').where('channel_id', '=', channel.id).execute()).toHaveLength(1);
  });
});
