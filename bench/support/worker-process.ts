import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { withWorkerHeap } from '../../worker/heap';
import { spawnManaged, type ManagedChild } from '../../scripts/support/child-process';
import { backgroundNice } from './servers';

const root = join(import.meta.dirname, '..', '..');

export interface WorkerProcessOptions {
  databaseUrl: string;
  temporalAddress: string;
  taskQueue: string;
  /** More variables for the worker; the three above win over them. */
  env?: Record<string, string>;
  /** Run as ONE node process (`node --import tsx`, no tsx launcher in between), so its pid is the worker's own (its memory and CPU can be read from /proc). */
  singleProcess?: boolean;
  /** Every output line but the one saying the worker polls. */
  onOutputLine?: (line: string) => void;
}

/**
 * `worker/main.ts` as a child process in its own process group, configured as `npm start` runs it
 * (worker/heap.ts, BACKGROUND_NICE) for this bench's servers; resolves once it polls its task queue, with the line
 * that said so.
 */
export async function spawnWorkerProcess(options: WorkerProcessOptions): Promise<{ managed: ManagedChild; pollingLine: string }> {
  let ready!: (line: string) => void;
  const polling = new Promise<string>((resolve) => (ready = resolve));
  const main = join(root, 'worker', 'main.ts');
  const [command, args] = options.singleProcess ? [process.execPath, ['--import', 'tsx', main]] : [join(root, 'node_modules', '.bin', 'tsx'), [main]];
  const managed = spawnManaged(command, args, {
    cwd: root,
    nice: backgroundNice,
    env: withWorkerHeap({ ...process.env, ...options.env, DATABASE_URL: options.databaseUrl, TEMPORAL_ADDRESS: options.temporalAddress, TEMPORAL_TASK_QUEUE: options.taskQueue }),
    onOutputLine: (line) => {
      if (line.includes('worker polling')) ready(line);
      else options.onOutputLine?.(line);
    },
  });
  const pollingLine = await Promise.race([
    polling,
    managed.exited.then((exit): string => {
      throw new Error(`worker exited before polling (code ${exit.code})`);
    }),
  ]);
  return { managed, pollingLine };
}

/**
 * The dialog worker of a bench. Lines mentioning an error are echoed; `BENCH_WORKER_LOG=<file>`
 * keeps the worker's whole output there as well.
 */
export async function startWorkerProcess(options: Omit<WorkerProcessOptions, 'onOutputLine' | 'singleProcess'>) {
  const { managed } = await spawnWorkerProcess({
    ...options,
    onOutputLine: (line) => {
      if (process.env.BENCH_WORKER_LOG) appendFileSync(process.env.BENCH_WORKER_LOG, `${line}\n`);
      if (/error/i.test(line)) console.error(`[worker] ${line}`);
    },
  });
  return { pid: managed.child.pid, stop: () => managed.stop(10_000) };
}
