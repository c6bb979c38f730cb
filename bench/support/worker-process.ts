import { appendFileSync } from 'node:fs';
import { join } from 'node:path';
import { withWorkerHeap } from '../../worker/heap';
import { spawnManaged } from '../../scripts/support/child-process';

const root = join(import.meta.dirname, '..', '..');

/**
 * `worker/main.ts` as a child process; resolves once it polls its task queue. Lines mentioning an
 * error are echoed; `BENCH_WORKER_LOG=<file>` keeps the worker's whole output there as well.
 */
export async function startWorkerProcess(options: { databaseUrl: string; temporalAddress: string; taskQueue: string; env?: Record<string, string> }) {
  let ready!: () => void;
  const polling = new Promise<void>((resolve) => (ready = resolve));
  const worker = spawnManaged(join(root, 'node_modules', '.bin', 'tsx'), [join(root, 'worker', 'main.ts')], {
    cwd: root,
    env: withWorkerHeap({ ...process.env, DATABASE_URL: options.databaseUrl, TEMPORAL_ADDRESS: options.temporalAddress, TEMPORAL_TASK_QUEUE: options.taskQueue, ...options.env }),
    onOutputLine: (line) => {
      if (process.env.BENCH_WORKER_LOG) appendFileSync(process.env.BENCH_WORKER_LOG, `${line}\n`);
      if (line.includes('worker polling')) ready();
      else if (/error/i.test(line)) console.error(`[worker] ${line}`);
    },
  });
  await Promise.race([
    polling,
    worker.exited.then((exit) => {
      throw new Error(`worker exited before polling (code ${exit.code})`);
    }),
  ]);
  return { stop: () => worker.stop(10_000) };
}
