import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { internalHostAllowList } from '../../domain/network/internal-host-allow-list';
import { performHttpRequest, type HttpRequestEffect } from '../../outbound/http-request';
import type { ResolveHost } from '../../outbound/http-target';

/**
 * The SSRF guard of flows' HTTP requests, against a real HTTP server on 127.0.0.1. Other internal
 * ranges are reached through a stub resolver only: nothing here sends traffic outside 127.0.0.0/8.
 */
let server: Server;
let port = 0;
const received: IncomingMessage[] = [];

beforeAll(async () => {
  server = createServer((request, response) => {
    received.push(request);
    const path = request.url ?? '/';
    const hops = /^\/hops\/(\d+)$/.exec(path);
    if (hops) {
      const left = Number(hops[1]);
      response.writeHead(left > 0 ? 302 : 200, left > 0 ? { location: `/hops/${left - 1}` } : { 'content-type': 'application/json' });
      response.end(left > 0 ? '' : JSON.stringify({ arrived: true, method: request.method }));
    } else if (path.startsWith('/to/')) {
      response.writeHead(Number(path.split('/')[3] ?? 302), { location: decodeURIComponent(path.split('/')[2] ?? '') });
      response.end();
    } else {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ host: request.headers.host, authorization: request.headers.authorization ?? null }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  port = (server.address() as AddressInfo).port;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});
beforeEach(() => {
  received.length = 0;
});

const get = (url: string, extra: Partial<HttpRequestEffect> = {}): HttpRequestEffect => ({ kind: 'http_request', method: 'GET', url, headers: {}, body: '', timeoutSeconds: 5, ...extra });


/** A resolver that knows only the names given; anything else does not resolve. */
function stubResolver(answers: Record<string, string[] | (() => string[])>): ResolveHost & { calls: string[] } {
  const calls: string[] = [];
  const resolve = async (hostname: string) => {
    calls.push(hostname);
    const answer = answers[hostname];
    if (!answer) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${hostname}`), { code: 'ENOTFOUND' });
    return (typeof answer === 'function' ? answer() : answer).map((address) => ({ address, family: address.includes(':') ? 6 : 4 }));
  };
  return Object.assign(resolve, { calls });
}

const blockedLiteral = (host: string) => ({ kind: 'http_response', ok: false, error: `${host} is an internal address (blocked); an admin can allow it with HTTP_ALLOWED_INTERNAL_HOSTS` });
const blockedName = (host: string) => ({ kind: 'http_response', ok: false, error: `the address of ${host} is internal (blocked); an admin can allow it with HTTP_ALLOWED_INTERNAL_HOSTS` });

describe('internal addresses are blocked', () => {
  it.each([
    ['127.0.0.1', '127.0.0.1'],
    ['2130706433', '127.0.0.1'],
    ['0x7f.1', '127.0.0.1'],
    ['127.1', '127.0.0.1'],
    ['[::ffff:127.0.0.1]', '[::ffff:7f00:1]'],
  ])('written as %s, without sending anything', async (host, shown) => {
    expect(await performHttpRequest(get(`http://${host}:${port}/`))).toEqual(blockedLiteral(shown));
    expect(received).toHaveLength(0);
  });

  it('behind a host name that resolves to 127.0.0.1 (localhost, or any name)', async () => {
    expect(await performHttpRequest(get(`http://localhost:${port}/`))).toEqual(blockedName('localhost'));
    const resolve = stubResolver({ 'api.example.test': ['127.0.0.1'] });
    expect(await performHttpRequest(get(`http://api.example.test:${port}/`), { resolve })).toEqual(blockedName('api.example.test'));
    expect(received).toHaveLength(0);
  });

  it.each([
    ['metadata.example.test', ['169.254.169.254']],
    ['v6-metadata.example.test', ['fd00:ec2::254']],
    ['office.example.test', ['192.168.1.10']],
    ['cgnat.example.test', ['100.64.0.1']],
    ['mapped.example.test', ['::ffff:10.0.0.1']],
    ['nat64.example.test', ['64:ff9b::a9fe:a9fe']],
    ['mixed.example.test', ['93.184.216.34', '10.0.0.1']],
  ])('behind %s (resolving to %j), before any connection', async (host, addresses) => {
    const resolve = stubResolver({ [host]: addresses });
    expect(await performHttpRequest(get(`https://${host}/api`), { resolve })).toEqual(blockedName(host));
  });

  it('at every redirect hop', async () => {
    const allowList = internalHostAllowList('127.0.0.1');
    for (const target of ['http://127.0.0.2/secret', 'http://[::1]/', 'http://2130706434/', 'http://169.254.169.254/latest/meta-data/']) {
      const url = `http://127.0.0.1:${port}/to/${encodeURIComponent(target)}/302`;
      const result = await performHttpRequest(get(url), { allowList });
      expect(result).toMatchObject({ ok: false, error: expect.stringMatching(/is an internal address \(blocked\); an admin can allow it with HTTP_ALLOWED_INTERNAL_HOSTS$/) });
    }
    const resolve = stubResolver({ 'internal.example.test': ['10.1.1.1'] });
    const viaName = await performHttpRequest(get(`http://127.0.0.1:${port}/to/${encodeURIComponent('http://internal.example.test/')}/307`), { allowList, resolve });
    expect(viaName).toEqual(blockedName('internal.example.test'));
  });
});

