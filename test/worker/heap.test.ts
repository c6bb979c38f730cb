import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '../../domain/config';
import { withWorkerHeap, workerHeapLimit } from '../../worker/heap';

/** The heap limit (MiB) a Node process started with `env` gets. */
function heapLimitOfChild(env: Record<string, string | undefined>): number {
  const out = execFileSync(process.execPath, ['-e', 'console.log(require("node:v8").getHeapStatistics().heap_size_limit)'], { env: env as NodeJS.ProcessEnv, encoding: 'utf8' });
  return Number(out.trim()) / 1048576;
}

describe('the worker process heap limit (WORKER_HEAP_MIB)', () => {
  const base = { PATH: process.env.PATH };

  it('starts a worker process with 256 MiB of heap unless told otherwise', () => {
    const limit = heapLimitOfChild(withWorkerHeap(base));
    // V8 adds its young generation on top of the old-space limit.
    expect(limit).toBeGreaterThanOrEqual(256);
    expect(limit).toBeLessThan(400);
    expect(heapLimitOfChild(base)).toBeGreaterThan(limit);
  });

  it('follows WORKER_HEAP_MIB and keeps other NODE_OPTIONS', () => {
    const env = withWorkerHeap({ ...base, WORKER_HEAP_MIB: '600', NODE_OPTIONS: '--no-deprecation' });
    expect(env.NODE_OPTIONS).toBe('--no-deprecation --max-old-space-size=600');
    const limit = heapLimitOfChild(env);
    expect(limit).toBeGreaterThanOrEqual(600);
    expect(limit).toBeLessThan(750);
  });

  it('leaves a heap limit already in NODE_OPTIONS alone', () => {
    expect(withWorkerHeap({ ...base, NODE_OPTIONS: '--max-old-space-size=1024' }).NODE_OPTIONS).toBe('--max-old-space-size=1024');
  });

  it('refuses a limit too small to run on, naming the variable and the minimum', () => {
    expect(() => parseConfig({ WORKER_HEAP_MIB: '64' })).toThrow(ConfigError);
    expect(() => parseConfig({ WORKER_HEAP_MIB: '64' })).toThrow(/WORKER_HEAP_MIB: must be at least 128 \(MiB\)/);
    expect(() => parseConfig({ WORKER_HEAP_MIB: 'lots' })).toThrow(/WORKER_HEAP_MIB: must be a whole number of MiB, e\.g\. 256/);
    // The benches start workers without parsing the whole configuration first: the same message.
    expect(() => withWorkerHeap({ ...base, WORKER_HEAP_MIB: '64' })).toThrow(/WORKER_HEAP_MIB: must be at least 128 \(MiB\)/);
  });

  it('warns a worker started with a heap limit far above WORKER_HEAP_MIB, naming the fix', () => {
    const { limitMiB } = workerHeapLimit(1_000_000);
    const configured = Math.floor(limitMiB / 4);
    const { warning } = workerHeapLimit(configured);
    expect(warning).toContain(`a ${limitMiB} MiB heap limit, not WORKER_HEAP_MIB (${configured} MiB)`);
    expect(warning).toContain(`NODE_OPTIONS=--max-old-space-size=${configured}`);
    expect(workerHeapLimit(limitMiB).warning).toBeUndefined();
  });
});
