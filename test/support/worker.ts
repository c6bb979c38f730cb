import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import type { WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { afterAll, beforeAll, inject } from 'vitest';
import { createTestDatabase, type TestDatabase } from './db';
import { TEST_SECRET } from './env';
import { createDb, type Database } from '../../db/client';
import { DEFAULT_MAX_OPEN_DIALOGS_PER_OPERATOR } from '../../domain/config';
import type { InternalHostAllowList } from '../../domain/network/internal-host-allow-list';
import { startChannelPollers } from '../../worker/channel-pollers';
import { createDialogWorker } from '../../worker/create-worker';
import { bundleWorkflows } from '../../worker/workflow-bundle';

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The workflow bundle, built once per test file process. */
export function sharedWorkflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflows();
  return bundle;
}

export interface RunningTestWorker {
  db: Database;
  client: Client;
  taskQueue: string;
  /** The worker's state ('RUNNING' while it polls). */
  state(): string;
  stop(): Promise<void>;
}

/**
 * A real dialog worker on the shared Temporal dev server, on a task queue of its own, with
 * activities writing to `databaseUrl`. Returns a client for the same server.
 */
export async function startTestWorker(
  databaseUrl: string,
  options: { maxOpenDialogsPerOperator?: number; temporalAddress?: string; httpAllowList?: InternalHostAllowList; publicUrl?: string; pollChannels?: boolean; workflowStackTraces?: boolean } = {},
): Promise<RunningTestWorker> {
  const address = options.temporalAddress ?? inject('temporalAddress');
  const taskQueue = `test-${randomUUID()}`;
  const db = createDb(databaseUrl);
  const maxOpenDialogsPerOperator = options.maxOpenDialogsPerOperator ?? DEFAULT_MAX_OPEN_DIALOGS_PER_OPERATOR;
  const channels = { appSecret: TEST_SECRET, publicUrl: options.publicUrl ?? 'http://localhost:3000' };
  const clientConnection = await Connection.connect({ address });
  const client = new Client({ connection: clientConnection, namespace: 'default' });
  const { worker, connection } = await createDialogWorker({
    db,
    temporalAddress: address,
    namespace: 'default',
    taskQueue,
    maxOpenDialogsPerOperator,
    httpAllowList: options.httpAllowList,
    workflowBundle: await sharedWorkflowBundle(),
    workflowStackTraces: options.workflowStackTraces,
    temporal: client,
    channels,
  });
  const running = worker.run();
  // The worker process's channel pollers (worker/main.ts), for tests of channels read by polling.
  const pollers = options.pollChannels ? startChannelPollers({ db, temporal: client, taskQueue, maxOpenDialogsPerOperator, channels }, { rescanMs: 500, waitMs: 2_000 }) : undefined;
  return {
    db,
    client,
    taskQueue,
    state: () => worker.getState(),
    async stop() {
      await pollers?.stop();
      worker.shutdown();
      await running;
      await connection.close();
      await clientConnection.close();
      await db.destroy();
    },
  };
}

/**
 * A database of its own and a real dialog worker for the calling test file: registers the
 * beforeAll/afterAll that start and stop them. Read `.worker` inside tests, not at import time.
 */
export function useTestWorker(
  options: { httpAllowList?: InternalHostAllowList; publicUrl?: string; pollChannels?: boolean } = {},
): { readonly worker: RunningTestWorker; readonly databaseUrl: string } {
  let database: TestDatabase | undefined;
  let worker: RunningTestWorker | undefined;
  beforeAll(async () => {
    database = await createTestDatabase();
    worker = await startTestWorker(database.url, options);
  });
  afterAll(async () => {
    await worker?.stop();
    await database?.destroy();
  });
  return {
    get worker() {
      if (!worker) throw new Error('useTestWorker(): the worker starts in beforeAll; read it inside a test');
      return worker;
    },
    get databaseUrl() {
      if (!database) throw new Error('useTestWorker(): the database is created in beforeAll; read it inside a test');
      return database.url;
    },
  };
}
