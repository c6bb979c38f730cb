import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, Runtime, DefaultLogger, Worker, bundleWorkflowCode } from '@temporalio/worker';
import { advanceFlow, startSession } from '../domain/flows/interpreter';
import { createDb } from '../db/client';
import { upsertOperatorState } from '../db/queries/availability';
import { insertPublishedFlow } from '../db/queries/flows';
import { insertLine, replaceQueue } from '../db/queries/lines';
import { createUserWithPassword } from '../db/seed';
import { lineSettingsSchema } from '../domain/line-settings';
import { receiveInboundMessage } from '../channels/inbound';
import { benchFacts, longRoutingFlow } from './support/long-flow';
import { summarize } from './support/percentiles';
import { benchServers } from './support/servers';
import { startWorkerProcess } from './support/worker-process';

/**
 * `npm run bench:flows` — how fast the flow interpreter walks non-I/O nodes (set variable,
 * condition) inside the dialog workflow. Prints:
 * 1. steps/s of the pure interpreter in plain Node (the baseline, same run);
 * 2. steps/s inside Temporal's workflow sandbox (a bench workflow running the same loop), and its
 *    ratio to the baseline;
 * 3. real dialogs whose routing flow is that long chain: flow start → finish per dialog (p50, p99),
 *    which adds the activities around the flow (load version, facts, events).
 */
Runtime.install({ logger: new DefaultLogger('WARN') });
const require = createRequire(import.meta.url);
const { values } = parseArgs({ options: { nodes: { type: 'string', default: '480' }, rounds: { type: 'string', default: '200' }, dialogs: { type: 'string', default: '20' } } });
const length = Number(values.nodes);
const rounds = Number(values.rounds);
const dialogCount = Number(values.dialogs);

const servers = await benchServers();
const db = createDb(servers.databaseUrl, { max: 5 });
try {
  const document = longRoutingFlow(length, 1);

  // 1. Baseline: plain Node.
  for (let i = 0; i < 20; i++) advanceFlow(document, startSession(1, 1, document), { kind: 'start' }, benchFacts);
  let baselineSteps = 0;
  const baselineStart = performance.now();
  for (let i = 0; i < rounds; i++) baselineSteps += advanceFlow(document, startSession(1, 1, document), { kind: 'start' }, benchFacts).session.steps;
  const baselinePerSecond = baselineSteps / ((performance.now() - baselineStart) / 1000);

  // 2. Inside the workflow sandbox.
  const taskQueue = `bench-interpreter-${randomUUID()}`;
  const nativeConnection = await NativeConnection.connect({ address: servers.temporalAddress });
  const workflowBundle = await bundleWorkflowCode({ workflowsPath: require.resolve('./workflows/interpreter-bench.ts'), logger: new DefaultLogger('WARN') });
  const worker = await Worker.create({ connection: nativeConnection, taskQueue, workflowBundle });
  const connection = await Connection.connect({ address: servers.temporalAddress });
  const client = new Client({ connection });
  const run = (type: string) => async () => {
    const started = performance.now();
    const steps = await client.workflow.execute<(input: { document: typeof document; rounds: number }) => Promise<number>>(type, {
      taskQueue,
      workflowId: `${type}-${randomUUID()}`,
      args: [{ document, rounds }],
    });
    return { steps, ms: performance.now() - started };
  };
  const sandbox = await worker.runUntil(async () => {
    await run('interpreterBenchWorkflow')(); // warm-up
    const empty = [];
    const full = [];
    for (let i = 0; i < 5; i++) {
      empty.push((await run('emptyBenchWorkflow')()).ms);
      full.push(await run('interpreterBenchWorkflow')());
    }
    const emptyMs = Math.min(...empty);
    const best = full.reduce((a, b) => (a.ms < b.ms ? a : b));
    return { steps: best.steps, ms: best.ms - emptyMs, emptyMs };
  });
  const sandboxPerSecond = sandbox.steps / (sandbox.ms / 1000);

  // 3. Real dialogs running the long routing flow.
  const dialogQueue = `bench-dialogs-${randomUUID()}`;
  const dialogWorker = await startWorkerProcess({ databaseUrl: servers.databaseUrl, temporalAddress: servers.temporalAddress, taskQueue: dialogQueue });
  const admin = await createUserWithPassword(db, { email: `flow-bench-${randomUUID().slice(0, 6)}@bench.local`, name: 'Bench admin', role: 'admin', password: randomUUID() });
  await upsertOperatorState(db, admin, { presence: 'online', workday: 'working' }, new Date());
  const lineId = await insertLine(db, 'Flow bench', lineSettingsSchema.parse({ greeting: { enabled: false }, noAnswer: { action: 'nothing' }, rating: { enabled: false } }));
  await replaceQueue(db, lineId, [admin]);
  const routing = longRoutingFlow(length, lineId);
  const flowId = await insertPublishedFlow(db, { name: 'Long routing', document: routing, userId: admin });
  await db.updateTable('lines').set({ settings: JSON.stringify(lineSettingsSchema.parse({ greeting: { enabled: false }, noAnswer: { action: 'nothing' }, rating: { enabled: false }, flows: { routingFlowId: flowId } })) }).where('id', '=', lineId).execute();
  const channel = await db.insertInto('channels').values({ line_id: lineId, kind: 'widget', key: `flow-bench-${randomUUID().slice(0, 8)}`, name: 'Bench', config: '{}' }).returning('id').executeTakeFirstOrThrow();
  const dialogs: number[] = [];
  for (let i = 0; i < dialogCount; i++) {
    const { dialogId } = await receiveInboundMessage(
      { db, temporal: client, taskQueue: dialogQueue },
      { channelId: channel.id, externalMessageId: randomUUID(), sender: { externalId: randomUUID() }, text: 'hello' },
    );
    dialogs.push(dialogId);
  }
  const durations: number[] = [];
  let stepsPerDialog = 0;
  const deadline = Date.now() + 120_000;
  while (durations.length < dialogCount && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const events = await db.selectFrom('dialog_events').select(['dialog_id', 'kind', 'created_at', 'data']).where('dialog_id', 'in', dialogs).where('kind', 'in', ['flow_started', 'flow_finished']).execute();
    durations.length = 0;
    for (const id of dialogs) {
      const started = events.find((e) => e.dialog_id === id && e.kind === 'flow_started');
      const finished = events.find((e) => e.dialog_id === id && e.kind === 'flow_finished');
      if (started && finished) {
        durations.push(finished.created_at.getTime() - started.created_at.getTime());
        stepsPerDialog = Number((finished.data as { steps?: number }).steps ?? 0);
      }
    }
  }
  await dialogWorker.stop();
  await connection.close();
  await nativeConnection.close();

  console.log(`\nFlow interpreter, a chain of ${length} non-I/O nodes (set variable / condition):`);
  console.log(`  plain Node (baseline):      ${Math.round(baselinePerSecond).toLocaleString('en')} steps/s`);
  console.log(`  inside the workflow sandbox: ${Math.round(sandboxPerSecond).toLocaleString('en')} steps/s (${(sandboxPerSecond / baselinePerSecond).toFixed(2)}× the baseline; ${sandbox.steps} steps in ${sandbox.ms.toFixed(0)} ms after an empty workflow's ${sandbox.emptyMs.toFixed(0)} ms)`);
  console.log(`  real dialogs, ${stepsPerDialog} steps each (includes the activities around the flow):`);
  console.log(`  ${summarize('  routing flow start → finish', durations)}`);
} finally {
  await db.destroy();
  await servers.stop();
}
