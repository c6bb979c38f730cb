import { access } from 'node:fs/promises';
import { join } from 'node:path';
import { spawnManaged, type ManagedChild } from './child-process';
import { startOnFreePort } from './free-port';
import { waitUntilHealthy } from './wait-for-http';

const repoRoot = join(import.meta.dirname, '..', '..');

/**
 * The production web server (`next start web`) on a free loopback port, for the browser tests and
 * the bench. Needs a build: `npm test` and `npm start` make one when sources changed.
 */
export async function startWebServer(options: {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  secret: string;
  /** More variables for the server (METRICS_TOKEN…); they win over the ones above. */
  env?: Record<string, string>;
}): Promise<WebServer> {
  await access(join(repoRoot, 'web', '.next', 'BUILD_ID')).catch((error: unknown) => {
    throw new Error('no web build found: run `npm test` or `npm start` (which build it) or `npx next build web` first', { cause: error });
  });
  // Parallel test files start servers too: one may take the port first.
  return startOnFreePort((port) => startOnPort(port, options));
}

export interface WebServer {
  url: string;
  stop(): Promise<void>;
  process: ManagedChild;
  /** What the server has written so far (stdout and stderr), line by line. */
  output: readonly string[];
}

async function startOnPort(port: number, options: Parameters<typeof startWebServer>[0]): Promise<WebServer> {
  const url = `http://127.0.0.1:${port}`;
  const output: string[] = [];
  const server = spawnManaged(join(repoRoot, 'node_modules', '.bin', 'next'), ['start', 'web', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: repoRoot,
    env: {
      ...process.env,
      NODE_ENV: 'production',
      NEXT_TELEMETRY_DISABLED: '1',
      DATABASE_URL: options.databaseUrl,
      TEMPORAL_ADDRESS: options.temporalAddress,
      TEMPORAL_TASK_QUEUE: options.taskQueue,
      OPENLINES_SECRET: options.secret,
      PUBLIC_URL: url,
      PORT: String(port),
      ...options.env,
    },
    onOutputLine: (line) => output.push(line),
  });
  try {
    await waitUntilHealthy(`${url}/api/health`, { timeoutMs: 60_000, exited: server.exited });
  } catch (error) {
    await server.stop(2_000);
    throw new Error(`${String(error)}\n--- web server output ---\n${output.join('\n')}`, { cause: error });
  }
  return { url, stop: () => server.stop(10_000), process: server, output };
}
