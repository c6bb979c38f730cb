import { randomBytes, randomUUID } from 'node:crypto';
import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { createMessageActivities } from '../activities/messages';
import { storedSettings } from '../channels/settings-storage';
import { telegramSettingsForm } from '../channels/telegram/settings';
import { webhookSecretOf } from '../channels/telegram/webhook-secret';
import { createDb } from '../db/client';
import { upsertOperatorState } from '../db/queries/availability';
import { insertLine, replaceQueue } from '../db/queries/lines';
import { insertOutgoingMessage } from '../db/queries/messages';
import { createUserWithPassword } from '../db/seed';
import { defaultLineSettings } from '../domain/line-settings';
import type { LiveEvent } from '../domain/live-events';
import { startWebServer } from '../scripts/support/web-server';
import { LiveBus } from '../web/server/live/bus';
import { startFakeTelegram } from '../test/support/fake-telegram';
import { serveChannelWebhooks } from '../test/support/webhook-server';
import { OperatorClient } from './support/operator-client';
import { sendAtRate } from './support/pace';
import { summarize } from './support/percentiles';
import { benchServers } from './support/servers';
import { startWorkerProcess } from './support/worker-process';

/**
 * `npm run bench:telegram` — Telegram-shaped traffic through the product. `clients` Telegram users
 * write private-chat text updates, POSTed with the secret token to the channel's webhook at `rate`
 * a second for `seconds`; the dialog worker runs in its own process. Prints the latency from each
 * POST to the operator's inbox receiving the message event, then the outbound rate: `sends` stored
 * operator replies handed to the deliver activity (`concurrency` at once), each a sendMessage to
 * the local Bot API server (test/support/fake-telegram.ts).
 *
 * The webhook and the inbox stream are the production web server's (`next start`, its SSE live
 * stream) when a web build exists; without one (`npm test`/`npm start` make it) the same webhook
 * handler is served in this process and the inbox event is taken from the live bus the web server
 * fans out to inboxes (PostgreSQL LISTEN), which leaves out the last hop, SSE.
 */
const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '50' },
    seconds: { type: 'string', default: '20' },
    clients: { type: 'string', default: '200' },
    operators: { type: 'string', default: '5' },
    sends: { type: 'string', default: '500' },
    concurrency: { type: 'string', default: '20' },
  },
});
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const clientCount = Number(values.clients);
const operatorCount = Number(values.operators);
const sendCount = Number(values.sends);
const concurrency = Number(values.concurrency);
const PASSWORD = randomUUID();
const secret = randomBytes(32).toString('hex');

const servers = await benchServers();
const db = createDb(servers.databaseUrl, { max: 10 });
const fake = await startFakeTelegram();
const taskQueue = `bench-${randomUUID()}`;
const worker = await startWorkerProcess({ databaseUrl: servers.databaseUrl, temporalAddress: servers.temporalAddress, taskQueue, env: { OPENLINES_SECRET: secret } });
const temporal = new Client({ connection: await Connection.connect({ address: servers.temporalAddress }) });
const hasWebBuild = await access(join(import.meta.dirname, '..', 'web', '.next', 'BUILD_ID')).then(
  () => true,
  () => false,
);
const stops: (() => Promise<void> | void)[] = [];

