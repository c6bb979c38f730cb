import { mkdir } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { migrateToLatest } from '../db/migrate';
import { seedDemo } from '../db/seed';
import { ConfigError, parseConfig, publicUrl, type AppConfig } from '../domain/config';
import { startEmbeddedPostgres } from './embedded-postgres';
import { ConfiguredPathError, devServerExecutable } from './temporal-binaries';
import { startTemporalDevServer, startTemporalDevServerFromSdkDownload, type TemporalDevServer } from './temporal-dev-server';
import { readOrCreateSecret } from './support/app-secret';
import { spawnManaged } from './support/child-process';
import { isPortFree } from './support/free-port';
import { formatSeconds, logStep } from './support/log';
import { ShutdownSequence } from './support/shutdown-sequence';
import { superviseChild } from './support/supervised-child';
import { waitUntilHealthy } from './support/wait-for-http';
import { buildWebIfChanged } from './support/web-build';
import { withWorkerHeap } from '../worker/heap';

/**
 * `npm start`: the whole product on one machine. Starts an embedded PostgreSQL and Temporal dev
 * server unless DATABASE_URL / TEMPORAL_ADDRESS point at real ones, migrates, seeds a demo on the
 * first run, builds the web app when its sources changed, then runs the worker and the web server
 * until Ctrl-C. Everything it keeps lives in DATA_DIR, so a second run continues where it left off.
 */

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const startedAt = Date.now();
const progress = (message: string) => logStep('start', message, startedAt);
const shutdown = new ShutdownSequence([
  'the web build',
  'the web server and worker',
  'the Temporal dev server',
  'PostgreSQL',
] as const);

async function main(): Promise<void> {
  const config = parseConfig(process.env);
  const dataDir = resolve(repoRoot, config.DATA_DIR);
  await mkdir(dataDir, { recursive: true });
  const secret = await secretFor(config, dataDir);
  await assertPortsFree(config);

  const [databaseUrl, temporal] = await Promise.all([startDatabase(config, dataDir), startTemporal(config, dataDir)]);

  await migrateToLatest(databaseUrl);
  progress('database migrated');
  const seeded = await seedDemo(databaseUrl);
  if (seeded) progress('demo line and accounts created (listed below once everything runs)');

  const childEnv: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    NEXT_TELEMETRY_DISABLED: '1',
    DATA_DIR: dataDir,
    DATABASE_URL: databaseUrl,
    TEMPORAL_ADDRESS: temporal.address,
    TEMPORAL_NAMESPACE: config.TEMPORAL_NAMESPACE,
    TEMPORAL_TASK_QUEUE: config.TEMPORAL_TASK_QUEUE,
    OPENLINES_SECRET: secret,
    PUBLIC_URL: publicUrl(config),
    PORT: String(config.PORT),
  };
  parseConfig(childEnv); // what we hand the children must pass the same schema

  progress('checking whether the web app needs a build…');
  const build = await buildWebIfChanged({
    repoRoot,
    dataDir,
    env: childEnv,
    onStart: (buildProcess) => shutdown.add('the web build', () => buildProcess.stop(5_000)),
  });
  progress(build === 'built' ? 'web app built' : 'web app unchanged since the last build');

  // Both are stateless: a crashed one is started again while everything else keeps running
  // (Temporal redelivers what a dead worker had in hand; the browser reconnects to a new web server).
  const bin = (name: string) => join(repoRoot, 'node_modules', '.bin', name);
  const restartLog = (message: string) => logStep('start', message);
  const worker = superviseChild({
    name: 'the worker',
    log: restartLog,
    // Below the web server: under a full CPU, the requests people wait on go first (BACKGROUND_NICE).
    start: () =>
      spawnManaged(bin('tsx'), ['worker/main.ts'], { cwd: repoRoot, env: withWorkerHeap(childEnv), outputPrefix: '[worker]', nice: config.BACKGROUND_NICE }),
  });
  const web = superviseChild({
    name: 'the web server',
    log: restartLog,
    start: () =>
      spawnManaged(bin('next'), ['start', 'web', '-p', String(config.PORT)], { cwd: repoRoot, env: childEnv, outputPrefix: '[web]' }),
  });
  shutdown.add('the web server and worker', () => web.stop(10_000));
  shutdown.add('the web server and worker', () => worker.stop(10_000));
  void watchForUnexpectedExit([temporal.unexpectedExit]);

  // A web server that dies before it ever answered will not do better on a restart: report it.
  const firstWeb = web.current();
  await waitUntilHealthy(`http://127.0.0.1:${config.PORT}/api/health`, { timeoutMs: 120_000, exited: firstWeb.exited });
  printUrls(config, temporal);
  // Last, so the one-time passwords are not scrolled away by the first build's output.
  if (seeded) printDemoUsers(seeded.users);
  console.log('Press Ctrl-C to stop.\n');
}

async function secretFor(config: AppConfig, dataDir: string): Promise<string> {
  if (config.OPENLINES_SECRET) return config.OPENLINES_SECRET;
  const { secret, created } = await readOrCreateSecret(dataDir);
  if (created) progress(`generated a secret in ${displayPath(join(dataDir, 'secret'))} (reused on later runs)`);
  return secret;
}

