import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import type { FlowEffect, FlowEffectResult } from '../domain/flows/runtime';
import { NO_INTERNAL_HOSTS, type InternalHostAllowList } from '../domain/network/internal-host-allow-list';
import { checkedTarget, RefusedTarget, systemResolver, type ResolvedAddress, type ResolveHost } from './http-target';

/**
 * A flow's HTTP request node, for real (SPEC §6): the dialog worker's activity and the editor's
 * simulator both call this, so a flow behaves the same in both. It never throws: a failure is a
 * result the flow routes to its failure branch. Any HTTP status counts as an answer (`ok: true`);
 * the flow decides what a 500 means.
 *
 * The server makes the request on an admin's (or, through templates, a client's) behalf, so it
 * must not become a way into the internal network (SSRF): every hop of a redirect is checked
 * (http-target.ts) and connected to the very address that was checked, and failures say what
 * went wrong without the addresses or error codes a port scan would read.
 */
export type HttpRequestEffect = Extract<FlowEffect, { kind: 'http_request' }>;

/** Response bodies beyond this are cut off: flows read a few fields, not downloads. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

/** Redirects followed before giving up, each one checked like the first request. */
export const MAX_REDIRECTS = 5;

export interface HttpRequestOptions {
  /** Internal hosts the admin allowed (HTTP_ALLOWED_INTERNAL_HOSTS); none by default. */
  allowList?: InternalHostAllowList;
  /** Host name resolution; the system resolver by default. */
  resolve?: ResolveHost;
}

/** The result, and whether trying again may give another (false for a refused address or URL). */
export interface HttpRequestOutcome {
  result: FlowEffectResult;
  retryable: boolean;
}

export async function performHttpRequest(effect: HttpRequestEffect, options: HttpRequestOptions = {}): Promise<FlowEffectResult> {
  return (await sendHttpRequest(effect, options)).result;
}

interface Hop {
  url: URL;
  method: string;
  headers: Record<string, string>;
  body: string | null;
}

export async function sendHttpRequest(effect: HttpRequestEffect, options: HttpRequestOptions = {}): Promise<HttpRequestOutcome> {
  const url = parseHttpUrl(effect.url);
  if (typeof url === 'string') return failure(url, false);
  const method = effect.method.toUpperCase();
  const sendsBody = effect.body !== '' && method !== 'GET' && method !== 'HEAD';
  const body = sendsBody ? effect.body : null;
  let hop: Hop = { url, method, headers: requestHeaders(effect.headers, body), body };
  const signal = AbortSignal.timeout(effect.timeoutSeconds * 1000);
  try {
    for (let redirects = 0; ; redirects++) {
      const target = await abortable(checkedTarget(hop.url, options.allowList ?? NO_INTERNAL_HOSTS, options.resolve ?? systemResolver), signal);
      const response = await send(hop, target, signal);
      const status = response.statusCode ?? 0;
      const location = response.headers.location;
      if (![301, 302, 303, 307, 308].includes(status) || location === undefined) {
        const text = await readCapped(response, MAX_RESPONSE_BYTES);
        return { result: { kind: 'http_response', ok: true, status, body: parseBody(text, response.headers['content-type'] ?? null) }, retryable: true };
      }
      response.resume();
      if (redirects === MAX_REDIRECTS) return failure(`more than ${MAX_REDIRECTS} redirects`, true);
      const next = redirectedHop(hop, status, location);
      if (typeof next === 'string') return failure(next, false);
      hop = next;
    }
  } catch (error) {
    if (signal.aborted) return failure(`no answer within ${effect.timeoutSeconds} s (the node's timeout)`, true);
    if (error instanceof RefusedTarget) return failure(error.message, error.retryable);
    return failure(describeFailure(error, hop.url), true);
  }
}

function failure(error: string, retryable: boolean): HttpRequestOutcome {
  return { result: { kind: 'http_response', ok: false, error }, retryable };
}

function parseHttpUrl(text: string): URL | string {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    return `url: "${text}" is not a URL; write it in full, such as https://example.com/api`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `url: must start with http:// or https:// (not ${url.protocol}//)`;
  return url;
}

