import type { Client } from '@temporalio/client';
import { NativeConnection, Worker, type WorkflowBundlePath, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { ChannelRuntime } from '../channels/load';
import type { Database } from '../db/client';
import type { InternalHostAllowList } from '../domain/network/internal-host-allow-list';
import { countActivityFailures } from './metrics';
import { bundleWorkflows } from './workflow-bundle';

export interface DialogWorkerOptions {
  db: Database;
  temporalAddress: string;
  /** The connection to poll on (the worker process shares it with its client); one to `temporalAddress` is opened otherwise. */
  connection?: NativeConnection;
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
  /** Whether workflows answer Temporal's stack-trace query (WORKER_WORKFLOW_STACK_TRACES); off when unset. */
  workflowStackTraces?: boolean;
  /** A prebuilt bundle (tests share one; the worker process builds it apart) — otherwise workflows/index.ts is bundled now. */
  workflowBundle?: WorkflowBundleWithSourceMap | WorkflowBundlePath;
}

/** The worker that runs dialog workflows and their activities. */
export async function createDialogWorker(options: DialogWorkerOptions): Promise<{ worker: Worker; connection: NativeConnection }> {
  const connection = options.connection ?? (await NativeConnection.connect({ address: options.temporalAddress }));
  // Read by the SDK's workflow threads as Worker.create starts them (patches/@temporalio+worker+*.patch):
  // off, they leave out the promise hook that captures a stack trace for every promise a workflow creates.
  process.env.TEMPORAL_WORKFLOW_STACK_TRACES = options.workflowStackTraces ? 'on' : 'off';
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
