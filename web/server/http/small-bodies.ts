/**
 * Next's gzip compresses every route handler's body, however small: it cannot see their length (it
 * streams them and drops their Content-Length), so its 1 KiB threshold never applies and a widget
 * message's or an operator's reply's acknowledgement costs a zlib stream of its own — 3.5% of the
 * web server's busy CPU under `npm run bench`. A body below the threshold says `no-transform`,
 * which the compressor (and any proxy) honours; larger ones are compressed as before.
 */
const COMPRESSION_THRESHOLD_BYTES = 1024;

/** The Cache-Control of a body of `byteLength` bytes: `cacheControl`, marked no-transform when small. */
export function cacheControlOfBody(byteLength: number, cacheControl: string): string {
  if (byteLength >= COMPRESSION_THRESHOLD_BYTES) return cacheControl;
  return cacheControl ? `${cacheControl}, no-transform` : 'no-transform';
}

/** A JSON response whose body is complete (not a stream of events), marked as above when small. */
export async function markSmallJsonBody(response: Response): Promise<Response> {
  if (!response.body || !response.headers.get('content-type')?.startsWith('application/json')) return response;
  const body = await response.arrayBuffer();
  const headers = new Headers(response.headers);
  const cacheControl = cacheControlOfBody(body.byteLength, headers.get('cache-control') ?? '');
  if (cacheControl) headers.set('cache-control', cacheControl);
  return new Response(body, { status: response.status, statusText: response.statusText, headers });
}

/** `Response.json` with the same mark: the body of a JSON answer built here, marked when small. */
export function jsonAnswer(body: unknown, init: { status?: number; headers?: Record<string, string> } = {}): Response {
  const json = JSON.stringify(body);
  const { 'Cache-Control': cacheControl = '', ...headers } = init.headers ?? {};
  const marked = cacheControlOfBody(Buffer.byteLength(json), cacheControl);
  return new Response(json, { status: init.status, headers: { 'Content-Type': 'application/json', ...(marked ? { 'Cache-Control': marked } : {}), ...headers } });
}
