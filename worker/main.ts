import { parseConfig, ConfigError } from '../domain/config';
import { createDb } from '../db/client';
import { createDialogWorker } from './create-worker';

// The worker process: runs dialog workflows and their activities until SIGINT/SIGTERM.
try {
  const config = parseConfig(process.env);
  if (!config.DATABASE_URL) throw new ConfigError([{ variable: 'DATABASE_URL', message: 'must be set for the worker (npm start sets it for the embedded database)' }]);
  const db = createDb(config.DATABASE_URL, { max: 20 });
  const temporalAddress = config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_DEV_PORT}`;
  const { worker, connection } = await createDialogWorker({
    db,
    temporalAddress,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    maxOpenDialogsPerOperator: config.MAX_OPEN_DIALOGS_PER_OPERATOR,
  });
  console.log(`worker polling task queue "${config.TEMPORAL_TASK_QUEUE}" on ${temporalAddress}`);
  await worker.run(); // returns after a shutdown signal, once in-flight tasks finish
  await connection.close();
  await db.destroy();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
