import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';

const LOWEST_PICKED_PORT = 10_000;
const HIGHEST_PORT = 65_535;
const ATTEMPTS = 100;
const handedOut = new Set<number>();

/**
 * A TCP port nothing listens on now, for a server started next. Picked at random outside the
 * kernel's ephemeral range, so that neither a server asking the kernel for any port (the Temporal
 * dev server opens several so) nor the local end of an outgoing connection can take it before it
 * is bound; never the same port twice in one process.
 */
export async function findFreePort(): Promise<number> {
  const ephemeral = ephemeralPortRange();
  const below = Math.max(0, ephemeral.low - LOWEST_PICKED_PORT);
  const above = Math.max(0, HIGHEST_PORT - ephemeral.high);
  if (below + above === 0) throw new Error(`no ports outside the ephemeral range ${ephemeral.low}-${ephemeral.high}`);
  for (let attempt = 0; attempt < ATTEMPTS; attempt += 1) {
    const index = Math.floor(Math.random() * (below + above));
    const port = index < below ? LOWEST_PICKED_PORT + index : ephemeral.high + 1 + (index - below);
    if (handedOut.has(port)) continue;
    // Taken before the check is awaited, so calls running at once cannot both get it. A port that
    // is busy stays taken: this process will not want it either. The wildcard bind also fails when
    // something listens on 127.0.0.1 alone.
    handedOut.add(port);
    if (await isPortFree(port)) return port;
  }
  throw new Error(`no free port found in ${ATTEMPTS} tries outside the ephemeral range ${ephemeral.low}-${ephemeral.high}`);
}

/**
 * Where the kernel puts ports for `listen(0)` and outgoing connections: Linux says in /proc;
 * elsewhere, Linux's default low end up to IANA's high end.
 */
export function ephemeralPortRange(): { low: number; high: number } {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    if (Number.isInteger(low) && Number.isInteger(high) && low! <= high!) return { low: low!, high: high! };
  } catch {
    // Not Linux.
  }
  return { low: 32_768, high: HIGHEST_PORT };
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
 * found and being bound (another process may pick the same port meanwhile, e.g. a test file
 * running beside this one). `start` must leave nothing running when it fails.
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
