import type { Client } from '@temporalio/client';
import { NativeConnection, Worker, bundleWorkflowCode, type WorkflowBundlePath, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { execFile } from 'node:child_process';
import { mkdtemp } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createActivities } from '../activities';
import type { ChannelRuntime } from '../channels/load';
import type { Database } from '../db/client';
import type { InternalHostAllowList } from '../domain/network/internal-host-allow-list';
import { countActivityFailures } from './metrics';

const require = createRequire(import.meta.url);

export interface DialogWorkerOptions {
  db: Database;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  maxOpenDialogsPerOperator: number;
  /** Internal hosts flows' HTTP requests may reach (HTTP_ALLOWED_INTERNAL_HOSTS); none when unset. */
  httpAllowList?: InternalHostAllowList;
  /** Workflows kept in memory between tasks (WORKER_MAX_CACHED_WORKFLOWS); the SDK's default when unset. */
  maxCachedWorkflows?: number;
  /** The client activities tell dialog workflows with (the line's dispatcher); by default the worker's own. */
  temporal?: Client;
  /** OPENLINES_SECRET and PUBLIC_URL for channel connectors (decrypting settings, signing file links). */
  channels?: ChannelRuntime;
  /** A prebuilt bundle (tests share one; the worker process builds it apart) — otherwise workflows/index.ts is bundled now. */
  workflowBundle?: WorkflowBundleWithSourceMap | WorkflowBundlePath;
}

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

/** The worker that runs dialog workflows and their activities. */
export async function createDialogWorker(options: DialogWorkerOptions): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = await NativeConnection.connect({ address: options.temporalAddress });
  const worker = await Worker.create({
    connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    workflowBundle: options.workflowBundle ?? (await bundleWorkflows()),
    activities: createActivities({
      db: options.db,
      maxOpenDialogsPerOperator: options.maxOpenDialogsPerOperator,
      httpAllowList: options.httpAllowList,
      temporal: options.temporal,
      channels: options.channels,
    }),
    interceptors: { activity: [countActivityFailures] },
    ...(options.maxCachedWorkflows !== undefined ? { maxCachedWorkflows: options.maxCachedWorkflows } : {}),
  });
  return { worker, connection };
}

const quietBundlerLogger = {
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
  log: () => undefined,
};
