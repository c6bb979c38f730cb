import { randomBytes, randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { createDb } from '../db/client';
import { upsertOperatorState } from '../db/queries/availability';
import { insertLine, replaceQueue } from '../db/queries/lines';
import { createUserWithPassword } from '../db/seed';
import { dialogWorkflowId } from '../domain/dialog';
import { defaultLineSettings } from '../domain/line-settings';
import type { LiveEvent } from '../domain/live-events';
import { startWebServer } from '../scripts/support/web-server';
import { measureBareFloor } from './support/bare-floor';
import { CpuMeter, describeCpu } from './support/cpu-meter';
import { OperatorClient } from './support/operator-client';
import { machineReference } from './support/machine-reference';
import { sendAtRate } from './support/pace';
import { percentile, summarize } from './support/percentiles';
import { backgroundNice, benchServers } from './support/servers';
import { WidgetVisitor } from './support/widget-visitor';
import { startWorkerProcess } from './support/worker-process';

/**
 * `npm run bench` — the whole path as people use it. N widget visitors post messages to the widget
 * HTTP API of the production web server at a fixed rate; signed-in operators listen to the inbox's
 * tRPC live subscription (server-sent events) and take and answer every offer with tRPC mutations;
 * the dialog worker runs in its own process. Prints, per inbound message, the latency from the
 * visitor's POST to the first operator inbox receiving it; per new dialog, the latency from its
 * first message to the offer reaching the inbox (the durable workflow path); and the rate achieved.
 *
 * Three phases in one run, on the same PostgreSQL: the bare floor (bench/support/bare-floor.ts: an
 * HTTP POST that INSERTs and NOTIFYs, an SSE listener, no Temporal) under the same load, whose
 * percentiles the product's are divided by; the product's messages from `visitors` visitors; then
 * `new-dialogs` seconds of first messages from new visitors at `rate` a second, each a new dialog.
 * After the percentiles it prints each process's CPU in the two product phases (web server, worker,
 * Temporal, PostgreSQL, and the bench's own clients), per message and per new dialog.
 * `--cpu-prof DIR` writes CPU profiles of the web server and the worker there (on exit).
 * `--warm-up SECONDS` (default 0) first sends that many seconds of messages from other visitors at
 * `rate`, not measured: the measured phases then run on processes whose code paths V8 has already
 * compiled, as on a server that has been up a while (the issue's figures are without it).
 */
const { values } = parseArgs({
  options: {
    visitors: { type: 'string', default: '50' },
    rate: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '30' },
    operators: { type: 'string', default: '5' },
    'new-dialogs': { type: 'string', default: '15' },
    'cpu-prof': { type: 'string' },
    'warm-up': { type: 'string', default: '0' },
  },
});
const visitorCount = Number(values.visitors);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const operatorCount = Number(values.operators);
const newDialogSeconds = Number(values['new-dialogs']);
const warmUpSeconds = Number(values['warm-up']);
const profileEnv: Record<string, string> = values['cpu-prof']
  ? { NODE_OPTIONS: `--import ${join(import.meta.dirname, 'support', 'cpu-profile.mjs')}`, OPENLINES_CPU_PROFILE_DIR: values['cpu-prof'] }
  : {};
const PASSWORD = randomUUID();

const servers = await benchServers();
const db = createDb(servers.databaseUrl, { max: 5 });
const taskQueue = `bench-${randomUUID()}`;
const worker = await startWorkerProcess({ databaseUrl: servers.databaseUrl, temporalAddress: servers.temporalAddress, taskQueue, env: profileEnv });
// As behind a reverse proxy: each visitor has its own address (198.18.0.0/15 is for benchmarks).
const web = await startWebServer({
  databaseUrl: servers.databaseUrl,
  temporalAddress: servers.temporalAddress,
  taskQueue,
  secret: randomBytes(32).toString('hex'),
  env: { TRUSTED_PROXIES: '127.0.0.1, ::1', ...profileEnv },
});
const operators: OperatorClient[] = [];
const cpu = new CpuMeter({
  'web server': web.process.child.pid,
  worker: worker.pid,
  Temporal: servers.pids.temporal,
  PostgreSQL: servers.pids.postgres,
});

