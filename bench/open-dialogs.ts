import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { sql } from 'kysely';
import { createDb } from '../db/client';
import { insertLine } from '../db/queries/lines';
import { DEFAULT_MAX_CACHED_WORKFLOWS } from '../domain/config';
import { dialogWorkflowId } from '../domain/dialog';
import { lineSettingsSchema } from '../domain/line-settings';
import { routingChangedSignal } from '../domain/messages';
import { receiveInboundMessage } from '../channels/inbound';
import { processCpuSeconds, processMemory, startMeasuredWorker } from './support/measured-worker';
import { benchServers } from './support/servers';

/**
 * `npm run bench:open-dialogs` — how much memory one worker needs for many open dialogs. Clients
 * open dialogs through the product's own inbound path (store + outbox + signal-with-start) on a
 * line whose deadline timers are armed (no-answer, KPI first answer, expiry; auto-close once an
 * operator writes) and whose queue has nobody, so every dialog stays open, waiting in its
 * workflow with a timer. Prints the worker's RSS (/proc/<pid>/status) during and after the ramp,
 * the ramp time, and the workflow-cache settings; then wakes a sample of dialogs (a routing
 * signal each) to show what the cache size costs: a workflow evicted from the cache replays its
 * history on its next task.
 *
 *   --dialogs 10000        open dialogs to keep
 *   --concurrency 8        inbound messages in flight while ramping
 *   --cache N              WORKER_MAX_CACHED_WORKFLOWS for the worker (default: the product's)
 *   --ramp-minutes 40      stop the ramp there and report the count reached
 *   --wake 500             dialogs woken after the ramp
 *   --worker-node-options  NODE_OPTIONS for the worker, e.g. --worker-node-options=--max-old-space-size=4096
 *                          (Node's default heap: the RSS before WORKER_HEAP_MIB)
 */
const { values } = parseArgs({
  options: {
    dialogs: { type: 'string', default: '10000' },
    concurrency: { type: 'string', default: '8' },
    cache: { type: 'string', default: String(DEFAULT_MAX_CACHED_WORKFLOWS) },
    'ramp-minutes': { type: 'string', default: '40' },
    wake: { type: 'string', default: '500' },
    'worker-node-options': { type: 'string', default: '' },
  },
});
const dialogCount = Number(values.dialogs);
const concurrency = Number(values.concurrency);
const cacheSize = Number(values.cache);
const rampLimitMs = Number(values['ramp-minutes']) * 60_000;
const wakeCount = Number(values.wake);
const mib = (n: number) => `${n.toFixed(0)} MiB`;

const servers = await benchServers();
const db = createDb(servers.databaseUrl, { max: concurrency + 2 });
const taskQueue = `bench-open-dialogs-${randomUUID()}`;
const worker = await startMeasuredWorker({
  databaseUrl: servers.databaseUrl,
  temporalAddress: servers.temporalAddress,
  taskQueue,
  env: { WORKER_MAX_CACHED_WORKFLOWS: String(cacheSize), ...(values['worker-node-options'] ? { NODE_OPTIONS: values['worker-node-options'] } : {}) },
});
const connection = await Connection.connect({ address: servers.temporalAddress });
const temporal = new Client({ connection });

/** Waits until the worker has had nothing to do for a while: every dialog reached its wait. */
async function workerSettled(maxMs: number): Promise<number> {
  const started = performance.now();
  let quietWindows = 0;
  while (performance.now() - started < maxMs) {
    const before = await processCpuSeconds(worker.pid);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const busy = ((await processCpuSeconds(worker.pid)) - before) / 2;
    quietWindows = busy < 0.05 ? quietWindows + 1 : 0;
    if (quietWindows >= 3) return (performance.now() - started - 6000) / 1000;
  }
  return NaN;
}

