import { createServer } from 'node:net';

/** Asks the kernel for a currently unused TCP port on 127.0.0.1. */
export function findFreePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => {
        if (address && typeof address === 'object') resolve(address.port);
        else reject(new Error('could not determine a free port'));
      });
    });
  });
}

/** Whether nothing listens on `port` on any local address (the way a server would bind it). */
export function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, () => server.close(() => resolve(true)));
  });
}

/**
 * Starts a server on a free port, and again on another when the port was taken between being
 * found and being bound (the kernel may hand it to another process meanwhile, e.g. a server
 * starting beside this one). `start` must leave nothing running when it fails.
 */
export async function startOnFreePort<T>(start: (port: number) => Promise<T>, attempts = 3): Promise<T> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await start(await findFreePort());
    } catch (error) {
      if (attempt >= attempts || !/address already in use|EADDRINUSE/i.test(error instanceof Error ? error.message : String(error))) throw error;
    }
  }
}
