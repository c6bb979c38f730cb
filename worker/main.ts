import { rm } from 'node:fs/promises';
import { Client } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { appSecret, parseConfig, publicUrl, ConfigError } from '../domain/config';
import { createDb } from '../db/client';
import { internalHostAllowList } from '../domain/network/internal-host-allow-list';
import { createDialogWorker } from './create-worker';
import { bundleWorkflowsApart } from './workflow-bundle';
import { guardedFetch } from '../outbound/guarded-fetch';
import { serveWorkerMetrics } from './metrics';
import { startOutboxSweeper } from './outbox-sweeper';
import { startChannelPollers } from './channel-pollers';
import { startStatisticsFolder } from './statistics-folder';
import { startWebhookSweeper } from './webhook-sweeper';
import { ensureSchedules } from './schedules';
import { workerHeapLimit } from './heap';

// The worker process: runs dialog workflows and their activities until SIGINT/SIGTERM.
try {
  const config = parseConfig(process.env);
  if (!config.DATABASE_URL) throw new ConfigError([{ variable: 'DATABASE_URL', message: 'must be set for the worker (npm start sets it for the embedded database)' }]);
  const db = createDb(config.DATABASE_URL, { max: 20, preparedStatements: config.DATABASE_PREPARED_STATEMENTS === 'on' });
  const channels = {
    appSecret: appSecret(config, 'decrypts channel secrets the web server encrypted'),
    publicUrl: publicUrl(config),
    fetch: guardedFetch(internalHostAllowList(config.HTTP_ALLOWED_INTERNAL_HOSTS)),
  };
  const temporalAddress = config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_DEV_PORT}`;
  // One connection, the SDK's native one, for polling and for the client of the scheduled jobs, the
  // outbox sweeper and the line dispatchers' signals: about a third of the CPU per call of the
  // pure-JS gRPC client (npm run bench:temporal-client).
  const connection = await NativeConnection.connect({ address: temporalAddress });
  const client = new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
  const bundle = await bundleWorkflowsApart();
  const { worker } = await createDialogWorker({
    db,
    connection,
    workflowBundle: { codePath: bundle.codePath },
    temporalAddress,
    namespace: config.TEMPORAL_NAMESPACE,
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    maxOpenDialogsPerOperator: config.MAX_OPEN_DIALOGS_PER_OPERATOR,
    httpAllowList: internalHostAllowList(config.HTTP_ALLOWED_INTERNAL_HOSTS),
    maxCachedWorkflows: config.WORKER_MAX_CACHED_WORKFLOWS,
    workflowStackTraces: config.WORKER_WORKFLOW_STACK_TRACES === 'on',
    temporal: client,
    channels,
  });
  // The worker has read the bundle into memory: its temporary directory goes now, so that no way
  // of ending this process (a signal's grace running out, kill -9) leaves it behind.
  await rm(bundle.dir, { recursive: true, force: true });
  // Health and metrics for the container and Prometheus; no port, no listener.
  const metricsServer = config.WORKER_METRICS_PORT
    ? await serveWorkerMetrics({ port: config.WORKER_METRICS_PORT, token: config.METRICS_TOKEN, workerState: () => worker.getState() })
    : undefined;
  if (metricsServer) console.log(`worker health on :${metricsServer.port}/health, metrics on :${metricsServer.port}/metrics${config.METRICS_TOKEN ? '' : ' (off: METRICS_TOKEN is not set)'}`);
  // The scheduled jobs (daily return, availability clock) run on this task queue; a failure here
  // must not stop dialogs from being served, so it is reported and the worker runs on.
  await ensureSchedules(client, {
    taskQueue: config.TEMPORAL_TASK_QUEUE,
    dailyReturnAt: config.DAILY_RETURN_AT,
    timeZone: config.DAILY_RETURN_TIME_ZONE,
  }).catch((error: unknown) => console.error('could not create or update the scheduled jobs (restart the worker to retry):', error));
  // Client messages stored while Temporal was unreachable reach their dialogs from here.
  const sweeper = startOutboxSweeper({ db, temporal: client, taskQueue: config.TEMPORAL_TASK_QUEUE });
  // Channels without a webhook (Telegram on long polling, IMAP mailboxes) are read from here.
  const pollers = startChannelPollers({ db, temporal: client, taskQueue: config.TEMPORAL_TASK_QUEUE, maxOpenDialogsPerOperator: config.MAX_OPEN_DIALOGS_PER_OPERATOR, channels });
  // Outgoing webhooks queued with their events are sent from here (one workflow per delivery).
  const webhooks = startWebhookSweeper({ db, temporal: client, taskQueue: config.TEMPORAL_TASK_QUEUE });
  // Dialogs' statistics changes reach the roll-up the dashboards read from here.
  const statistics = startStatisticsFolder({ db });
  const heap = workerHeapLimit(config.WORKER_HEAP_MIB);
  if (heap.warning) console.warn(`warning: ${heap.warning}`);
  console.log(
    `worker polling task queue "${config.TEMPORAL_TASK_QUEUE}" on ${temporalAddress} (max cached workflows ${config.WORKER_MAX_CACHED_WORKFLOWS}, heap limit ${heap.limitMiB} MiB)`,
  );
  await worker.run(); // returns after a shutdown signal, once in-flight tasks finish
  await sweeper.stop();
  await pollers.stop();
  await webhooks.stop();
  await statistics.stop();
  await metricsServer?.close();
  await connection.close();
  await db.destroy();
} catch (error) {
  console.error(error instanceof ConfigError ? error.message : error);
  process.exit(1);
}
