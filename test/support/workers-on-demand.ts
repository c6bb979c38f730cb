import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Worker } from '@temporalio/worker';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { createActivities, type Activities } from '../../activities';
import { createDb, type Database } from '../../db/client';
import { DEFAULT_MAX_OPEN_DIALOGS_PER_OPERATOR } from '../../domain/config';
import { createTestDatabase, type TestDatabase } from './db';
import { terminateDialogs } from './dialogs';
import { devServerAddress } from './temporal';
import { sharedWorkflowBundle } from './worker';
import { startedBy } from './started';

export interface WorkersOnDemand {
  readonly db: Database;
  readonly client: Client;
  /** Dialogs whose workflows are terminated after the test. */
  readonly dialogs: Set<number>;
  /**
   * A dialog worker on `taskQueue` from now on (default activities unless given); returns a
   * function that stops it (the worker goes down). Every worker still running stops after the test.
   */
  startWorker(taskQueue: string, activities?: Activities): Promise<() => Promise<void>>;
}

/**
 * For tests of what happens before a dialog's worker runs, without one, or when it goes down: a
 * database of this file's own, a client of the shared Temporal dev server, and dialog workers
 * started when the test says, on a task queue of its choosing (none runs until then). Registers
 * the hooks; read the fields inside tests.
 */
export function useWorkersOnDemand(): WorkersOnDemand {
  let database: TestDatabase | undefined;
  let db: Database | undefined;
  let client: Client | undefined;
  const dialogs = new Set<number>();
  const workers: { worker: Worker; running: Promise<void>; connection: NativeConnection }[] = [];

  beforeAll(async () => {
    database = await createTestDatabase();
    db = createDb(database.url);
    client = new Client({ connection: await Connection.connect({ address: devServerAddress() }), namespace: 'default' });
  });

  afterEach(async () => {
    if (client) await terminateDialogs(client, dialogs);
    dialogs.clear();
    for (const { worker, running, connection } of workers.splice(0)) {
      worker.shutdown();
      await running;
      await connection.close();
    }
  });

  afterAll(async () => {
    await client?.connection.close();
    await db?.destroy();
    await database?.destroy();
  });

  const started = startedBy('useWorkersOnDemand()');
  return {
    get db() {
      return started(db);
    },
    get client() {
      return started(client);
    },
    dialogs,
    async startWorker(taskQueue, activities) {
      const connection = await NativeConnection.connect({ address: devServerAddress() });
      const worker = await Worker.create({
        connection,
        taskQueue,
        workflowBundle: await sharedWorkflowBundle(),
        activities: activities ?? createActivities({ db: started(db), maxOpenDialogsPerOperator: DEFAULT_MAX_OPEN_DIALOGS_PER_OPERATOR, temporal: started(client) }),
      });
      const running = { worker, running: worker.run(), connection };
      workers.push(running);
      return async () => {
        workers.splice(workers.indexOf(running), 1);
        worker.shutdown();
        await running.running;
        await connection.close();
      };
    },
  };
}
