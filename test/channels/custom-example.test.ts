import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ConnectedChannel, WebhookOutcome } from '../../channels/connector';
import { customConnector } from '../../channels/custom/connector';
import { customSettingsSchema, type CustomSettings } from '../../channels/custom/settings';
import { createDb, type Database } from '../../db/client';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { eventually } from '../support/dialogs';

// scripts/example-connector.ts speaks the connector API as the product checks it: what it pushes
// passes the connector's signature check, and it takes what the connector sends.

const SECRET = 'example-test-secret-0123456789abcdef012345';

let testDb: TestDatabase;
let db: Database;
let openlines: Server;
let example: ChildProcessWithoutNullStreams;
let exampleOutput = '';
const accepted: WebhookOutcome[] = [];
const refusals: string[] = [];
let channel: ConnectedChannel<CustomSettings>;

beforeAll(async () => {
  testDb = await createTestDatabase();
  db = createDb(testDb.url, { max: 2 });
  // Stands in for the channel's webhook route: the connector's own check and parse, nothing stored.
  openlines = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers = new Headers(Object.entries(req.headers).map(([name, value]): [string, string] => [name, String(value)]));
      customConnector
        .handleWebhook!(channel, { method: req.method ?? 'POST', url: new URL(req.url ?? '/', 'http://127.0.0.1'), headers, rawBody: Buffer.concat(chunks) }, { fetch })
        .then((outcome) => {
          accepted.push(outcome);
          res.writeHead(200).end('{"ok":true}');
        })
        .catch((error: Error) => {
          refusals.push(error.message);
          res.writeHead(401).end(JSON.stringify({ error: error.message }));
        });
    });
  });
  await new Promise<void>((resolve) => openlines.listen(0, '127.0.0.1', resolve));
  const webhookUrl = `http://127.0.0.1:${(openlines.address() as AddressInfo).port}/api/channels/toy/webhook`;
  example = spawn(process.execPath, ['--import', 'tsx', 'scripts/example-connector.ts'], {
    env: { ...process.env, OPENLINES_WEBHOOK_URL: webhookUrl, OPENLINES_SIGNING_SECRET: SECRET, PORT: '0', TOY_USER_ID: 'toy-7', TOY_USER_NAME: 'Tom' },
  });
  example.stdout.on('data', (chunk: Buffer) => (exampleOutput += chunk.toString()));
  example.stderr.on('data', (chunk: Buffer) => (exampleOutput += chunk.toString()));
  const port = await eventually(async () => /listening on http:\/\/127\.0\.0\.1:(\d+)\//.exec(exampleOutput)?.[1], 60_000);
  channel = {
    id: 1,
    lineId: 1,
    key: 'toy',
    name: 'Toy chat',
    settings: customSettingsSchema.parse({ webhookUrl: `http://127.0.0.1:${port}/`, signingSecret: SECRET }),
    publicUrl: 'http://127.0.0.1',
  };
}, 90_000);

afterAll(async () => {
  example?.kill();
  await new Promise<void>((resolve) => (openlines ? openlines.close(() => resolve()) : resolve()));
  await db?.destroy();
  await testDb?.destroy();
});

describe('the example connector', () => {
  it('pushes what is typed as a signed client message', async () => {
    example.stdin.write('Hi, is anyone there?\n');
    const outcome = await eventually(async () => accepted.find((o) => o.messages.length > 0));
    expect(outcome.messages[0]).toMatchObject({ sender: { externalId: 'toy-7', name: 'Tom' }, text: 'Hi, is anyone there?' });
    expect(refusals).toEqual([]);
  });

  it('shows an operator’s message once, however often it is retried, and sends its receipt', async () => {
    const message = { messageId: 55, dialogId: 9, idempotencyKey: 'deliver-55', recipientExternalId: 'toy-7', text: 'Hello Tom!', authorKind: 'operator' as const, authorName: 'Olga' };
    expect((await customConnector.send(channel, message, { db, fetch })).externalMessageId).toBe('55');
    await customConnector.send(channel, message, { db, fetch });
    const receipt = await eventually(async () => accepted.find((o) => o.receipts.length > 0));
    expect(receipt.receipts).toEqual([{ externalMessageId: '55', status: 'delivered', error: undefined }]);
    // stdout keeps order: once the next message shows, a second copy of the first would have too.
    await customConnector.send(channel, { ...message, messageId: 56, idempotencyKey: 'deliver-56', text: 'Anything else?' }, { db, fetch });
    await eventually(async () => exampleOutput.includes('Olga: Anything else?'));
    expect(exampleOutput.match(/Olga: Hello Tom!/g)).toHaveLength(1);
  });

  it('refuses a message that Openlines did not sign', async () => {
    const forged = { ...channel, settings: { ...channel.settings, signingSecret: 'not-the-secret-0123456789abcdef0123456789' } };
    expect(await customConnector.checkConnection(forged, { db, fetch })).toMatchObject({ ok: false });
    expect(await customConnector.checkConnection(channel, { db, fetch })).toMatchObject({ ok: true });
  });
});