describe('HTTP_ALLOWED_INTERNAL_HOSTS lets the admin reach internal hosts', () => {
  it('by address: the request goes through and follows redirects (up to 5)', async () => {
    const allowList = internalHostAllowList('127.0.0.1');
    expect(await performHttpRequest(get(`http://127.0.0.1:${port}/hops/5`, { method: 'POST', body: '{"a":1}' }), { allowList })).toEqual({
      kind: 'http_response',
      ok: true,
      status: 200,
      body: { arrived: true, method: 'GET' },
    });
    expect(await performHttpRequest(get(`http://127.0.0.1:${port}/hops/6`), { allowList })).toEqual({ kind: 'http_response', ok: false, error: 'more than 5 redirects' });
  });

  it('by name: the checked address is the one connected to, whatever the resolver answers later (no DNS rebinding)', async () => {
    let answers = 0;
    // Only the first answer is allowed (and listens); a second lookup would get 127.0.0.3.
    const resolve = stubResolver({ 'crm.office.test': () => [answers++ === 0 ? '127.0.0.1' : '127.0.0.3'] });
    const result = await performHttpRequest(get(`http://crm.office.test:${port}/leads`, { headers: { Authorization: 'Bearer t0k' } }), { allowList: internalHostAllowList('127.0.0.1'), resolve });
    expect(result).toEqual({ kind: 'http_response', ok: true, status: 200, body: { host: `crm.office.test:${port}`, authorization: 'Bearer t0k' } });
    expect(resolve.calls).toEqual(['crm.office.test']);
    expect(await performHttpRequest(get(`http://crm.office.test:${port}/`), { allowList: internalHostAllowList('127.0.0.1'), resolve })).toEqual(blockedName('crm.office.test'));
  });

  it('by host name as written in the URL', async () => {
    const resolve = stubResolver({ 'crm.office.test': ['127.0.0.1'] });
    const result = await performHttpRequest(get(`http://crm.office.test:${port}/`), { allowList: internalHostAllowList('crm.office.test'), resolve });
    expect(result).toMatchObject({ ok: true, status: 200 });
    expect(await performHttpRequest(get(`http://127.0.0.1:${port}/`), { allowList: internalHostAllowList('crm.office.test') })).toEqual(blockedLiteral('127.0.0.1'));
  });

  it('drops credentials when a redirect leaves for another host', async () => {
    const resolve = stubResolver({ 'other.office.test': ['127.0.0.1'] });
    const url = `http://127.0.0.1:${port}/to/${encodeURIComponent(`http://other.office.test:${port}/`)}/307`;
    const result = await performHttpRequest(get(url, { headers: { Authorization: 'Bearer t0k' } }), { allowList: internalHostAllowList('127.0.0.1'), resolve });
    expect(result).toEqual({ kind: 'http_response', ok: true, status: 200, body: { host: `other.office.test:${port}`, authorization: null } });
  });
});

describe('failures say what went wrong without network details', () => {
  it('a refused connection, a name that does not resolve', async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const closedPort = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    expect(await performHttpRequest(get(`http://127.0.0.1:${closedPort}/`), { allowList: internalHostAllowList('127.0.0.1') })).toEqual({
      kind: 'http_response',
      ok: false,
      error: 'could not connect to 127.0.0.1',
    });
    const resolve = stubResolver({});
    expect(await performHttpRequest(get('https://nowhere.example.test/'), { resolve })).toEqual({ kind: 'http_response', ok: false, error: 'could not connect to nowhere.example.test' });
  });
});