try {
  const emails: string[] = [];
  const operatorIds: string[] = [];
  for (let i = 0; i < operatorCount; i++) {
    const email = `bench-op-${i}@bench.local`;
    emails.push(email);
    const id = await createUserWithPassword(db, { email, name: `Operator ${i}`, role: 'manager', password: PASSWORD });
    await upsertOperatorState(db, id, { presence: 'online', workday: 'working' }, new Date());
    operatorIds.push(id);
  }
  const settings = defaultLineSettings();
  settings.greeting.enabled = false;
  const lineId = await insertLine(db, 'Bench line', settings);
  await replaceQueue(db, lineId, operatorIds);
  const channelKey = `bench-${randomUUID().slice(0, 8)}`;
  await db.insertInto('channels').values({ line_id: lineId, kind: 'widget', key: channelKey, name: 'Bench widget', config: '{}' }).execute();

  const messageSeenAt = new Map<number, number>();
  const offerSeenAt = new Map<number, number>();
  const answers: Promise<unknown>[] = [];
  const answerFailures: string[] = [];
  /** Dialogs an operator's take or reply failed on: their workflows are described at the end. */
  const failedDialogs = new Set<number>();
  for (const [i, email] of emails.entries()) {
    const operator = await OperatorClient.signIn(web.url, email, PASSWORD);
    operators.push(operator);
    const myId = operatorIds[i]!;
    const taking = new Set<number>();
    await operator.listen((event: LiveEvent) => {
      const now = performance.now();
      if (event.type === 'message.created' && event.authorKind === 'client' && !messageSeenAt.has(event.messageId)) messageSeenAt.set(event.messageId, now);
      if (event.type === 'dialog.updated' && event.offeredTo.length > 0 && !offerSeenAt.has(event.dialogId)) offerSeenAt.set(event.dialogId, now);
      // An operator answers like a person with a live inbox: take each offer made to them and reply.
      if (event.type === 'dialog.updated' && event.offeredTo.includes(myId) && !taking.has(event.dialogId)) {
        taking.add(event.dialogId);
        answers.push(
          operator
            .mutate('dialogs.take', { dialogId: event.dialogId })
            // As the inbox's reply box does: the reply carries the browser's key (a retry cannot post it twice).
            .then(() => operator.mutate('dialogs.reply', { dialogId: event.dialogId, text: 'Hello! How can I help?', clientMessageId: randomUUID() }))
            .catch((error: unknown) => {
              answerFailures.push(`dialog ${event.dialogId}: ${String(error)}`);
              failedDialogs.add(event.dialogId);
            }),
        );
      }
    });
  }

  console.log(
    `bench: ${visitorCount} widget visitors, ${operatorCount} signed-in operators, ${rate} messages/s for ${seconds} s (${rate * seconds} messages), ` +
      `then ${rate} new dialogs/s for ${newDialogSeconds} s, against ${web.url} (worker and Temporal at nice ${backgroundNice}: BACKGROUND_NICE)`,
  );
  console.log(`at the start, ${machineReference()}`);
  const floor = await measureBareFloor({ databaseUrl: servers.databaseUrl, visitors: visitorCount, listeners: operatorCount, rate, seconds });

  /** `count` widget visitors, each with its own address, from 198.`block`.`from`.1 on (inside the benchmark range). */
  const openVisitors = (count: number, block: 18 | 19, from = 0) =>
    Promise.all(Array.from({ length: count }, (_, i) => WidgetVisitor.open(web.url, channelKey, `198.${block}.${from + Math.floor(i / 250)}.${(i % 250) + 1}`)));

  if (warmUpSeconds > 0) {
    // Visitors of their own (198.19.128.0/17), so the measured visitors' first messages still open their dialogs.
    const warming = await openVisitors(visitorCount, 19, 128);
    let failed = 0;
    await sendAtRate(rate * warmUpSeconds, rate, (i) => warming[i % visitorCount]!.send(`warm-up ${i}`).then(() => undefined, () => void failed++));
    await new Promise((resolve) => setTimeout(resolve, 5000));
    console.log(`warm-up: ${rate * warmUpSeconds} messages from ${visitorCount} other visitors over ${warmUpSeconds} s, not measured (${failed} failed)`);
  }
  // Phase 2: the product, `visitors` visitors writing at `rate` (their first messages open dialogs).
  const visitors = await openVisitors(visitorCount, 18);
  const sentAt = new Map<number, number>();
  const firstMessageOfDialog = new Map<number, number>();
  /** Messages that opened their dialog (each visitor's first). */
  const openingMessages = new Set<number>();
  const sendFailures: string[] = [];
  const messagesCpuFrom = await cpu.read();
  const elapsed = await sendAtRate(rate * seconds, rate, (i, t0) =>
    visitors[i % visitorCount]!
      .send(`message ${i}`)
      .then(({ messageId, dialogId }) => {
        sentAt.set(messageId, t0);
        if (!firstMessageOfDialog.has(dialogId)) {
          firstMessageOfDialog.set(dialogId, t0);
          openingMessages.add(messageId);
        }
      })
      .catch((error: unknown) => void sendFailures.push(String(error))),
  );
  await new Promise((resolve) => setTimeout(resolve, 3000));
  const messagesCpuTo = await cpu.read();

  // Phase 3: new dialogs at `rate` — each message the first of a new visitor (198.19.0.0/16).
  const newVisitors = await openVisitors(rate * newDialogSeconds, 19);
  const newDialogSentAt = new Map<number, number>();
  const newDialogsCpuFrom = await cpu.read();
  await sendAtRate(newVisitors.length, rate, (i, t0) =>
    newVisitors[i]!
      .send(`first message ${i}`)
      .then(({ dialogId }) => void newDialogSentAt.set(dialogId, t0))
      .catch((error: unknown) => void sendFailures.push(String(error))),
  );
  await new Promise((resolve) => setTimeout(resolve, 3000));
  await Promise.all(answers);
  const newDialogsCpuTo = await cpu.read();

  const latencies = (sent: Map<number, number>, seen: Map<number, number>) => [...sent].flatMap(([id, t0]) => (seen.has(id) ? [seen.get(id)! - t0] : []));
  const messageLatencies = latencies(sentAt, messageSeenAt);
  const newDialogLatencies = latencies(newDialogSentAt, offerSeenAt);
  const ratio = (p: number) => (percentile(messageLatencies, p) / percentile(floor, p)).toFixed(1);
  console.log(summarize('bare floor: POST -> INSERT+NOTIFY -> SSE', floor));
  console.log(summarize('widget POST -> operator inbox event (SSE)', messageLatencies));
  console.log(`  as a multiple of the floor: p50 ${ratio(50)}x  p95 ${ratio(95)}x  p99 ${ratio(99)}x`);
  // Where the tail is: the messages that open dialogs, and the seconds in which they arrive.
  const ofMessages = (keep: (id: number) => boolean) => latencies(new Map([...sentAt].filter(([id]) => keep(id))), messageSeenAt);
  console.log(summarize('  messages that opened their dialog', ofMessages((id) => openingMessages.has(id))));
  console.log(summarize('  messages in dialogs already open', ofMessages((id) => !openingMessages.has(id))));
  /** Latencies by the 5-second window of the phase their item was sent in: whether the tail is a moment or a trend. */
  const byWindow = (sent: Map<number, number>, seen: Map<number, number>) => {
    const phaseStart = Math.min(...sent.values());
    const windows = new Map<number, number[]>();
    for (const [id, t0] of sent) {
      const at = seen.get(id);
      if (at === undefined) continue;
      const window = Math.floor((t0 - phaseStart) / 5000);
      windows.set(window, [...(windows.get(window) ?? []), at - t0]);
    }
    return [...windows]
      .sort(([a], [b]) => a - b)
      .map(([w, l]) => `${w * 5}–${w * 5 + 5} s ${percentile(l, 50).toFixed(0)}/${percentile(l, 99).toFixed(0)}`)
      .join(', ');
  };
  console.log(`  by 5 s window of the phase (p50/p99 ms): ${byWindow(sentAt, messageSeenAt)}`);
  console.log(summarize(`first messages of the ${visitorCount} visitors -> offer`, latencies(firstMessageOfDialog, offerSeenAt)));
  console.log(summarize(`new dialogs at ${rate}/s: first message -> offer`, newDialogLatencies));
  console.log(`  by 5 s window of the phase (p50/p99 ms): ${byWindow(newDialogSentAt, offerSeenAt)}`);
  console.log(`throughput: ${(sentAt.size / elapsed).toFixed(1)} messages/s accepted (${sentAt.size} in ${elapsed.toFixed(1)} s)`);
  console.log(
    `missing inbox events: ${sentAt.size - messageLatencies.length}; missing offers: ${newDialogSentAt.size - newDialogLatencies.length}; ` +
      `failed sends: ${sendFailures.length}; failed operator answers: ${answerFailures.length}`,
  );
  for (const failure of [...sendFailures, ...answerFailures].slice(0, 5)) console.log(`  ${failure}`);
  if (failedDialogs.size > 0) {
    // What became of the dialogs an answer failed on, as Temporal tells it.
    const temporal = new Client({ connection: await Connection.connect({ address: servers.temporalAddress }) });
    for (const dialogId of [...failedDialogs].slice(0, 3)) {
      const handle = temporal.workflow.getHandle(dialogWorkflowId(dialogId));
      const description = await handle.describe().catch((error: unknown) => String(error));
      const status = typeof description === 'string' ? description : `${description.status.name}, run ${description.runId}`;
      const last = typeof description === 'string' ? undefined : (await handle.fetchHistory()).events?.at(-1);
      console.log(`  dialog ${dialogId}'s workflow: ${status}; last event: ${JSON.stringify(last)?.slice(0, 600)}`);
    }
    await temporal.connection.close();
  }
  // Whether the load fits the machine: each process's CPU in the phase, per item, and the cores used of those there are.
  console.log(describeCpu('messages phase, settled 3 s after', messagesCpuFrom, messagesCpuTo, { count: sentAt.size, unit: 'message' }));
  console.log(describeCpu('new dialogs phase (each taken and answered), settled 3 s after', newDialogsCpuFrom, newDialogsCpuTo, { count: newDialogSentAt.size, unit: 'new dialog' }));
  console.log(`at the end, ${machineReference()}`);
  const warnings = web.output.filter((line) => /warn|error/i.test(line));
  if (warnings.length > 0) console.log(`web server warnings and errors (${warnings.length}, the first 5):\n${warnings.slice(0, 5).map((line) => `  ${line}`).join('\n')}`);
} finally {
  for (const operator of operators) operator.close();
  await web.stop();
  await worker.stop();
  await db.destroy();
  await servers.stop();
}
