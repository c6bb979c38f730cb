import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { apiScopes } from '../../domain/api-scopes';
import { ensureSchemathesis } from '../../scripts/schemathesis';
import { handleApiRequest } from '../../web/server/api/handle';
import { buildOpenApiDocument } from '../../web/server/api/openapi';
import { apiOperations } from '../../web/server/api/operations';
import { createInnerContext } from '../../web/server/trpc/init';
import { sendClientMessage } from '../support/dialogs';
import { TEST_SECRET } from '../support/env';
import { createLine, createUser } from '../support/fixtures';
import { useTestWorker } from '../support/worker';
import { apiAs, insertDialog, manualLiveBus, sessionUser } from '../web/helpers';

/**
 * Issue 12 item 7: schemathesis generates requests from the OpenAPI document and sends them with a
 * real all-scopes key to the API's own handler over HTTP (the same handler the Next.js route calls,
 * on a real database and Temporal worker). No answer may be a 5xx.
 */
const testWorker = useTestWorker();
const MAX_EXAMPLES = 150;
let server: Server | undefined;

async function requestOf(incoming: IncomingMessage, base: string): Promise<Request> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(incoming.headers)) if (typeof value === 'string') headers.set(name, value);
  const hasBody = !['GET', 'HEAD'].includes(incoming.method ?? 'GET');
  return new Request(new URL(incoming.url ?? '/', base), { method: incoming.method, headers, body: hasBody ? Buffer.concat(chunks) : undefined });
}

async function startApiServer(): Promise<string> {
  const deps = { db: testWorker.worker.db, temporal: testWorker.worker.client, taskQueue: testWorker.worker.taskQueue };
  let base = '';
  server = createServer((incoming, outgoing) => {
    void (async () => {
      // TRACE and CONNECT cannot even be made into a Request; Next.js refuses them before any route.
      if (['TRACE', 'CONNECT'].includes(incoming.method ?? '')) return void outgoing.writeHead(405).end();
      const request = await requestOf(incoming, base);
      const response =
        new URL(request.url).pathname === '/api/v1/openapi.json'
          ? Response.json(buildOpenApiDocument(apiOperations, base))
          : await handleApiRequest(request, {
              operations: apiOperations,
              ratePerMinute: 1_000_000,
              context: () => createInnerContext({ ...deps, liveBus: manualLiveBus(), user: null, publicUrl: base, appSecret: TEST_SECRET }),
            });
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      console.error(error);
      outgoing.writeHead(500).end();
    });
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return base;
}

function run(command: string, args: string[]): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    // Run in a scratch folder: schemathesis keeps a .schemathesis/ cache in its working directory.
    const child = spawn(command, args, { cwd: tmpdir(), env: { ...process.env, NO_COLOR: '1', SCHEMATHESIS_TELEMETRY: 'false' } });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, output }));
  });
}

beforeAll(async () => {
  await ensureSchemathesis();
}, 600_000);

afterAll(async () => {
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
});

describe('public API fuzzing', () => {
  it('answers ≥ 1,000 generated requests without a server error', async () => {
    const db = testWorker.worker.db;
    const admin = await createUser(db, 'admin', 'Fuzz Admin');
    // Something to find: lines, dialogs with messages, contacts, a live dialog the key's admin is offered.
    const line = await createLine(db, { operators: [admin.id], settings: { greeting: { enabled: false } } });
    for (let i = 0; i < 3; i++) await insertDialog(db, { lineId: line.lineId, channelId: line.channelId, status: i === 0 ? 'closed' : 'queued', text: `Question ${i}` });
    await sendClientMessage({ db, temporal: testWorker.worker.client, taskQueue: testWorker.worker.taskQueue }, line.channelId, { text: 'Live one' });
    const { token } = await apiAs({ db, temporal: testWorker.worker.client, taskQueue: testWorker.worker.taskQueue }, sessionUser(admin, 'admin')).apiKeys.create({
      name: 'fuzzer',
      scopes: [...apiScopes],
    });

    const base = await startApiServer();
    const st = await ensureSchemathesis();
    const { code, output } = await run(st, [
      'run',
      `${base}/api/v1/openapi.json`,
      '--header',
      `Authorization: Bearer ${token}`,
      '--checks',
      'not_a_server_error',
      '--max-examples',
      String(MAX_EXAMPLES),
      '--phases',
      'examples,coverage,fuzzing',
      '--seed',
      '1205',
      '--no-color',
    ]);
    const generated = /(\d+)\s+generated/.exec(output);
    expect(output, output).not.toMatch(/Server error/i);
    expect(code, output).toBe(0);
    expect(Number(generated?.[1] ?? 0), output).toBeGreaterThanOrEqual(1000);
  }, 900_000);
});
