import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * A child process in its own process group, so that stopping it also stops whatever it spawned
 * (tsx and next start grandchildren) and a terminal's Ctrl-C reaches only the parent, which then
 * shuts everything down in order.
 */
export type ManagedChild = {
  readonly child: ChildProcess;
  /** Resolves once the process has exited (or could not be started: `error`). */
  readonly exited: Promise<ChildExit>;
  hasExited(): boolean;
  /** `stopSignal` (default SIGTERM) to the whole group, then SIGKILL after `graceMs`. Safe to call more than once. */
  stop(graceMs?: number): Promise<void>;
};

export type ChildExit = { code: number | null; signal: NodeJS.Signals | null; error?: Error };

export function spawnManaged(
  command: string,
  args: string[],
  options: SpawnOptions & {
    outputPrefix?: string;
    onOutputLine?: (line: string) => void;
    stopSignal?: NodeJS.Signals;
    /** A lower CPU priority (nice, 1–19) for a background process; 0 or absent: the same as this one. */
    nice?: number;
  } = {},
): ManagedChild {
  const { outputPrefix, onOutputLine, stopSignal = 'SIGTERM', nice = 0, ...spawnOptions } = options;
  // `nice` runs the program in its place (same pid) with every thread it starts at that priority.
  const [program, programArgs] = nice > 0 ? ['nice', ['-n', String(nice), command, ...args]] : [command, args];
  const child = spawn(program, programArgs, { stdio: ['ignore', 'pipe', 'pipe'], ...spawnOptions, detached: true });
  if (nice > 0 && child.pid !== undefined) lowerSessionPriority(child.pid, nice);
  let done = false;
  const exited = new Promise<ChildExit>((resolve) => {
    // 'close', not 'exit': it also waits for the output to be drained and for grandchildren
    // still holding the pipes, so nothing is left behind once this resolves.
    child.once('close', (code, signal) => {
      done = true;
      resolve({ code, signal });
    });
    child.once('error', (error) => {
      done = true;
      resolve({ code: null, signal: null, error });
    });
  });
  for (const stream of [child.stdout, child.stderr]) {
    if (!stream) continue;
    createInterface({ input: stream }).on('line', (line) => {
      onOutputLine?.(line);
      if (outputPrefix !== undefined) console.log(`${outputPrefix} ${line}`);
    });
  }
  // If this process dies without an orderly stop, don't leave the group running.
  const killOnExit = () => signalGroup(child, 'SIGKILL');
  process.once('exit', killOnExit);
  live.add(child);
  killOnFatalSignals();
  void exited.then(() => {
    process.removeListener('exit', killOnExit);
    live.delete(child);
  });

  let stopping: Promise<void> | undefined;
  // A leader that dies on its own (kill -9 of `tsx`) orphans its children, which keep the pipes and
  // so 'close' from ever coming: whoever waits for `exited` to restart it would wait forever. On an
  // orderly stop the children get their grace period instead (see stop()).
  child.once('exit', () => {
    if (stopping === undefined) signalGroup(child, 'SIGKILL');
  });
  const stop = (graceMs = 10_000) => {
    stopping ??= (async () => {
      if (done) return;
      signalGroup(child, stopSignal);
      const killTimer = setTimeout(() => signalGroup(child, 'SIGKILL'), graceMs);
      await exited;
      clearTimeout(killTimer);
      // Grandchildren that ignored SIGTERM would outlive the group leader otherwise.
      signalGroup(child, 'SIGKILL');
    })();
    return stopping;
  };
  return { child, exited, hasExited: () => done, stop };
}

/** Children of this process still running (see killOnFatalSignals). */
const live = new Set<ChildProcess>();
const FATAL_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
let watchingSignals = false;

/**
 * Node emits no 'exit' when a signal kills it, so a script with no handler of its own (a bench
 * stopped with Ctrl-C or `timeout`) would leave its children running: its embedded PostgreSQL and
 * Temporal server. While children run, a signal nobody else handles kills their groups first and
 * then this process, as the signal would have. A script that handles the signal (npm start's
 * orderly shutdown) is left to do so.
 */
function killOnFatalSignals(): void {
  if (watchingSignals) return;
  watchingSignals = true;
  const onSignal = (signal: NodeJS.Signals) => {
    if (process.listenerCount(signal) > 1) return;
    for (const child of live) signalGroup(child, 'SIGKILL');
    for (const fatal of FATAL_SIGNALS) process.removeListener(fatal, onSignal);
    process.kill(process.pid, signal);
  };
  for (const fatal of FATAL_SIGNALS) process.on(fatal, onSignal);
}

/**
 * Linux with autogroup scheduling (most desktop and many server kernels) shares the CPU first
 * between sessions, and the child leads its own (detached): a thread's nice then only ranks it
 * within its session, and the session's own nice value is what ranks it against the others.
 * Raising it is allowed without privileges; elsewhere (no /proc, autogroup off) the threads' nice counts.
 */
function lowerSessionPriority(pid: number, nice: number): void {
  try {
    writeFileSync(`/proc/${pid}/autogroup`, String(nice));
  } catch {
    // No autogroup here: the nice value of each thread is what the scheduler weighs.
  }
}

function signalGroup(child: ChildProcess, signal: NodeJS.Signals): void {
  if (child.pid === undefined) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // The group is already gone.
  }
}
