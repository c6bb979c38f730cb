import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Database } from '../../db/client';
import { handleChannelWebhook } from '../../web/server/channels/webhook';
import { createConnectedChannel } from '../support/channels';
import { eventually, waitForState } from '../support/dialogs';
import { TEST_SECRET } from '../support/env';
import { FAKE_VK_GROUP_ID, FAKE_VK_TOKEN, startFakeVk, vkEvent, vkMessageNew, type FakeVk } from '../support/fake-vk';
import { createLine, createUser } from '../support/fixtures';
import { useTestWorker } from '../support/worker';
import { apiAs, sessionUser } from '../web/helpers';

/**
 * VK through the real product: the Callback API's confirmation and events on the channel's webhook
 * route → the inbound path → the operator's inbox → the operator's reply (tRPC) → the deliver
 * activity → messages.send on the VK API (a fake on 127.0.0.1).
 */
const PUBLIC_URL = 'http://127.0.0.1:3998';
const testWorker = useTestWorker({ publicUrl: PUBLIC_URL });
const SECRET = 'E2eVkSecretKey42';
const USER_ID = 210700286;

let fake: FakeVk;
let channelKey: string;
let operator: { id: string; email: string; name: string };

beforeAll(async () => {
  fake = await startFakeVk({ users: { [USER_ID]: { first_name: 'Lindsey', last_name: 'Stirling' } } });
  const db = testWorker.worker.db;
  operator = await createUser(db, 'manager', 'Vera');
  const { lineId } = await createLine(db, { operators: [operator.id], name: 'VK line' });
  const channel = await createConnectedChannel(db, {
    lineId,
    kind: 'vk',
    name: 'Shop VK',
    settings: { groupId: FAKE_VK_GROUP_ID, accessToken: FAKE_VK_TOKEN, secretKey: SECRET, confirmationCode: 'a1b2c3d4', apiBaseUrl: fake.apiBaseUrl },
  });
  channelKey = channel.key;
});

afterAll(async () => {
  await fake?.close();
});

const db = (): Database => testWorker.worker.db;
const api = () => apiAs({ db: db(), temporal: testWorker.worker.client, taskQueue: testWorker.worker.taskQueue }, sessionUser(operator, 'manager'));

function deliver(event: unknown) {
  const request = new Request(`${PUBLIC_URL}/api/channels/${channelKey}/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(event) });
  return handleChannelWebhook(
    { db: db(), temporal: testWorker.worker.client, taskQueue: testWorker.worker.taskQueue, channels: { appSecret: TEST_SECRET, publicUrl: PUBLIC_URL } },
    request,
    channelKey,
  );
}

const storedMessage = (externalId: string) => db().selectFrom('messages').selectAll().where('external_id', '=', externalId).executeTakeFirst();

it('answers the confirmation request with the community’s code', async () => {
  const answer = await deliver(vkEvent('confirmation', undefined));
  expect(answer.status).toBe(200);
  expect(await answer.text()).toBe('a1b2c3d4');
});

it('refuses an event without the secret key with 401 and stores nothing', async () => {
  const forged = await deliver(vkEvent('message_new', vkMessageNew({ id: 9001, fromId: USER_ID, text: 'Forged' }), { secret: 'NotTheSecret123' }));
  const unsigned = await deliver(vkEvent('message_new', vkMessageNew({ id: 9001, fromId: USER_ID, text: 'Forged' })));
  expect([forged.status, unsigned.status]).toEqual([401, 401]);
  expect(await storedMessage('9001')).toBeUndefined();
});

it('takes a VK user’s message to the operator’s inbox and the operator’s reply to messages.send', async () => {
  const answer = await deliver(vkEvent('message_new', vkMessageNew({ id: 501, fromId: USER_ID, text: 'Do you ship to Kazan?' }), { secret: SECRET }));
  expect(answer.status).toBe(200);
  expect(await answer.text()).toBe('ok');
  const stored = await eventually(() => storedMessage('501'));
  const dialogId = stored.dialog_id;

  await waitForState(testWorker.worker.client, dialogId, (state) => state.offeredTo.includes(operator.id));
  expect((await api().inbox.list({ tab: 'queue' })).items.map((item) => item.id)).toContain(dialogId);
  const view = await api().dialogs.get({ dialogId });
  expect(view.contact.name).toBe('Lindsey Stirling');
  expect(view.messages.map((m) => m.text)).toContain('Do you ship to Kazan?');
  expect(view.replyWindow).toBeNull();

  const { messageId } = await api().dialogs.reply({ dialogId, text: 'Yes, in 3 days.', clientMessageId: randomUUID() });
  const sent = await eventually(async () => fake.sent.find((m) => m.message === 'Yes, in 3 days.'));
  expect(sent.peer_id).toBe(String(USER_ID));
  expect(Number(sent.random_id)).toBeGreaterThan(0);
  const reply = await eventually(async () => {
    const row = await db().selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirstOrThrow();
    return row.external_id ? row : undefined;
  });
  expect(reply).toMatchObject({ delivery_status: 'delivered', external_id: String(sent.id) });
});

it('shows a permanent refusal (901) on the operator’s message, text kept', async () => {
  const answer = await deliver(vkEvent('message_new', vkMessageNew({ id: 502, fromId: USER_ID, text: 'One more question' }), { secret: SECRET }));
  expect(answer.status).toBe(200);
  const { dialog_id: dialogId } = await eventually(() => storedMessage('502'));
  fake.failNextSend({ code: 901, message: "Can't send messages for users without permission" });
  const { messageId } = await api().dialogs.reply({ dialogId, text: 'Here is the answer', clientMessageId: randomUUID() });
  const failed = await eventually(async () => {
    const row = await db().selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirstOrThrow();
    return row.delivery_status === 'failed' ? row : undefined;
  });
  expect(failed).toMatchObject({ text: 'Here is the answer', delivery_error: expect.stringContaining('901') as unknown });
});
