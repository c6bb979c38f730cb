import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startOnFreePort } from '../../scripts/support/free-port';

const servers: Server[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((server) => new Promise((resolve) => server.close(resolve))));
});

function listen(port: number): Promise<Server> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      servers.push(server);
      resolve(server);
    });
  });
}

describe('starting a throwaway server on a free port', () => {
  it('starts again on another port when its port was taken between being found and being bound', async () => {
    const tried: number[] = [];
    const server = await startOnFreePort(async (port) => {
      tried.push(port);
      // Another process gets the port first, the first time.
      if (tried.length === 1) await listen(port);
      return listen(port);
    });
    expect(tried).toHaveLength(2);
    expect(server.address()).toMatchObject({ port: tried[1] });
  });

  it('does not hide a failure that is not about the port', async () => {
    let attempts = 0;
    await expect(
      startOnFreePort(async () => {
        attempts += 1;
        throw new Error('initdb: could not create directory');
      }),
    ).rejects.toThrow('could not create directory');
    expect(attempts).toBe(1);
  });

  it('gives up after three taken ports, with the bind error', async () => {
    let attempts = 0;
    await expect(
      startOnFreePort(async (port) => {
        attempts += 1;
        await listen(port);
        return listen(port);
      }),
    ).rejects.toThrow(/EADDRINUSE/);
    expect(attempts).toBe(3);
  });
});
