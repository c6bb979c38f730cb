import { bundleWorkflowCode, type WorkflowBundlePath, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

// Building the dialog workflows' bundle. Kept apart from create-worker.ts (which loads every
// activity and channel library) so the child process that bundles loads only webpack.

const require = createRequire(import.meta.url);

export function workflowsPath(): string {
  return require.resolve('../workflows/index.ts');
}

export async function bundleWorkflows(): Promise<WorkflowBundleWithSourceMap> {
  return bundleWorkflowCode({
    workflowsPath: workflowsPath(),
    // Loaded once per worker and shared by every workflow: see workflows/preload.ts.
    preloadModules: [require.resolve('../workflows/preload.ts')],
    logger: quietBundlerLogger,
  });
}

/**
 * The bundle built by a short-lived child process (worker/bundle-workflows.ts) into a temporary
 * file: webpack takes about 150 MiB while it bundles, which a worker bundling in its own process
 * keeps for the rest of its life.
 */
export async function bundleWorkflowsApart(): Promise<WorkflowBundlePath & { dir: string }> {
  const dir = await mkdtemp(join(tmpdir(), 'openlines-workflows-'));
  const codePath = join(dir, 'workflow-bundle.js');
  await promisify(execFile)(process.execPath, ['--import', 'tsx', require.resolve('./bundle-workflows.ts'), codePath], { maxBuffer: 16 * 1024 * 1024 });
  return { codePath, dir };
}

const quietBundlerLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
  log: () => undefined,
};
