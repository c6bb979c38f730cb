import { createServer, type Server } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { ephemeralPortRange, findFreePort, startOnFreePort } from '../../scripts/support/free-port';

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

describe('finding a free port', () => {
  // The CI failure this guards against: `npm start`'s web server was given a port the kernel then
  // handed to the Temporal dev server's HTTP API (it asks for any free port), and the visitor's
  // message reached Temporal instead of Openlines.
  it('never picks a port the kernel hands out by itself, nor the same port twice', async () => {
    const { low, high } = ephemeralPortRange();
    const ports = await Promise.all(Array.from({ length: 200 }, () => findFreePort()));
    expect(ports.filter((port) => port >= low && port <= high)).toEqual([]);
    expect(new Set(ports).size).toBe(ports.length);
    // ...and a server can bind it.
    await listen(ports[0]!);
  });
});
