import type { FlowEffect, FlowEffectResult } from '../domain/flows/runtime';

/**
 * A flow's HTTP request node, for real (SPEC §6): the dialog worker's activity and the editor's
 * simulator both call this, so a flow behaves the same in both. It never throws: a failure is a
 * result the flow routes to its failure branch. Any HTTP status counts as an answer (`ok: true`);
 * the flow decides what a 500 means.
 */
export type HttpRequestEffect = Extract<FlowEffect, { kind: 'http_request' }>;

/** Response bodies beyond this are cut off: flows read a few fields, not downloads. */
export const MAX_RESPONSE_BYTES = 64 * 1024;

export async function performHttpRequest(effect: HttpRequestEffect): Promise<FlowEffectResult> {
  const url = parseHttpUrl(effect.url);
  if (typeof url === 'string') return failure(url);
  const method = effect.method.toUpperCase();
  const sendsBody = effect.body !== '' && method !== 'GET' && method !== 'HEAD';
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: requestHeaders(effect.headers, sendsBody ? effect.body : null),
      body: sendsBody ? effect.body : undefined,
      signal: AbortSignal.timeout(effect.timeoutSeconds * 1000),
      redirect: 'follow',
    });
    const text = await readCapped(response, MAX_RESPONSE_BYTES);
    return { kind: 'http_response', ok: true, status: response.status, body: parseBody(text, response.headers.get('content-type')) };
  } catch (error) {
    return failure(describeFailure(error, effect.timeoutSeconds));
  }
}

function failure(error: string): FlowEffectResult {
  return { kind: 'http_response', ok: false, error };
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

/** A body that is JSON goes out as JSON unless the flow set its own content type. */
function requestHeaders(headers: Record<string, string>, body: string | null): Headers {
  const result = new Headers(headers);
  if (body !== null && !result.has('content-type') && isJson(body)) result.set('content-type', 'application/json');
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

async function readCapped(response: Response, limit: number): Promise<string> {
  if (!response.body) return '';
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = '';
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return text + decoder.decode();
    if (size + value.byteLength >= limit) {
      await reader.cancel();
      return text + decoder.decode(value.subarray(0, limit - size));
    }
    size += value.byteLength;
    text += decoder.decode(value, { stream: true });
  }
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

function describeFailure(error: unknown, timeoutSeconds: number): string {
  if (error instanceof DOMException && (error.name === 'TimeoutError' || error.name === 'AbortError')) {
    return `no answer within ${timeoutSeconds} s (the node's timeout)`;
  }
  if (error instanceof Error) {
    const cause = error.cause instanceof Error ? error.cause.message : null;
    return cause ? `${error.message}: ${cause}` : error.message;
  }
  return String(error);
}
