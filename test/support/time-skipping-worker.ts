import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { Worker } from '@temporalio/worker';
import { afterAll, afterEach, beforeAll, beforeEach } from 'vitest';
import { createActivities } from '../../activities';
import { createDb, type Database } from '../../db/client';
import type { InternalHostAllowList } from '../../domain/network/internal-host-allow-list';
import { createTestDatabase, type TestDatabase } from './db';
import { sendClientMessage } from './dialogs';
import { timeSkippingEnv } from './temporal';
import { sharedWorkflowBundle } from './worker';

export interface TimeSkippingWorker {
  readonly env: TestWorkflowEnvironment;
  readonly db: Database;
  /** A client message through the real inbound path. */
  sendClientMessage(channelId: number, options?: Parameters<typeof sendClientMessage>[2]): ReturnType<typeof sendClientMessage>;
}

/**
 * The dialog workflow on Temporal's time-skipping test server with its real activities writing to
 * a database of this file's own. Each test gets a fresh server and worker: a dialog cut off at the
 * end of a test can leave a scheduled activity that holds the server's time-skipping lock, and a
 * later test's multi-day sleep would then pass in real time. Flows' HTTP requests reach no internal
 * address unless `httpAllowList` names it (as HTTP_ALLOWED_INTERNAL_HOSTS would).
 */
export function useTimeSkippingWorker(options: { httpAllowList?: InternalHostAllowList } = {}): TimeSkippingWorker {
  let env: TestWorkflowEnvironment | undefined;
  let database: TestDatabase | undefined;
  let db: Database | undefined;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  const taskQueue = `time-skipping-${randomUUID()}`;

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb(database.url);
  });

  beforeEach(async () => {
    env = await timeSkippingEnv();
    worker = await Worker.create({
      connection: env.nativeConnection,
      taskQueue,
      workflowBundle: await sharedWorkflowBundle(),
      activities: createActivities({ db: ready().db, maxOpenDialogsPerOperator: 1000, httpAllowList: options.httpAllowList, temporal: env.client }),
    });
    running = worker.run();
  });

  afterEach(async () => {
    worker?.shutdown();
    await running;
    await env?.teardown();
    env = worker = running = undefined;
  });

  afterAll(async () => {
    await db?.destroy();
    await database?.destroy();
  });

  function ready() {
    if (!db) throw new Error('useTimeSkippingWorker(): ready in beforeAll/beforeEach; use it inside a test');
    return { env: env as TestWorkflowEnvironment, db };
  }
  return {
    get env() {
      const { env } = ready();
      if (!env) throw new Error('useTimeSkippingWorker(): the environment starts in beforeEach; use it inside a test');
      return env;
    },
    get db() {
      return ready().db;
    },
    async sendClientMessage(channelId, options) {
      const { env, db } = ready();
      return sendClientMessage({ db, temporal: env.client, taskQueue }, channelId, options);
    },
  };
}
