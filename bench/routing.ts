import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { createDb } from '../db/client';
import { upsertOperatorState } from '../db/queries/availability';
import { insertLine, replaceQueue } from '../db/queries/lines';
import { createUserWithPassword } from '../db/seed';
import { dialogWorkflowId } from '../domain/dialog';
import { lineSettingsSchema } from '../domain/line-settings';
import { acceptUpdate, closeUpdate } from '../domain/messages';
import { LiveBus } from '../web/server/live/bus';
import { receiveInboundMessage } from '../web/server/services/inbound';
import { summarize } from './support/percentiles';
import { benchServers } from './support/servers';
import { startWorkerProcess } from './support/worker-process';

/**
 * `npm run bench:routing` — the queue under load. A burst of new dialogs arrives at a line whose
 * operators have a limit: prints how many dialogs are routed (offered) per second until the
 * operators are full. Then, with the rest waiting, operators close dialogs one at a time: prints
 * the delay from capacity appearing (the close) to the next waiting dialog's offer (p50, p99).
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

const servers = await benchServers();
const db = createDb(servers.databaseUrl, { max: 10 });
const taskQueue = `bench-routing-${randomUUID()}`;
const worker = await startWorkerProcess({ databaseUrl: servers.databaseUrl, temporalAddress: servers.temporalAddress, taskQueue });
const connection = await Connection.connect({ address: servers.temporalAddress });
const temporal = new Client({ connection });
const bus = new LiveBus(servers.databaseUrl);

try {
  const operators: string[] = [];
  for (let i = 0; i < operatorCount; i++) {
    const id = await createUserWithPassword(db, { email: `route-${i}-${randomUUID().slice(0, 6)}@bench.local`, name: `Operator ${i}`, role: 'manager', password: randomUUID() });
    await upsertOperatorState(db, id, { presence: 'online', workday: 'working' }, new Date());
    operators.push(id);
  }
  const settings = lineSettingsSchema.parse({
    greeting: { enabled: false },
    noAnswer: { action: 'nothing' },
    rating: { enabled: false },
    distribution: { handoffMinutes: 30, limit: { enabled: true, maxOpenDialogs: limit } },
  });
  const lineId = await insertLine(db, 'Routing bench', settings);
  await replaceQueue(db, lineId, operators);
  const channel = await db.insertInto('channels').values({ line_id: lineId, kind: 'widget', key: `route-${randomUUID().slice(0, 8)}`, name: 'Bench', config: '{}' }).returning('id').executeTakeFirstOrThrow();

  const firstOfferAt = new Map<number, { at: number; operatorId: string }>();
  let lastDialogEventAt = performance.now();
  await bus.subscribe((event) => {
    if (event.type === 'dialog.updated') lastDialogEventAt = performance.now();
    if (event.type === 'dialog.updated' && event.offeredTo.length > 0 && !firstOfferAt.has(event.dialogId)) {
      firstOfferAt.set(event.dialogId, { at: performance.now(), operatorId: event.offeredTo[0]! });
    }
  });

  console.log(`bench:routing: ${dialogCount} dialogs at once, ${operatorCount} operators with a limit of ${limit} (capacity ${capacity})`);
  const burstStarted = performance.now();
  await Promise.all(
    Array.from({ length: dialogCount }, () =>
      receiveInboundMessage({ db, temporal, taskQueue }, { channelId: channel.id, externalMessageId: randomUUID(), sender: { externalId: randomUUID() }, text: 'hello' }),
    ),
  );
  const stored = performance.now();
  while (firstOfferAt.size < Math.min(capacity, dialogCount)) await new Promise((resolve) => setTimeout(resolve, 20));
  const filled = performance.now();
  const routed = firstOfferAt.size;
  console.log(`burst: ${dialogCount} dialogs stored and started in ${((stored - burstStarted) / 1000).toFixed(2)} s; ${routed} routed (offered) in ${((filled - burstStarted) / 1000).toFixed(2)} s = ${(routed / ((filled - burstStarted) / 1000)).toFixed(1)} dialogs routed/s`);

  // Let the burst settle: every dialog has made its routing attempts (no dialog event for 2 s).
  while (performance.now() - lastDialogEventAt < 2000) await new Promise((resolve) => setTimeout(resolve, 100));
  const delays: number[] = [];
  const offered = [...firstOfferAt.entries()];
  for (let i = 0; i < Math.min(frees, offered.length); i++) {
    const [dialogId, { operatorId }] = offered[i]!;
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
  console.log(`(the delay includes the close itself: the update, its activity and the workflow's wake-up signal)`);

  const all = await db.selectFrom('dialogs').select('id').where('line_id', '=', lineId).execute();
  await Promise.all(all.map((d) => temporal.workflow.getHandle(dialogWorkflowId(d.id)).terminate('bench finished').catch(() => undefined)));
} finally {
  await bus.stop();
  await connection.close();
  await worker.stop();
  await db.destroy();
  await servers.stop();
}
