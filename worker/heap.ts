import { getHeapStatistics } from 'node:v8';
import { ConfigError, configSchema } from '../domain/config';

const HEAP_FLAG = /--max-old-space-size[= ]/;

/**
 * The environment to start `worker/main.ts` with: NODE_OPTIONS gains --max-old-space-size set to
 * WORKER_HEAP_MIB (256 unless set), unless it already names a heap limit of its own. Whatever starts
 * a worker process (npm start, the benches) starts it through this.
 */
export function withWorkerHeap<Env extends Record<string, string | undefined>>(env: Env): Env & { NODE_OPTIONS?: string } {
  const nodeOptions = env.NODE_OPTIONS ?? '';
  if (HEAP_FLAG.test(nodeOptions)) return env;
  const heapMiB = configSchema.shape.WORKER_HEAP_MIB.safeParse(env.WORKER_HEAP_MIB || undefined);
  if (!heapMiB.success) throw new ConfigError(heapMiB.error.issues.map((issue) => ({ variable: 'WORKER_HEAP_MIB', message: issue.message })));
  return { ...env, NODE_OPTIONS: `${nodeOptions} --max-old-space-size=${heapMiB.data}`.trim() };
}

/** This process's heap limit in MiB, and a warning when it is far above WORKER_HEAP_MIB (started without withWorkerHeap). */
export function workerHeapLimit(configuredMiB: number): { limitMiB: number; warning?: string } {
  const limitMiB = Math.round(getHeapStatistics().heap_size_limit / 1048576);
  // V8 adds its young generation to the old-space limit: allow for it.
  if (limitMiB <= configuredMiB * 1.5 + 64) return { limitMiB };
  return {
    limitMiB,
    warning:
      `the worker runs with a ${limitMiB} MiB heap limit, not WORKER_HEAP_MIB (${configuredMiB} MiB): V8 then lets garbage pile up ` +
      `and the worker's memory grows far beyond what its dialogs need. Start it with NODE_OPTIONS=--max-old-space-size=${configuredMiB} ` +
      `(npm start does), or set WORKER_HEAP_MIB to the limit you want.`,
  };
}
