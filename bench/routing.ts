import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { createDb } from '../db/client';
import { upsertOperatorState } from '../db/queries/availability';
import { findLine, insertLine, replaceQueue, updateLine } from '../db/queries/lines';
import { createUserWithPassword } from '../db/seed';
import { DEFAULT_MAX_OPEN_DIALOGS_PER_OPERATOR } from '../domain/config';
import { dialogWorkflowId } from '../domain/dialog';
import { lineSettingsSchema } from '../domain/line-settings';
import { dispatchLine } from '../engine/dispatch-line';
import { acceptUpdate, closeUpdate } from '../domain/messages';
import { LiveBus } from '../web/server/live/bus';
import { receiveInboundMessage } from '../channels/inbound';
import { updateLineSettings } from '../web/server/services/lines';
import { percentile, summarize } from './support/percentiles';
import { closeOfferedDialogInDb } from './support/free-capacity';
import { CpuMeter, describeCpu } from './support/cpu-meter';
import { historyPhases } from './support/history-phases';
import { createLineDispatcherActivities } from './support/line-dispatcher-activities';
import { machineReference } from './support/machine-reference';
import { backgroundNice, benchServers } from './support/servers';
import { startWorkerProcess } from './support/worker-process';
import { dispatchRequestedSignal, lineDispatcherWorkflow } from './workflows/line-dispatcher';

/**
 * `npm run bench:routing` — the queue under load. A burst of new dialogs arrives at a line whose
 * operators have a limit, then at one without: prints how many dialogs are routed (offered) per
 * second until the capacity is used. Then, with the rest waiting, operators close dialogs one at
 * a time: prints the delay from capacity appearing (the close) to the next waiting dialog's offer
 * (p50, p99). Then an admin switches a line's limit off: prints the time until every waiting
 * dialog is offered. Last, the dispatcher's two shapes side by side on the same event: the event
 * calling dispatchLine directly (the product) and a per-line workflow fed by signals
 * (bench/workflows/line-dispatcher.ts); prints both and their ratio.
 */
const { values } = parseArgs({
  options: {
    dialogs: { type: 'string', default: '300' },
    operators: { type: 'string', default: '5' },
    limit: { type: 'string', default: '10' },
    frees: { type: 'string', default: '40' },
  },
});
const dialogCount = Number(values.dialogs);
const operatorCount = Number(values.operators);
const limit = Number(values.limit);
const frees = Number(values.frees);
const capacity = operatorCount * limit;
const require = createRequire(import.meta.url);
Runtime.install({ logger: new DefaultLogger('WARN') });

const servers = await benchServers();
const db = createDb(servers.databaseUrl, { max: 10 });
const taskQueue = `bench-routing-${randomUUID()}`;
const worker = await startWorkerProcess({ databaseUrl: servers.databaseUrl, temporalAddress: servers.temporalAddress, taskQueue });
const connection = await Connection.connect({ address: servers.temporalAddress });
const temporal = new Client({ connection });
const bus = new LiveBus(servers.databaseUrl);
// The bench's process stores and hands over the arrivals itself, as a web server would.
const cpu = new CpuMeter({ worker: worker.pid, Temporal: servers.pids.temporal, PostgreSQL: servers.pids.postgres }, 'bench (inbound)');