/** One request to the checked address; resolves with the response head. */
function send(hop: Hop, target: ResolvedAddress, signal: AbortSignal): Promise<http.IncomingMessage> {
  // Connect to the address that was checked, whatever the resolver would answer now.
  const pinnedLookup: LookupFunction = (_hostname, options, callback) => {
    if (options.all) callback(null, [target]);
    else callback(null, target.address, target.family);
  };
  const client = hop.url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.request(
      {
        protocol: hop.url.protocol,
        hostname: hop.url.hostname.replace(/^\[(.*)\]$/, '$1'),
        port: hop.url.port || undefined,
        path: `${hop.url.pathname}${hop.url.search}`,
        method: hop.method,
        headers: hop.body === null ? hop.headers : { ...hop.headers, 'content-length': String(Buffer.byteLength(hop.body)) },
        lookup: pinnedLookup,
        // No pooled socket: each connection goes to the address checked for this hop.
        agent: false,
        signal,
      },
      resolve,
    );
    request.on('error', reject);
    request.end(hop.body ?? undefined);
  });
}

/** The next hop as fetch() would make it: 303 (and 301/302 after POST) turn into GET without body. */
function redirectedHop(hop: Hop, status: number, location: string): Hop | string {
  let url: URL;
  try {
    url = new URL(location, hop.url);
  } catch {
    return 'the server redirected to something that is not a URL';
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return `the server redirected to a ${url.protocol}// address; only http and https are followed`;
  const becomesGet = status === 303 ? hop.method !== 'HEAD' : (status === 301 || status === 302) && hop.method === 'POST';
  let headers = { ...hop.headers };
  if (becomesGet) headers = withoutHeaders(headers, ['content-type', 'content-length', 'content-encoding', 'content-language', 'content-location']);
  // Credentials are for the host they were written for, not for wherever it redirects.
  if (url.origin !== hop.url.origin) headers = withoutHeaders(headers, ['authorization', 'cookie', 'proxy-authorization']);
  return { url, method: becomesGet ? 'GET' : hop.method, headers, body: becomesGet ? null : hop.body };
}

function withoutHeaders(headers: Record<string, string>, names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name)));
}

/** Header names in lower case; a body that is JSON goes out as JSON unless the flow set its own type. */
function requestHeaders(headers: Record<string, string>, body: string | null): Record<string, string> {
  const result = Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value]));
  if (body !== null && result['content-type'] === undefined && isJson(body)) result['content-type'] = 'application/json';
  return result;
}

function isJson(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

async function readCapped(response: http.IncomingMessage, limit: number): Promise<string> {
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for await (const chunk of response) {
    const bytes = chunk as Buffer;
    if (size + bytes.byteLength >= limit) {
      response.destroy();
      return text + decoder.decode(bytes.subarray(0, limit - size));
    }
    size += bytes.byteLength;
    text += decoder.decode(bytes, { stream: true });
  }
  return text + decoder.decode();
}

/** JSON when the server says so or the text is plainly an object or array; otherwise the text. */
function parseBody(text: string, contentType: string | null): unknown {
  const saysJson = contentType !== null && /[/+]json\b/i.test(contentType);
  const looksJson = /^\s*[[{]/.test(text);
  if (!saysJson && !looksJson) return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

/** Rejects when `signal` aborts first (name resolution cannot be cancelled, only abandoned). */
function abortable<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const onAbort = () => reject(signal.reason);
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * What went wrong, for the admin: a header the flow wrote wrongly is named; network failures are
 * not detailed (no "ECONNREFUSED 10.0.0.5:5432"), so the node cannot be used to map the network.
 */
function describeFailure(error: unknown, url: URL): string {
  const code = typeof error === 'object' && error !== null && 'code' in error ? String(error.code) : '';
  if (code === 'ERR_INVALID_HTTP_TOKEN' || code === 'ERR_INVALID_CHAR') return `headers: ${(error as Error).message}`;
  if (/CERT|TLS|SSL/.test(code)) return `could not connect to ${url.hostname} securely: its certificate was not accepted`;
  if (code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE') return `the connection to ${url.hostname} broke off`;
  return `could not connect to ${url.hostname}`;
}
