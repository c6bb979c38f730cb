import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { DefaultLogger, Runtime, Worker } from '@temporalio/worker';
import { createActivities } from '../activities';
import { dialogWorkflowId } from '../domain/dialog';
import { internalHostAllowList } from '../domain/network/internal-host-allow-list';
import { createDb } from '../db/client';
import { migrateToLatest } from '../db/migrate';
import { bundleWorkflows } from '../worker/workflow-bundle';
import { startThrowawayPostgres } from './embedded-postgres';
import { scenarios } from './histories/scenarios';
import { startTimeSkippingEnvironment } from './support/time-skipping-server';
import { ensureTemporalTestServer } from './temporal-binaries';

/**
 * `npm run histories:capture`: runs every scenario in scripts/histories/scenarios.ts on real
 * servers and writes each workflow's history to test/histories/<scenario>.json, which the replay
 * test then replays against the current workflow code. Re-run after an intended workflow change
 * (guarded by patched() where old histories must keep replaying).
 */
Runtime.install({ logger: new DefaultLogger('WARN') });

const outputDir = join(import.meta.dirname, '..', 'test', 'histories');
const only = process.argv.slice(2);

const postgres = await startThrowawayPostgres('openlines-histories-pg-');
const env = await startTimeSkippingEnvironment(await ensureTemporalTestServer());
const db = createDb(postgres.url);
try {
  await migrateToLatest(postgres.url);
  const taskQueue = 'capture-histories';
  const worker = await Worker.create({
    connection: env.nativeConnection,
    taskQueue,
    workflowBundle: await bundleWorkflows(),
    // The scenarios' CRM endpoint listens on 127.0.0.1, allowed as HTTP_ALLOWED_INTERNAL_HOSTS would.
    activities: createActivities({ db, maxOpenDialogsPerOperator: 1000, httpAllowList: internalHostAllowList('127.0.0.1') }),
  });
  await worker.runUntil(async () => {
    for (const [name, scenario] of Object.entries(scenarios)) {
      if (only.length > 0 && !only.includes(name)) continue;
      const dialogId = await scenario({ env, db, taskQueue });
      const history = await env.client.workflow.getHandle(dialogWorkflowId(dialogId)).fetchHistory();
      const file = join(outputDir, `${name}.json`);
      await writeFile(file, historyToJSON(history) + '\n');
      console.log(`captured ${name}: ${history.events?.length ?? 0} events → ${file}`);
    }
  });
} finally {
  await db.destroy();
  await env.teardown();
  await postgres.stop();
}
