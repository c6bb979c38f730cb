import { createServer, type Server } from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { waitUntilHealthy } from '../../scripts/support/wait-for-http';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

function serve(status: number, body: string): Promise<string> {
  return new Promise((resolve) => {
    const server = createServer((_, response) => response.writeHead(status, { 'content-type': 'application/json' }).end(body));
    servers.push(server);
    server.listen(0, '127.0.0.1', () => resolve(`http://127.0.0.1:${(server.address() as { port: number }).port}/api/health`));
  });
}

describe('waiting for the web server to be healthy', () => {
  it('is satisfied by the health route of Openlines', async () => {
    await expect(waitUntilHealthy(await serve(200, '{"ok":true}'), { timeoutMs: 5_000 })).resolves.toBeUndefined();
  });

  // What `npm start` once took for its web server: the Temporal dev server's HTTP API on that port.
  it('does not take another server on the port for it, and names what answered', async () => {
    const url = await serve(404, '{"code":5,"message":"Not Found"}');
    await expect(waitUntilHealthy(url, { timeoutMs: 1_200 })).rejects.toThrow(
      /did not answer as Openlines within 1.2s \(last: 404 \{"code":5,"message":"Not Found"\}\); is another server on that port\?/,
    );
  });
});
