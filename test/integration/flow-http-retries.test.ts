import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { FlowDocumentInput } from '../../domain/flows/document';
import { dialogTexts, eventually, sendClientMessage, terminateDialogs } from '../support/dialogs';
import { createLine, createUser } from '../support/fixtures';
import { publishFlow } from '../support/flows';
import { internalHostAllowList } from '../../domain/network/internal-host-allow-list';
import { useTestWorker } from '../support/worker';

/**
 * A flow's HTTP request that changes something (POST, PUT, PATCH, DELETE) is made once unless the
 * node says repeating it is safe — a real dialog on the Temporal dev server, a real endpoint on
 * localhost that fails every call.
 */
// The failing endpoint is on 127.0.0.1, which flows may reach only when an admin allows it.
const shared = useTestWorker({ httpAllowList: internalHostAllowList('127.0.0.1') });
const servers: Server[] = [];
const dialogs = new Set<number>();

afterEach(async () => {
  await terminateDialogs(shared.worker.client, dialogs);
  dialogs.clear();
  await Promise.all(servers.splice(0).map((s) => new Promise((resolve) => s.close(resolve))));
});

/** An endpoint that fails every request (a 500, or the connection cut) and counts them. */
async function failingEndpoint(how: '500' | 'reset') {
  const calls: string[] = [];
  const server = createServer((request, response) => {
    calls.push(request.method ?? '');
    if (how === 'reset') {
      request.socket.destroy();
      return;
    }
    response.writeHead(500, { 'content-type': 'application/json' });
    response.end('{"error":"database unavailable"}');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  servers.push(server);
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/orders`, calls };
}

/** A bot that places an order over HTTP and says whether it worked, then hands off. */
function orderBot(url: string, method: 'POST' | 'PUT' | 'DELETE' | 'GET', idempotent?: boolean): FlowDocumentInput {
  const at = (x: number, y = 0) => ({ x, y });
  return {
    schemaVersion: 2,
    kind: 'bot',
    nodes: [
      { id: 'start', kind: 'start', position: at(0) },
      { id: 'order', kind: 'http_request', position: at(1), method, url, body: '{"item":42}', timeoutSeconds: 5, ...(idempotent === undefined ? {} : { idempotent }) },
      { id: 'ok', kind: 'send_message', position: at(2), text: 'Order placed.' },
      { id: 'failed', kind: 'send_message', position: at(2, 1), text: 'We could not place the order.' },
      { id: 'toQueue', kind: 'handoff', position: at(3) },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'order' },
      { id: 'e2', source: 'order', sourceHandle: 'success', target: 'ok' },
      { id: 'e3', source: 'order', sourceHandle: 'failure', target: 'failed' },
      { id: 'e4', source: 'ok', sourceHandle: 'next', target: 'toQueue' },
      { id: 'e5', source: 'failed', sourceHandle: 'next', target: 'toQueue' },
    ],
    variables: [],
  };
}

async function runOrderBot(document: FlowDocumentInput): Promise<void> {
  const { db, client, taskQueue } = shared.worker;
  const operator = await createUser(db);
  const flowId = await publishFlow(db, 'Order bot', document);
  const { channelId } = await createLine(db, { operators: [operator.id], settings: { greeting: { enabled: false }, flows: { welcomeBot: { flowId } } } });
  const { dialogId } = await sendClientMessage({ db, temporal: client, taskQueue }, channelId, { text: 'I want item 42' });
  dialogs.add(dialogId);
  // The failure branch speaks once the request (and any retries) gave up.
  await eventually(async () => (await dialogTexts(db, dialogId)).includes('We could not place the order.'), 30_000);
}

describe('a flow HTTP request that fails', () => {
  it('is made once when it is a POST not marked safe to repeat (an answer of 500)', async () => {
    const endpoint = await failingEndpoint('500');
    await runOrderBot(orderBot(endpoint.url, 'POST'));
    expect(endpoint.calls).toEqual(['POST']);
  });

  it('is made once when a DELETE (not marked) loses its connection', async () => {
    const endpoint = await failingEndpoint('reset');
    await runOrderBot(orderBot(endpoint.url, 'DELETE', false));
    expect(endpoint.calls).toEqual(['DELETE']);
  });

  it('is retried up to 3 times when the node says repeating it is safe', async () => {
    const endpoint = await failingEndpoint('500');
    await runOrderBot(orderBot(endpoint.url, 'PUT', true));
    expect(endpoint.calls).toEqual(['PUT', 'PUT', 'PUT']);
  });

  it('is retried up to 3 times when it is a GET', async () => {
    const endpoint = await failingEndpoint('reset');
    await runOrderBot(orderBot(endpoint.url, 'GET'));
    expect(endpoint.calls).toEqual(['GET', 'GET', 'GET']);
  });
});
