import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleChannelWebhook, type WebhookDeps } from '../../web/server/channels/webhook';

/**
 * `/api/channels/{key}/webhook` served by the very handler the Next.js route calls, on a loopback
 * port a messenger's fake can post to, for tests and benches that run without a web build.
 * `deps` is read per request, so it may name the server's own URL as the public one.
 */
export async function serveChannelWebhooks(deps: (url: string) => WebhookDeps): Promise<{ url: string; close(): Promise<void> }> {
  let url = '';
  const server = createServer((incoming, outgoing) => {
    void (async () => {
      const chunks: Buffer[] = [];
      for await (const chunk of incoming) chunks.push(chunk as Buffer);
      const requestUrl = new URL(incoming.url ?? '/', url);
      const key = /^\/api\/channels\/([^/]+)\/webhook$/.exec(requestUrl.pathname)?.[1];
      const headers = new Headers(Object.entries(incoming.headers).flatMap(([name, value]) => (typeof value === 'string' ? [[name, value] as [string, string]] : [])));
      const request = new Request(requestUrl, { method: incoming.method, headers, ...(chunks.length > 0 ? { body: Buffer.concat(chunks) } : {}) });
      const response = key ? await handleChannelWebhook(deps(url), request, decodeURIComponent(key)) : new Response('not found', { status: 404 });
      outgoing.writeHead(response.status, Object.fromEntries(response.headers));
      outgoing.end(Buffer.from(await response.arrayBuffer()));
    })().catch((error: unknown) => {
      outgoing.writeHead(500);
      outgoing.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
