import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { withWorkerHeap } from '../../worker/heap';
import { spawnManaged } from '../../scripts/support/child-process';

const root = join(import.meta.dirname, '..', '..');

/**
 * `worker/main.ts` as ONE node process (`node --import tsx`, no tsx launcher in between), so its
 * pid is the worker's own and its memory can be read from /proc. Resolves once it polls.
 */
export async function startMeasuredWorker(options: { databaseUrl: string; temporalAddress: string; taskQueue: string; env?: Record<string, string> }) {
  let ready!: (line: string) => void;
  const polling = new Promise<string>((resolve) => (ready = resolve));
  const worker = spawnManaged(process.execPath, ['--import', 'tsx', join(root, 'worker', 'main.ts')], {
    cwd: root,
    env: withWorkerHeap({ ...process.env, ...options.env, DATABASE_URL: options.databaseUrl, TEMPORAL_ADDRESS: options.temporalAddress, TEMPORAL_TASK_QUEUE: options.taskQueue }),
    onOutputLine: (line) => {
      if (line.includes('worker polling')) ready(line);
      else if (/error/i.test(line)) console.error(`[worker] ${line}`);
    },
  });
  const pollingLine = await Promise.race([
    polling,
    worker.exited.then((exit): string => {
      throw new Error(`worker exited before polling (code ${exit.code})`);
    }),
  ]);
  const pid = worker.child.pid;
  if (pid === undefined) throw new Error('the worker has no pid');
  return { pid, pollingLine, stop: () => worker.stop(10_000) };
}

export interface ProcessMemory {
  /** Resident set size now, MiB. */
  rssMiB: number;
  /** The highest resident set size so far, MiB. */
  peakRssMiB: number;
}

/** VmRSS and VmHWM of a live process, from /proc/<pid>/status (Linux). */
export async function processMemory(pid: number): Promise<ProcessMemory> {
  const status = await readFile(`/proc/${pid}/status`, 'utf8');
  const kib = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
  return { rssMiB: kib('VmRSS') / 1024, peakRssMiB: kib('VmHWM') / 1024 };
}

/** CPU seconds (user + system) a live process has used, from /proc/<pid>/stat. */
export async function processCpuSeconds(pid: number): Promise<number> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at field 3; utime, stime are 14, 15.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}
