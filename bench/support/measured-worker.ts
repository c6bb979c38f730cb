import { readFile } from 'node:fs/promises';
import { readProcStat } from './proc-stat';
import { spawnWorkerProcess } from './worker-process';

/** The dialog worker as one node process, so its memory and CPU can be read from /proc by its pid. Resolves once it polls. */
export async function startMeasuredWorker(options: { databaseUrl: string; temporalAddress: string; taskQueue: string; env?: Record<string, string> }) {
  const { managed, pollingLine } = await spawnWorkerProcess({
    ...options,
    singleProcess: true,
    onOutputLine: (line) => {
      if (/error/i.test(line)) console.error(`[worker] ${line}`);
    },
  });
  const pid = managed.child.pid;
  if (pid === undefined) throw new Error('the worker has no pid');
  return { pid, pollingLine, stop: () => managed.stop(10_000) };
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
  const stat = await readProcStat(pid);
  if (!stat) throw new Error(`process ${pid} is gone`);
  return stat.cpuSeconds;
}
