import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { internalHostAllowList } from '../../domain/network/internal-host-allow-list';
import { guardedFetch } from '../../outbound/guarded-fetch';

/**
 * Channel connectors reach admin-typed URLs (API base URLs, a connector's webhook) through the
 * guarded fetch: internal addresses only where HTTP_ALLOWED_INTERNAL_HOSTS allows them, on every
 * redirect hop. Against a real HTTP server on 127.0.0.1 (nothing leaves 127.0.0.0/8).
 */
let server: Server;
let base = '';

beforeAll(async () => {
  server = createServer((request, response) => {
    if (request.url?.startsWith('/redirect-to/')) {
      response.writeHead(307, { location: decodeURIComponent(request.url.slice('/redirect-to/'.length)) });
      response.end();
      return;
    }
    let body = '';
    request.setEncoding('utf8').on('data', (chunk: string) => (body += chunk));
    request.on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ method: request.method, body, authorization: request.headers.authorization ?? null }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('the connectors’ guarded fetch', () => {
  it('refuses an internal address that is not allowed, naming the setting that allows it', async () => {
    await expect(guardedFetch()(`${base}/api`)).rejects.toThrow('127.0.0.1 is an internal address (blocked); an admin can allow it with HTTP_ALLOWED_INTERNAL_HOSTS');
  });

  it('reaches an allowed internal host and carries the method, body and headers', async () => {
    const response = await guardedFetch(internalHostAllowList('127.0.0.1'))(`${base}/api`, { method: 'POST', body: 'hello', headers: { authorization: 'Bearer t' } });
    expect(await response.json()).toEqual({ method: 'POST', body: 'hello', authorization: 'Bearer t' });
  });

  it('checks every redirect hop: an allowed host cannot redirect to a blocked one', async () => {
    const allowOnlyLocalhostName = guardedFetch(internalHostAllowList('localhost'), async () => [{ address: '127.0.0.1', family: 4 }]);
    const port = new URL(base).port;
    const hop = encodeURIComponent(`${base}/api`);
    await expect(allowOnlyLocalhostName(`http://localhost:${port}/redirect-to/${hop}`)).rejects.toThrow('127.0.0.1 is an internal address (blocked)');
  });

  it('follows a redirect between allowed hosts, keeping a 307’s method and body', async () => {
    const response = await guardedFetch(internalHostAllowList('127.0.0.1'))(`${base}/redirect-to/${encodeURIComponent(`${base}/api`)}`, { method: 'POST', body: 'again' });
    expect(await response.json()).toMatchObject({ method: 'POST', body: 'again' });
  });
});