try {
  // The worker prints its heap limit (WORKER_HEAP_MIB, or --worker-node-options) when it starts polling.
  const heapLimit = /heap limit (\d+) MiB/.exec(worker.pollingLine)?.[1] ?? '?';
  console.log(`bench:open-dialogs: ${dialogCount} dialogs through the inbound path, ${concurrency} in flight, one worker (pid ${worker.pid})`);
  console.log(
    `worker: heap limit ${heapLimit} MiB (WORKER_HEAP_MIB, default 256), maxCachedWorkflows ${cacheSize} (WORKER_MAX_CACHED_WORKFLOWS), reuseV8Context on, maxConcurrentWorkflowTaskExecutions 40 (SDK default)`,
  );
  console.log(`worker at start: RSS ${mib((await processMemory(worker.pid)).rssMiB)}`);

  const settings = lineSettingsSchema.parse({
    greeting: { enabled: false },
    rating: { enabled: false },
    // Every deadline armed, none due during the bench.
    noAnswer: { action: 'send_text', minutes: 24 * 60 },
    autoClose: { enabled: true, afterMinutes: 7 * 24 * 60 },
    kpi: { firstAnswer: { enabled: true, minutes: 12 * 60 }, furtherAnswer: { enabled: true, minutes: 12 * 60 } },
  });
  const lineId = await insertLine(db, 'Open dialogs bench', settings);
  const channel = await db.insertInto('channels').values({ line_id: lineId, kind: 'widget', key: `open-${randomUUID().slice(0, 8)}`, name: 'Bench', config: '{}' }).returning('id').executeTakeFirstOrThrow();

  const cpuAtRampStart = await processCpuSeconds(worker.pid);
  let started = 0;
  let done = 0;
  let failed = 0;
  const rampStarted = performance.now();
  let nextReport = 1000;
  const open = async () => {
    while (started < dialogCount && performance.now() - rampStarted < rampLimitMs) {
      started++;
      try {
        await receiveInboundMessage({ db, temporal, taskQueue }, { channelId: channel.id, externalMessageId: randomUUID(), sender: { externalId: randomUUID() }, text: 'hello' });
        done++;
      } catch (error) {
        failed++;
        if (failed <= 3) console.error('inbound failed:', error);
      }
      if (done >= nextReport) {
        nextReport += 1000;
        const memory = await processMemory(worker.pid);
        console.log(`  ${String(done).padStart(6)} dialogs opened after ${((performance.now() - rampStarted) / 1000).toFixed(0).padStart(4)} s   worker RSS ${mib(memory.rssMiB)}`);
      }
    }
  };
  await Promise.all(Array.from({ length: concurrency }, open));
  const rampSeconds = (performance.now() - rampStarted) / 1000;
  console.log(`ramp: ${done} dialogs opened in ${rampSeconds.toFixed(1)} s (${(done / rampSeconds).toFixed(1)} dialogs/s)${failed ? `, ${failed} failed` : ''}${done < dialogCount ? ` — stopped at the ${values['ramp-minutes']}-minute limit` : ''}`);

  const settleSeconds = await workerSettled(15 * 60_000);
  // The dev server is this bench's own: every running workflow is one of its dialogs.
  const running = await temporal.workflow
    .count(`ExecutionStatus = 'Running'`)
    .then((r) => String(r.count))
    .catch((error: unknown) => `(count failed: ${error instanceof Error ? error.message : String(error)})`);
  const openRows = await db.selectFrom('dialogs').select((eb) => eb.fn.countAll<string>().as('n')).where('line_id', '=', lineId).where('status', '<>', 'closed').executeTakeFirstOrThrow();
  const settled = await processMemory(worker.pid);
  const rampCpu = (await processCpuSeconds(worker.pid)) - cpuAtRampStart;
  console.log(`worker CPU for the ramp: ${rampCpu.toFixed(1)} s (${((rampCpu * 1000) / Math.max(done, 1)).toFixed(1)} ms per dialog)`);
  console.log(`settled ${settleSeconds.toFixed(1)} s after the ramp: ${running} running dialog workflows, ${openRows.n} open dialogs in PostgreSQL`);
  console.log(`worker RSS with ${openRows.n} open dialogs: ${mib(settled.rssMiB)} (peak ${mib(settled.peakRssMiB)})   target <= 500 MiB`);

  // Wake a sample: those evicted from the cache replay their history first.
  if (wakeCount > 0) {
    const dialogs = await db.selectFrom('dialogs').select('id').where('line_id', '=', lineId).orderBy(sql`random()`).limit(wakeCount).execute();
    const cpuBefore = await processCpuSeconds(worker.pid);
    const wakeStarted = performance.now();
    for (let i = 0; i < dialogs.length; i += concurrency) {
      await Promise.all(dialogs.slice(i, i + concurrency).map((d) => temporal.workflow.getHandle(dialogWorkflowId(d.id)).signal(routingChangedSignal)));
    }
    const signalled = (performance.now() - wakeStarted) / 1000;
    const settleAfterWake = await workerSettled(5 * 60_000);
    const cpu = (await processCpuSeconds(worker.pid)) - cpuBefore;
    const woken = await processMemory(worker.pid);
    console.log(`woke ${dialogs.length} random dialogs (a routing signal each): signalled in ${signalled.toFixed(1)} s, worker busy until ${(signalled + settleAfterWake).toFixed(1)} s, ${(cpu * 1000 / dialogs.length).toFixed(1)} ms worker CPU per dialog; RSS ${mib(woken.rssMiB)} (peak ${mib(woken.peakRssMiB)})`);
  }
} finally {
  await connection.close();
  await worker.stop();
  await db.destroy();
  await servers.stop();
}