async function startDatabase(config: AppConfig, dataDir: string): Promise<string> {
  if (config.DATABASE_URL) {
    progress('using the PostgreSQL at DATABASE_URL');
    return config.DATABASE_URL;
  }
  const postgresDir = join(dataDir, 'postgres');
  const postgres = await startEmbeddedPostgres({ dataDir: postgresDir, port: config.EMBEDDED_PG_PORT, persistent: true });
  shutdown.add('PostgreSQL', postgres.stop);
  void watchForUnexpectedExit([postgres.unexpectedExit]);
  progress(`PostgreSQL ready on 127.0.0.1:${config.EMBEDDED_PG_PORT} (embedded, data in ${displayPath(postgresDir)})`);
  return postgres.url;
}

async function startTemporal(config: AppConfig, dataDir: string): Promise<TemporalDevServer> {
  if (config.TEMPORAL_ADDRESS) {
    progress(`using the Temporal server at ${config.TEMPORAL_ADDRESS}`);
    return { address: config.TEMPORAL_ADDRESS, unexpectedExit: new Promise(() => {}), stop: async () => {} };
  }
  const options = {
    port: config.TEMPORAL_DEV_PORT,
    uiPort: config.TEMPORAL_UI_PORT,
    dbFile: join(dataDir, 'temporal.sqlite'),
    namespace: config.TEMPORAL_NAMESPACE,
    nice: config.BACKGROUND_NICE,
  };
  const executable = await devServerExecutable();
  const temporal =
    executable.type === 'existing-path'
      ? await startTemporalDevServer({ ...options, cliPath: executable.path })
      : await startTemporalDevServerFromSdkDownload(options);
  shutdown.add('the Temporal dev server', temporal.stop);
  progress(`Temporal dev server ready on ${temporal.address} (state in ${displayPath(options.dbFile)})`);
  return temporal;
}

/** Fails early, naming the variable to change, instead of letting a server die on a busy port. */
async function assertPortsFree(config: AppConfig): Promise<void> {
  const wanted: [string, number][] = [['PORT', config.PORT]];
  if (!config.DATABASE_URL) wanted.push(['EMBEDDED_PG_PORT', config.EMBEDDED_PG_PORT]);
  if (!config.TEMPORAL_ADDRESS) {
    wanted.push(['TEMPORAL_DEV_PORT', config.TEMPORAL_DEV_PORT], ['TEMPORAL_UI_PORT', config.TEMPORAL_UI_PORT]);
  }
  const busy: string[] = [];
  for (const [variable, port] of wanted) {
    if (!(await isPortFree(port))) busy.push(`  ${variable}: port ${port} is already in use`);
  }
  if (busy.length > 0) {
    throw new StartError(
      `${busy.join('\n')}\nIs Openlines already running? Otherwise set the variable(s) above to a free port.`,
    );
  }
}

/** Temporal and PostgreSQL hold the product's state: without them nothing can run, so all stops. */
async function watchForUnexpectedExit(exits: Promise<string>[]): Promise<void> {
  const description = await Promise.race(exits);
  if (shutdown.inProgress) return;
  console.error(`[start] ${description}`);
  console.error('[start] the web server and worker cannot run without it: stopping everything (run npm start again; the data is kept)');
  await stopEverything(1);
}

let stopping: Promise<void> | undefined;

/** Stops everything once, however many signals and failures ask for it, then exits. */
async function stopEverything(exitCode: number): Promise<never> {
  stopping ??= shutdown.run(progress).then((stoppedAnything) => {
    if (stoppedAnything) progress('stopped');
  });
  await stopping;
  process.exit(exitCode);
}

function printDemoUsers(users: { email: string; role: string; password: string }[]): void {
  const rows = [['E-mail', 'Role', 'Password'], ...users.map((user) => [user.email, user.role, user.password])];
  const widths = [0, 1, 2].map((column) => Math.max(...rows.map((row) => row[column]?.length ?? 0)));
  const line = (row: string[]) =>
    ('  ' + row.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join('  ')).trimEnd();
  console.log('Demo accounts (passwords are shown once — write them down):');
  console.log(line(rows[0] ?? []));
  console.log('  ' + widths.map((width) => '-'.repeat(width)).join('  '));
  for (const row of rows.slice(1)) console.log(line(row));
  console.log('');
}

function printUrls(config: AppConfig, temporal: TemporalDevServer): void {
  const base = publicUrl(config).replace(/\/$/, '');
  const lines = [
    ['Inbox', `${base}/inbox`],
    ['Admin', `${base}/admin`],
    ['Widget demo', `${base}/widget-demo`],
    ...(temporal.uiUrl ? [['Temporal UI', temporal.uiUrl]] : []),
  ];
  console.log('');
  logStep('start', `Openlines is running — started in ${formatSeconds(Date.now() - startedAt)}`);
  for (const [label, url] of lines) console.log(`  ${`${label}:`.padEnd(14)}${url}`);
  console.log('');
}

function displayPath(path: string): string {
  const fromRepo = relative(repoRoot, path);
  return fromRepo.startsWith('..') ? path : fromRepo;
}

/** A start-up problem the user can fix; printed without a stack trace. */
class StartError extends Error {}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
  process.on(signal, () => {
    if (shutdown.inProgress) return;
    console.log('');
    progress(`received ${signal}, stopping…`);
    void stopEverything(0);
  });
}

try {
  await main();
} catch (error) {
  if (shutdown.inProgress) {
    // A signal arrived mid-start; the failure is a consequence of stopping, not news.
  } else {
    const plain = error instanceof ConfigError || error instanceof StartError || error instanceof ConfiguredPathError;
    console.error(`[start] ${plain ? (error as Error).message : 'failed:'}`);
    if (!plain) console.error(error);
    await stopEverything(1);
  }
}
