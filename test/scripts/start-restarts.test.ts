import { chmod, copyFile, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { randomUUID } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, test } from 'vitest';
import { DEFAULT_BACKGROUND_NICE } from '../../domain/config';
import { spawnManaged, type ManagedChild } from '../../scripts/support/child-process';
import { findFreePort } from '../../scripts/support/free-port';
import { hashBuildInputs } from '../../scripts/support/web-build';
import type { WidgetHistory } from '../../web/server/channels/widget/schemas';

/**
 * `npm start` itself, on a scratch DATA_DIR and free ports: a worker or web server killed with
 * SIGKILL is started again while the rest keeps running, and Ctrl-C still stops every process.
 */
const repoRoot = join(import.meta.dirname, '..', '..');
const READY_LINE = 'Press Ctrl-C to stop.';

let start: ManagedChild | undefined;
let dataDir: string | undefined;
afterAll(async () => {
  await start?.stop(20_000);
  if (dataDir) await rm(dataDir, { recursive: true, force: true });
});

describe('npm start', () => {
  test('runs the worker and Temporal below the web server, restarts a killed worker and web server, and Ctrl-C stops everything', { timeout: 300_000 }, async () => {
    dataDir = await mkdtemp(join(tmpdir(), 'openlines-start-'));
    // mkdtemp makes it private; as root, PostgreSQL runs as the `postgres` user and must reach it.
    await chmod(dataDir, 0o755);
    await reuseTheWebBuild(dataDir);
    const port = await findFreePort();
    const output: string[] = [];
    start = spawnManaged(join(repoRoot, 'node_modules', '.bin', 'tsx'), ['scripts/start.ts'], {
      cwd: repoRoot,
      env: {
        ...withoutExternalServers(process.env),
        DATA_DIR: dataDir,
        PORT: String(port),
        EMBEDDED_PG_PORT: String(await findFreePort()),
        TEMPORAL_DEV_PORT: String(await findFreePort()),
        TEMPORAL_UI_PORT: String(await findFreePort()),
      },
      onOutputLine: (line) => output.push(line),
    });
    const startPid = start.child.pid!;
    const failure = (what: string) => `${what}\n--- npm start output ---\n${output.join('\n')}`;
    const waitForLine = (predicate: (line: string) => boolean, what: string, timeoutMs: number) =>
      until(() => output.some(predicate), () => failure(`timed out waiting for ${what}`), timeoutMs, start!.exited);
    const pollingLines = () => output.filter((line) => line.startsWith('[worker] worker polling')).length;

    await waitForLine((line) => line === READY_LINE, 'the product to run', 180_000);
    await until(() => pollingLines() === 1, () => failure('no worker polling'), 60_000, start.exited);
    const health = watchHealth(`http://127.0.0.1:${port}/api/health`);

    // The process that runs the worker's code (tsx's child), as the OOM killer would pick it.
    const [workerBefore] = await programProcesses(startPid, WORKER);
    process.kill(workerBefore!, 'SIGKILL');
    await waitForLine((line) => line === '[start] the worker exited (signal SIGKILL); restarting in 1 s (restart 1)', 'the restart line', 30_000);
    await until(() => pollingLines() === 2, () => failure('no second worker polling'), 60_000, start.exited);
    const [workerAfter] = await programProcesses(startPid, WORKER);
    expect(workerAfter).toBeDefined();
    expect(workerAfter).not.toBe(workerBefore);
    // The new worker serves dialogs: a visitor's message is greeted and offered to a demo operator.
    // The greeting goes out beside routing, so the offer may come first: wait for both.
    const dialog = await visitorWrites(`http://127.0.0.1:${port}`, 'Hello after the worker restart', 'Hello! An operator will answer you shortly.');
    expect(dialog.status).toBe('offered');
    expect(dialog.texts).toContain('Hello! An operator will answer you shortly.');
    // Under a full CPU the web server and PostgreSQL go first: the worker (restarted too) and the
    // Temporal dev server run at BACKGROUND_NICE's default, every thread of them.
    const [temporal] = await programProcesses(startPid, TEMPORAL_DEV_SERVER);
    const [webServer] = await programProcesses(startPid, WEB_SERVER);
    const [postgres] = await programProcesses(startPid, POSTGRES);
    expect(await cpuPriority(workerAfter!), 'the restarted worker').toEqual(atNice(DEFAULT_BACKGROUND_NICE));
    expect(await cpuPriority(temporal!), 'the Temporal dev server').toEqual(atNice(DEFAULT_BACKGROUND_NICE));
    expect(await cpuPriority(webServer!), 'the web server').toEqual(atNice(0));
    expect(await cpuPriority(postgres!), 'PostgreSQL').toEqual(atNice(0));
    const healthDuringWorkerRestart = await health.stop();
    expect(healthDuringWorkerRestart.answered).toBeGreaterThan(0);
    expect(healthDuringWorkerRestart.failures, 'the web server kept answering while the worker restarted').toEqual([]);

    const webServers = await programProcesses(startPid, WEB_SERVER);
    process.kill(webServers[0]!, 'SIGKILL');
    await waitForLine((line) => /^\[start\] the web server exited \(signal SIGKILL\); restarting in 1 s \(restart 1\)$/.test(line), 'the web restart line', 30_000);
    await until(async () => (await fetchStatus(`http://127.0.0.1:${port}/api/health`)) === 200, () => failure('the web server did not answer again'), 60_000, start.exited);
    expect(output.some((line) => line.includes('stopping everything'))).toBe(false);

    const everyProcess = await descendants(startPid);
    process.kill(startPid, 'SIGINT');
    const exit = await start.exited;
    expect(exit.code, failure('npm start did not exit cleanly on SIGINT')).toBe(0);
    const stages = output.flatMap((line) => /^\[start\] stopping (.+)…/.exec(line)?.[1] ?? []);
    expect(stages).toEqual(['the web server and worker', 'the Temporal dev server', 'PostgreSQL']);
    expect((await Promise.all(everyProcess.map(isRunning))).filter(Boolean), 'processes left after Ctrl-C').toEqual([]);
  });
});

