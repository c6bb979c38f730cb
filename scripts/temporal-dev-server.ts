import { spawnManaged } from './support/child-process';
import { findFreePort, startOnFreePort } from './support/free-port';
import { waitUntilTemporalAnswers } from './support/temporal-ready';

export type TemporalDevServerOptions = {
  cliPath: string;
  port: number;
  uiPort: number;
  /** SQLite file for persistent state; without it the server keeps everything in memory. */
  dbFile?: string;
  /** No web UI (tests). */
  headless?: boolean;
  /** Created at start-up besides `default`, e.g. the configured TEMPORAL_NAMESPACE. */
  namespace?: string;
  /** How long to wait for the gRPC port to answer. */
  readyTimeoutMs?: number;
  /** Server dynamic config, e.g. { 'limit.historyCount.suggestContinueAsNew': 40 } (tests). */
  dynamicConfig?: Record<string, string | number | boolean>;
  /** A lower CPU priority for the server (BACKGROUND_NICE; see scripts/support/child-process.ts). */
  nice?: number;
};

export type TemporalDevServer = {
  address: string;
  uiUrl?: string;
  /** Resolves if the server exits on its own, with a description that includes its last output. */
  unexpectedExit: Promise<string>;
  /** The server's pid (its CPU can be read from /proc); undefined when the SDK runs it. */
  pid?: number;
  stop(): Promise<void>;
};

const KEPT_OUTPUT_LINES = 40;

/** Runs `temporal server start-dev` (the Temporal CLI's single-binary server) until stop(). */
export async function startTemporalDevServer(options: TemporalDevServerOptions): Promise<TemporalDevServer> {
  const namespace = options.namespace ?? 'default';
  const args = [
    'server', 'start-dev',
    '--ip', '127.0.0.1',
    '--port', String(options.port),
    '--ui-port', String(options.uiPort),
    '--namespace', 'default',
    ...(namespace === 'default' ? [] : ['--namespace', namespace]),
    ...(options.dbFile ? ['--db-filename', options.dbFile] : []),
    ...(options.headless ? ['--headless'] : []),
    ...Object.entries(options.dynamicConfig ?? {}).flatMap(([key, value]) => ['--dynamic-config-value', `${key}=${JSON.stringify(value)}`]),
    '--log-level', 'warn',
  ];
  const recentOutput: string[] = [];
  const server = spawnManaged(options.cliPath, args, {
    nice: options.nice,
    onOutputLine: (line) => {
      recentOutput.push(line);
      recentOutput.splice(0, Math.max(0, recentOutput.length - KEPT_OUTPUT_LINES));
    },
  });
  const describeExit = ({ code, signal }: { code: number | null; signal: string | null }) =>
    `Temporal dev server exited (code ${code}, signal ${signal}).` +
    `\n--- last output of ${options.cliPath} ${args.join(' ')} ---\n${recentOutput.join('\n')}`;

  let stopRequested = false;
  // Never resolves once stop() was called: an exit we asked for is not news.
  const unexpectedExit = server.exited.then((exit) =>
    stopRequested ? new Promise<string>(() => {}) : describeExit(exit),
  );
  const address = `127.0.0.1:${options.port}`;
  let starting = true;
  // Only rejects while starting; a later exit is reported through `unexpectedExit` instead.
  const exitDuringStartup = unexpectedExit.then((description) => {
    if (starting) throw new Error(description);
  });
  try {
    const ready = waitUntilTemporalAnswers(address, {
      namespace,
      timeoutMs: options.readyTimeoutMs ?? 60_000,
      exited: server.exited,
    });
    await Promise.race([ready, exitDuringStartup]);
    starting = false;
  } catch (error) {
    starting = false;
    stopRequested = true;
    await server.stop(2_000);
    throw error;
  }
  return {
    address,
    uiUrl: options.headless ? undefined : `http://localhost:${options.uiPort}`,
    unexpectedExit,
    pid: server.child.pid,
    stop: () => {
      stopRequested = true;
      return server.stop(10_000);
    },
  };
}

/** A throwaway in-memory server without UI on free ports (tests and benches). */
export function startThrowawayTemporal(cliPath: string, options: Pick<TemporalDevServerOptions, 'dynamicConfig' | 'nice'> = {}): Promise<TemporalDevServer> {
  return startOnFreePort(async (port) => startTemporalDevServer({ ...options, cliPath, port, uiPort: await findFreePort(), headless: true }));
}

/**
 * Last resort when no CLI could be found or built: the SDK downloads the CLI (needs the open
 * internet) and runs it inside this process's Temporal runtime.
 */
export async function startTemporalDevServerFromSdkDownload(
  options: Omit<TemporalDevServerOptions, 'cliPath' | 'readyTimeoutMs'>,
): Promise<TemporalDevServer> {
  const { TestWorkflowEnvironment } = await import('@temporalio/testing');
  const namespace = options.namespace ?? 'default';
  const environment = await TestWorkflowEnvironment.createLocal({
    server: {
      executable: { type: 'cached-download' },
      ip: '127.0.0.1',
      port: options.port,
      namespace,
      dbFilename: options.dbFile,
      ...(options.headless ? { ui: false } : { ui: true, uiPort: options.uiPort }),
      log: { format: 'pretty', level: 'warn' },
    },
  });
  return {
    address: environment.address,
    uiUrl: options.headless ? undefined : `http://localhost:${options.uiPort}`,
    // The SDK owns the process and does not report its exit.
    unexpectedExit: new Promise<string>(() => {}),
    stop: () => environment.teardown(),
  };
}