try {
  const operatorIds: string[] = [];
  for (let i = 0; i < operatorCount; i++) {
    const id = await createUserWithPassword(db, { email: `bench-op-${i}@bench.local`, name: `Operator ${i}`, role: 'manager', password: PASSWORD });
    await upsertOperatorState(db, id, { presence: 'online', workday: 'working' }, new Date());
    operatorIds.push(id);
  }
  const settings = defaultLineSettings();
  settings.greeting.enabled = false;
  const lineId = await insertLine(db, 'Telegram bench line', settings);
  await replaceQueue(db, lineId, operatorIds);
  const telegram = telegramSettingsForm.schema.parse({ botToken: fake.token, apiRoot: fake.apiRoot, mode: 'webhook' });
  const { config, secrets } = storedSettings(telegramSettingsForm, telegram as Record<string, unknown>, secret);
  const channelKey = `bench-tg-${randomUUID().slice(0, 8)}`;
  const channel = await db
    .insertInto('channels')
    .values({ line_id: lineId, kind: 'telegram', key: channelKey, name: 'Bench Telegram', config: JSON.stringify(config), secrets })
    .returning('id')
    .executeTakeFirstOrThrow();

  // Where Telegram posts, and where the operators' inbox events come from.
  const messageSeenAt = new Map<number, number>();
  const onEvent = (event: LiveEvent) => {
    if (event.type === 'message.created' && event.authorKind === 'client' && !messageSeenAt.has(event.messageId)) messageSeenAt.set(event.messageId, performance.now());
  };
  let baseUrl: string;
  if (hasWebBuild) {
    const web = await startWebServer({ databaseUrl: servers.databaseUrl, temporalAddress: servers.temporalAddress, taskQueue, secret });
    stops.push(() => web.stop());
    baseUrl = web.url;
    for (let i = 0; i < operatorCount; i++) {
      const operator = await OperatorClient.signIn(web.url, `bench-op-${i}@bench.local`, PASSWORD);
      stops.push(() => operator.close());
      await operator.listen(onEvent);
    }
  } else {
    baseUrl = await serveWebhookInProcess(secret);
    const bus = new LiveBus(servers.databaseUrl);
    stops.push(() => bus.stop());
    await bus.subscribe(onEvent);
  }
  const webhookUrl = `${baseUrl}/api/channels/${channelKey}/webhook`;
  const secretToken = webhookSecretOf(telegram);

  console.log(
    `bench:telegram: ${clientCount} Telegram clients, ${rate} updates/s for ${seconds} s (${rate * seconds}) to ${hasWebBuild ? 'the production web server (inbox events over SSE)' : 'the webhook handler in-process (no web build; inbox events from the live bus)'}, ${operatorCount} operators`,
  );
  // Private chats exist once their users wrote to the bot: the fake then accepts sends to them.
  for (let i = 0; i < clientCount; i++) fake.addChat(500_000 + i);
  const sentAt = new Map<string, number>();
  const failures: string[] = [];
  let updateId = 1;
  const elapsed = await sendAtRate(rate * seconds, rate, async (i, t0) => {
    const userId = 500_000 + (i % clientCount);
    const update = { update_id: updateId++, message: { message_id: 10_000 + i, from: { id: userId, is_bot: false, first_name: `Client ${userId}` }, chat: { id: userId, type: 'private', first_name: `Client ${userId}` }, date: Math.floor(Date.now() / 1000), text: `message ${i}` } };
    try {
      const response = await fetch(webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', 'x-telegram-bot-api-secret-token': secretToken }, body: JSON.stringify(update) });
      if (response.status !== 200) failures.push(`HTTP ${response.status} ${await response.text()}`);
      else sentAt.set(`${userId}:${update.message.message_id}`, t0);
    } catch (error) {
      failures.push(String(error));
    }
  });
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const stored = await db.selectFrom('messages').select(['id', 'external_id']).where('channel_id', '=', channel.id).where('author_kind', '=', 'client').execute();
  const latencies = stored.flatMap((row) => {
    const t0 = row.external_id ? sentAt.get(row.external_id) : undefined;
    const seen = messageSeenAt.get(row.id);
    return t0 !== undefined && seen !== undefined ? [seen - t0] : [];
  });
  console.log(summarize('Telegram webhook POST -> operator inbox event', latencies));
  console.log(`accepted ${sentAt.size} updates in ${elapsed.toFixed(1)} s (${(sentAt.size / elapsed).toFixed(1)}/s); missing inbox events: ${sentAt.size - latencies.length}; refused or failed posts: ${failures.length}`);
  for (const failure of failures.slice(0, 5)) console.log(`  ${failure}`);

  // Outbound: stored operator replies through the deliver activity to the Bot API server.
  const dialogs = await db.selectFrom('dialogs').select('id').where('channel_id', '=', channel.id).execute();
  const messageIds: number[] = [];
  for (let i = 0; i < sendCount; i++) {
    const dialog = dialogs[i % dialogs.length];
    if (!dialog) break;
    messageIds.push(await insertOutgoingMessage(db, { dialogId: dialog.id, channelId: channel.id, authorKind: 'operator', authorUserId: operatorIds[0] ?? null, text: `answer ${i}` }));
  }
  const deliver = createMessageActivities({ db, maxOpenDialogsPerOperator: 1000, temporal, channels: { appSecret: secret, publicUrl: baseUrl } }).deliverMessage;
  const sendsBefore = fake.calls.filter((call) => call.method === 'sendMessage').length;
  const sendFailures: string[] = [];
  const startedAt = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < messageIds.length) {
        const messageId = messageIds[next++]!;
        await deliver({ messageId }).catch((error: unknown) => void sendFailures.push(String(error)));
      }
    }),
  );
  const sendSeconds = (performance.now() - startedAt) / 1000;
  const sent = fake.calls.filter((call) => call.method === 'sendMessage').length - sendsBefore;
  console.log(`outbound: ${sent} sendMessage calls through the deliver activity in ${sendSeconds.toFixed(1)} s = ${(sent / sendSeconds).toFixed(1)} sends/s (${concurrency} at once); failed: ${sendFailures.length}`);
  for (const failure of sendFailures.slice(0, 5)) console.log(`  ${failure}`);
} finally {
  for (const stop of stops.reverse()) await stop();
  await temporal.connection.close();
  await worker.stop();
  await fake.close();
  await db.destroy();
  await servers.stop();
}

/** The product's webhook handler (what `POST /api/channels/{key}/webhook` runs) on a port of its own. */
async function serveWebhookInProcess(appSecret: string): Promise<string> {
  const webhookDb = createDb(servers.databaseUrl, { max: 10 });
  const server = await serveChannelWebhooks((url) => ({ db: webhookDb, temporal, taskQueue, channels: { appSecret, publicUrl: url } }));
  stops.push(async () => {
    await server.close();
    await webhookDb.destroy();
  });
  return server.url;
}