/**
 * `npm test` builds the web app before the tests and records the build's source hash in
 * `.data/web-build.hash`; handing that record to the scratch DATA_DIR lets `npm start` use the build
 * instead of spending minutes on a second one. Refuses a build older than the sources.
 */
async function reuseTheWebBuild(dataDir: string): Promise<void> {
  const recorded = await readFile(join(repoRoot, '.data', 'web-build.hash'), 'utf8').catch(() => '');
  const builtId = await readFile(join(repoRoot, 'web', '.next', 'BUILD_ID'), 'utf8').catch(() => '');
  if (!builtId || recorded.trim() !== (await hashBuildInputs(repoRoot))) {
    throw new Error('no web build of the current sources: run `npm test` (which builds it first) or `npm start` once');
  }
  await copyFile(join(repoRoot, '.data', 'web-build.hash'), join(dataDir, 'web-build.hash'));
}

/** Writes through the demo line's widget API and waits until the dialog leaves the queue and `reply` reached the visitor. */
async function visitorWrites(baseUrl: string, text: string, reply: string): Promise<{ status: string; texts: string[] }> {
  const api = `${baseUrl}/api/widget/website`;
  const session = (await (await fetch(`${api}/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' })).json()) as {
    token: string;
  };
  const headers = { authorization: `Bearer ${session.token}`, 'content-type': 'application/json' };
  const sent = await fetch(`${api}/messages`, { method: 'POST', headers, body: JSON.stringify({ clientMessageId: randomUUID(), text }) });
  expect(sent.status, await sent.clone().text()).toBe(202);
  let latest = { status: 'none', texts: [] as string[] };
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    const history = (await (await fetch(`${api}/messages`, { headers })).json()) as WidgetHistory;
    latest = { status: history.dialog?.status ?? 'none', texts: history.messages.map((message) => message.text) };
    if (latest.status !== 'none' && latest.status !== 'queued' && latest.status !== 'bot' && latest.texts.includes(reply)) return latest;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return latest;
}

function withoutExternalServers(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  const copy = { ...env };
  for (const name of ['DATABASE_URL', 'TEMPORAL_ADDRESS', 'PUBLIC_URL', 'OPENLINES_SECRET', 'NODE_ENV', 'BACKGROUND_NICE']) delete copy[name];
  return copy;
}

/** Polls the health endpoint every 200 ms until stopped; collects what did not answer 200. */
function watchHealth(url: string) {
  const failures: string[] = [];
  let answered = 0;
  let running = true;
  const loop = (async () => {
    while (running) {
      const status = await fetchStatus(url);
      if (status === 200) answered += 1;
      else failures.push(`${new Date().toISOString()}: ${status}`);
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  })();
  return {
    stop: async () => {
      running = false;
      await loop;
      return { answered, failures };
    },
  };
}

async function fetchStatus(url: string): Promise<number | string> {
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(5_000) });
    await response.body?.cancel();
    return response.status;
  } catch (error) {
    return String((error as Error).cause ?? error);
  }
}

async function until(
  condition: () => boolean | Promise<boolean>,
  failure: () => string,
  timeoutMs: number,
  exited: Promise<unknown>,
): Promise<void> {
  let hasExited = false;
  void exited.then(() => (hasExited = true));
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (hasExited) throw new Error(failure().replace(/^timed out waiting/, 'npm start exited while waiting'));
    if (Date.now() > deadline) throw new Error(failure());
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

type ProcessInfo = { pid: number; parent: number; command: string[] };

async function processTable(): Promise<ProcessInfo[]> {
  const rows = await Promise.all(
    (await readdir('/proc')).filter((name) => /^\d+$/.test(name)).map(async (name) => {
      try {
        const stat = await readFile(`/proc/${name}/stat`, 'utf8');
        const command = (await readFile(`/proc/${name}/cmdline`, 'utf8')).split('\0').filter(Boolean);
        const parent = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
        return [{ pid: Number(name), parent, command }];
      } catch {
        return []; // gone meanwhile
      }
    }),
  );
  return rows.flat();
}

async function descendants(root: number): Promise<number[]> {
  const table = await processTable();
  const found: number[] = [];
  const visit = (pid: number) => {
    for (const row of table.filter((candidate) => candidate.parent === pid)) {
      found.push(row.pid);
      visit(row.pid);
    }
  };
  visit(root);
  return found;
}

/** Whether this kernel groups sessions for scheduling (then each has a nice value of its own). */
const autogroups = await readFile('/proc/self/autogroup', 'utf8').then(
  () => true,
  () => false,
);

/** What cpuPriority reads of a process whose every thread, and session where the kernel has them, runs at `nice`. */
function atNice(nice: number): { threadNice: number[]; sessionNice: number | undefined } {
  return { threadNice: [nice], sessionNice: autogroups ? nice : undefined };
}

/** The nice values of a process's threads, and of its session's scheduling group where the kernel has them. */
async function cpuPriority(pid: number): Promise<{ threadNice: number[]; sessionNice: number | undefined }> {
  const threads = await readdir(`/proc/${pid}/task`);
  const nice = await Promise.all(
    threads.map(async (tid) => {
      const stat = await readFile(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      // Field 19 of stat; the fields after the command name start at field 3.
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]);
    }),
  );
  const autogroup = await readFile(`/proc/${pid}/autogroup`, 'utf8').catch(() => undefined);
  const sessionNice = autogroup === undefined ? undefined : Number(/nice (-?\d+)/.exec(autogroup)?.[1]);
  return { threadNice: [...new Set(nice)], sessionNice };
}

/** `temporal server start-dev`. */
const TEMPORAL_DEV_SERVER = (command: string[]) => command.includes('start-dev');
/** The postmaster of the embedded PostgreSQL. */
const POSTGRES = (command: string[]) => /(^|\/)postgres$/.test(command[0] ?? '');
/** `tsx worker/main.ts` and the node process it runs the worker in. */
const WORKER = (command: string[]) => command.includes('worker/main.ts');
/** `next start`, which renames itself `next-server (v…)`. */
const WEB_SERVER = (command: string[]) =>
  command[0]?.startsWith('next-server') === true || command.some((part) => part.endsWith('/.bin/next') || part.endsWith('/next/dist/bin/next'));

/**
 * Descendants of `root` running a program that have no descendant running it too: the process
 * doing the work, not the wrapper that launched it.
 */
async function programProcesses(root: number, runsProgram: (command: string[]) => boolean): Promise<number[]> {
  const table = await processTable();
  const mine = new Set(await descendants(root));
  const running = table.filter((row) => mine.has(row.pid) && runsProgram(row.command));
  return running.filter((row) => !running.some((other) => other.parent === row.pid)).map((row) => row.pid);
}

async function isRunning(pid: number): Promise<boolean> {
  try {
    const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
    return stat.slice(stat.lastIndexOf(')') + 2)[0] !== 'Z';
  } catch {
    return false;
  }
}
