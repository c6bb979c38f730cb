import { Client, Connection } from '@temporalio/client';
import { config, temporalAddress } from './config';

// One lazily connecting client per server process, never a connection per request.
const globalForTemporal = globalThis as unknown as { openlinesTemporal?: Client };

export function getTemporal(): Client {
  globalForTemporal.openlinesTemporal ??= new Client({
    connection: Connection.lazy({ address: temporalAddress() }),
    namespace: config.TEMPORAL_NAMESPACE,
  });
  return globalForTemporal.openlinesTemporal;
}

export const taskQueue = config.TEMPORAL_TASK_QUEUE;