try {
  const operators: string[] = [];
  for (let i = 0; i < operatorCount; i++) {
    const id = await createUserWithPassword(db, { email: `route-${i}-${randomUUID().slice(0, 6)}@bench.local`, name: `Operator ${i}`, role: 'manager', password: randomUUID() });
    await upsertOperatorState(db, id, { presence: 'online', workday: 'working' }, new Date());
    operators.push(id);
  }
  const channelOf = new Map<number, number>();
  async function newLine(name: string, distribution: Record<string, unknown>): Promise<number> {
    const settings = lineSettingsSchema.parse({ greeting: { enabled: false }, noAnswer: { action: 'nothing' }, rating: { enabled: false }, distribution: { handoffMinutes: 30, ...distribution } });
    const lineId = await insertLine(db, name, settings);
    await replaceQueue(db, lineId, operators);
    const channel = await db.insertInto('channels').values({ line_id: lineId, kind: 'widget', key: `route-${randomUUID().slice(0, 8)}`, name: 'Bench', config: '{}' }).returning('id').executeTakeFirstOrThrow();
    channelOf.set(lineId, channel.id);
    return lineId;
  }

  const firstOfferAt = new Map<number, { at: number; operatorId: string }>();
  let lastDialogEventAt = performance.now();
  await bus.subscribe((event) => {
    if (event.type === 'dialog.updated') lastDialogEventAt = performance.now();
    if (event.type === 'dialog.updated' && event.offeredTo.length > 0 && !firstOfferAt.has(event.dialogId)) {
      firstOfferAt.set(event.dialogId, { at: performance.now(), operatorId: event.offeredTo[0]! });
    }
  });
  const arrive = (lineId: number, n: number) =>
    Promise.all(
      Array.from({ length: n }, () =>
        receiveInboundMessage({ db, temporal, taskQueue }, { channelId: channelOf.get(lineId)!, externalMessageId: randomUUID(), sender: { externalId: randomUUID() }, text: 'hello' }).then((r) => r.dialogId),
      ),
    );
  const offeredAmong = (ids: readonly number[]) => ids.filter((id) => firstOfferAt.has(id)).length;
  const settle = async () => {
    // Every dialog has made its routing attempts: no dialog event for 2 s.
    while (performance.now() - lastDialogEventAt < 2000) await new Promise((resolve) => setTimeout(resolve, 100));
  };

  /** A burst of new dialogs: routed (offered) per second until the line's capacity is used. */
  async function burst(label: string, distribution: Record<string, unknown>, lineCapacity: number): Promise<number[]> {
    const lineId = await newLine(label, distribution);
    const cpuFrom = await cpu.read();
    const started = performance.now();
    const ids = await arrive(lineId, dialogCount);
    const stored = performance.now();
    const cpuTo = await cpu.read();
    const target = Math.min(lineCapacity, dialogCount);
    while (offeredAmong(ids) < target) await new Promise((resolve) => setTimeout(resolve, 20));
    // When the target-th offer reached the inbox (its live event), which may be before the last arrival was stored.
    const filled = ids.map((id) => firstOfferAt.get(id)?.at ?? Infinity).sort((a, b) => a - b)[target - 1]!;
    console.log(`burst, ${label}: ${dialogCount} dialogs stored and started in ${((stored - started) / 1000).toFixed(2)} s; ${target} routed (offered) in ${((filled - started) / 1000).toFixed(2)} s = ${(target / ((filled - started) / 1000)).toFixed(1)} dialogs routed/s`);
    console.log(describeCpu(`burst, ${label}, until all were stored and handed over`, cpuFrom, cpuTo, { count: dialogCount, unit: 'arrival' }));
    await settle();
    return ids;
  }

  /** Every dialog's workflow has run its first task (offers no longer wait for it, so it may lag behind). */
  async function workflowsCaughtUp(ids: readonly number[]): Promise<void> {
    for (const id of ids) {
      const handle = temporal.workflow.getHandle(dialogWorkflowId(id));
      while (!(await handle.fetchHistory()).events?.some((e) => e.workflowTaskCompletedEventAttributes)) await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }

  console.log(`bench:routing: ${dialogCount} dialogs at once, ${operatorCount} operators (worker and Temporal at nice ${backgroundNice}: BACKGROUND_NICE)`);
  console.log(`at the start, ${machineReference()}`);
  const limited = await burst(`capacity ${capacity} (limit ${limit})`, { limit: { enabled: true, maxOpenDialogs: limit } }, capacity);
  const unlimited = await burst(`capacity ${dialogCount} (no limit)`, { limit: { enabled: false, maxOpenDialogs: limit } }, dialogCount);
  const caughtUpFrom = performance.now();
  await workflowsCaughtUp([...limited, ...unlimited]);
  console.log(`both bursts' workflows ran their first task ${((performance.now() - caughtUpFrom) / 1000).toFixed(2)} s after the no-limit burst settled`);
  console.log(`where the no-limit burst's workflow time went, from its ${unlimited.length} histories (scheduled -> started = waiting for the worker):`);
  for (const line of await historyPhases(temporal, unlimited)) console.log(`  ${line}`);

  // Capacity freed: operators take and close offered dialogs of the limited line one at a time.
  const delays: number[] = [];
  const offered = limited.filter((id) => firstOfferAt.has(id));
  for (let i = 0; i < Math.min(frees, offered.length); i++) {
    const dialogId = offered[i]!;
    const { operatorId } = firstOfferAt.get(dialogId)!;
    const before = new Set(firstOfferAt.keys());
    const handle = temporal.workflow.getHandle(dialogWorkflowId(dialogId));
    await handle.executeUpdate(acceptUpdate, { args: [{ operatorId }] });
    const freedAt = performance.now();
    await handle.executeUpdate(closeUpdate, { args: [{ userId: operatorId }] });
    const deadline = Date.now() + 10_000;
    let next: number | undefined;
    while (next === undefined && Date.now() < deadline) {
      next = [...firstOfferAt.keys()].find((id) => !before.has(id));
      if (next === undefined) await new Promise((resolve) => setTimeout(resolve, 2));
    }
    if (next !== undefined) delays.push(firstOfferAt.get(next)!.at - freedAt);
  }
  console.log(summarize('capacity freed (close) -> next offer', delays));
  console.log(`(the delay includes the close itself: the update, its activity and the dispatch pass after it)`);

  // Settings change that adds capacity: a line with a limit of 1 and waiting dialogs; an admin
  // switches the limit off through the same service the admin page calls.
  const waitingCount = Math.min(50, dialogCount);
  const settingsLine = await newLine('settings', { limit: { enabled: true, maxOpenDialogs: 1 } });
  const waiting = await arrive(settingsLine, waitingCount);
  while (offeredAmong(waiting) < Math.min(operatorCount, waitingCount)) await new Promise((resolve) => setTimeout(resolve, 20));
  await settle();
  const line = (await findLine(db, settingsLine))!;
  const savedAt = performance.now();
  await updateLineSettings(
    { db, temporal, publicUrl: 'http://127.0.0.1' },
    { id: operators[0]!, role: 'admin' },
    { lineId: settingsLine, name: line.name, settings: { ...line.settings, distribution: { ...line.settings.distribution, limit: { ...line.settings.distribution.limit, enabled: false } } }, queue: operators },
  );
  while (offeredAmong(waiting) < waitingCount) await new Promise((resolve) => setTimeout(resolve, 5));
  console.log(`settings change (limit switched off, ${waitingCount - operatorCount} waiting) -> all waiting offered: ${(performance.now() - savedAt).toFixed(1)} ms`);

  // The dispatcher's two shapes, same run, same servers, same event. Capacity is freed in the
  // database (no product event), then the capacity event goes either (a) directly to
  // dispatchLine, as the product does, or (b) as a signalWithStart to a per-line workflow whose
  // activity runs the same pass. Each shape has its own line; the two take turns.
  const shapeLimit = 2;
  const shapeCapacity = operatorCount * shapeLimit;
  const shapeFrees = Math.min(frees, 30);
  const dispatchDeps = { db, temporal, maxOpenDialogsPerOperator: DEFAULT_MAX_OPEN_DIALOGS_PER_OPERATOR };
  const lineQueue = `bench-line-dispatcher-${randomUUID()}`;
  const nativeConnection = await NativeConnection.connect({ address: servers.temporalAddress });
  const lineWorker = await Worker.create({
    connection: nativeConnection,
    taskQueue: lineQueue,
    workflowBundle: await bundleWorkflowCode({ workflowsPath: require.resolve('./workflows/line-dispatcher.ts'), logger: new DefaultLogger('WARN') }),
    activities: createLineDispatcherActivities(dispatchDeps),
  });
  const shapes = {
    direct: (lineId: number) => void dispatchLine(dispatchDeps, lineId).catch((error: unknown) => console.error('direct dispatch failed:', error)),
    workflow: (lineId: number) =>
      void temporal.workflow
        .signalWithStart(lineDispatcherWorkflow, { taskQueue: lineQueue, workflowId: `line-dispatcher-${lineId}`, args: [{ lineId }], signal: dispatchRequestedSignal, signalArgs: [] })
        .catch((error: unknown) => console.error('signalWithStart failed:', error)),
  };
  type Shape = keyof typeof shapes;
  const waitForOffers = async (ids: readonly number[], n: number) => {
    const deadline = Date.now() + 30_000;
    while (offeredAmong(ids) < n && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 2));
    return offeredAmong(ids) >= n;
  };
  const shapeResults = await lineWorker.runUntil(async () => {
    const freedDelays: Record<Shape, number[]> = { direct: [], workflow: [] };
    const freeLines = {} as Record<Shape, { lineId: number; ids: number[]; freed: Set<number> }>;
    for (const shape of ['direct', 'workflow'] as const) {
      const lineId = await newLine(`shape ${shape}, frees`, { limit: { enabled: true, maxOpenDialogs: shapeLimit } });
      freeLines[shape] = { lineId, ids: await arrive(lineId, shapeCapacity + shapeFrees), freed: new Set() };
    }
    for (const shape of ['direct', 'workflow'] as const) await waitForOffers(freeLines[shape].ids, shapeCapacity);
    await settle();
    // Warm-up: the per-line workflow started, the direct path's queries prepared.
    for (const shape of ['direct', 'workflow'] as const) shapes[shape](freeLines[shape].lineId);
    await settle();
    for (let i = 0; i < shapeFrees; i++) {
      for (const shape of (i % 2 === 0 ? ['direct', 'workflow'] : ['workflow', 'direct']) as Shape[]) {
        const { lineId, ids, freed } = freeLines[shape];
        const dialogId = ids.find((id) => firstOfferAt.has(id) && !freed.has(id));
        if (dialogId === undefined) continue;
        freed.add(dialogId);
        await closeOfferedDialogInDb(db, dialogId);
        const before = offeredAmong(ids);
        const freedAt = performance.now();
        shapes[shape](lineId);
        if (!(await waitForOffers(ids, before + 1))) continue;
        const next = ids.filter((id) => firstOfferAt.has(id)).reduce((a, b) => (firstOfferAt.get(a)!.at > firstOfferAt.get(b)!.at ? a : b));
        freedDelays[shape].push(firstOfferAt.get(next)!.at - freedAt);
      }
    }
    // Settings-style event: limit 1 with waiting dialogs, the limit switched off in the database,
    // then the event.
    const settingsMs = {} as Record<Shape, number>;
    const settingsLines = {} as Record<Shape, { lineId: number; ids: number[] }>;
    for (const shape of ['direct', 'workflow'] as const) {
      const lineId = await newLine(`shape ${shape}, settings`, { limit: { enabled: true, maxOpenDialogs: 1 } });
      settingsLines[shape] = { lineId, ids: await arrive(lineId, waitingCount) };
    }
    for (const shape of ['direct', 'workflow'] as const) await waitForOffers(settingsLines[shape].ids, Math.min(operatorCount, waitingCount));
    // Warm-up as above: a long-lived line workflow is already running when its line's settings change.
    for (const shape of ['direct', 'workflow'] as const) shapes[shape](settingsLines[shape].lineId);
    await settle();
    for (const shape of ['direct', 'workflow'] as const) {
      const { lineId, ids } = settingsLines[shape];
      const { name, settings } = (await findLine(db, lineId))!;
      await updateLine(db, lineId, name, { ...settings, distribution: { ...settings.distribution, limit: { ...settings.distribution.limit, enabled: false } } });
      const savedAt = performance.now();
      shapes[shape](lineId);
      await waitForOffers(ids, waitingCount);
      settingsMs[shape] = performance.now() - savedAt;
      await settle();
    }
    return { freedDelays, settingsMs };
  });
  await nativeConnection.close();
  const { freedDelays, settingsMs } = shapeResults;
  const ratio = (a: number, b: number) => `${(a / b).toFixed(2)}×`;
  console.log(`\ndispatcher shape, same run and servers (line limit ${shapeLimit}, ${operatorCount} operators; capacity freed in the database, then the event):`);
  console.log(summarize('(a) direct dispatchLine: freed -> next offer', freedDelays.direct));
  console.log(summarize('(b) per-line workflow: freed -> next offer', freedDelays.workflow));
  console.log(`    ratio workflow / direct: p50 ${ratio(percentile(freedDelays.workflow, 50), percentile(freedDelays.direct, 50))}, p99 ${ratio(percentile(freedDelays.workflow, 99), percentile(freedDelays.direct, 99))}`);
  console.log(`(a) direct dispatchLine: limit switched off, ${waitingCount - operatorCount} waiting -> all offered: ${settingsMs.direct.toFixed(1)} ms`);
  console.log(`(b) per-line workflow:   limit switched off, ${waitingCount - operatorCount} waiting -> all offered: ${settingsMs.workflow.toFixed(1)} ms`);
  console.log(`    ratio workflow / direct: ${ratio(settingsMs.workflow, settingsMs.direct)}`);
  console.log(`at the end, ${machineReference()}`);

  const all = await db.selectFrom('dialogs').select('id').execute();
  await Promise.all(all.map((d) => temporal.workflow.getHandle(dialogWorkflowId(d.id)).terminate('bench finished').catch(() => undefined)));
} finally {
  await bus.stop();
  await connection.close();
  await worker.stop();
  await db.destroy();
  await servers.stop();
}
