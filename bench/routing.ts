import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { createDb } from '../db/client';
import { upsertOperatorState } from '../db/queries/availability';
import { findLine, insertLine, replaceQueue } from '../db/queries/lines';
import { createUserWithPassword } from '../db/seed';
import { dialogWorkflowId } from '../domain/dialog';
import { lineSettingsSchema } from '../domain/line-settings';
import { acceptUpdate, closeUpdate } from '../domain/messages';
import { LiveBus } from '../web/server/live/bus';
import { receiveInboundMessage } from '../web/server/services/inbound';
import { updateLineSettings } from '../web/server/services/lines';
import { summarize } from './support/percentiles';
import { benchServers } from './support/servers';
import { startWorkerProcess } from './support/worker-process';

/**
 * `npm run bench:routing` — the queue under load. A burst of new dialogs arrives at a line whose
 * operators have a limit, then at one without: prints how many dialogs are routed (offered) per
 * second until the capacity is used. Then, with the rest waiting, operators close dialogs one at
 * a time: prints the delay from capacity appearing (the close) to the next waiting dialog's offer
 * (p50, p99). Last, an admin switches a line's limit off: prints the time until every waiting
 * dialog is offered.
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
    const started = performance.now();
    const ids = await arrive(lineId, dialogCount);
    const stored = performance.now();
    const target = Math.min(lineCapacity, dialogCount);
    while (offeredAmong(ids) < target) await new Promise((resolve) => setTimeout(resolve, 20));
    const filled = performance.now();
    console.log(`burst, ${label}: ${dialogCount} dialogs stored and started in ${((stored - started) / 1000).toFixed(2)} s; ${target} routed (offered) in ${((filled - started) / 1000).toFixed(2)} s = ${(target / ((filled - started) / 1000)).toFixed(1)} dialogs routed/s`);
    await settle();
    return ids;
  }

  console.log(`bench:routing: ${dialogCount} dialogs at once, ${operatorCount} operators`);
  const limited = await burst(`capacity ${capacity} (limit ${limit})`, { limit: { enabled: true, maxOpenDialogs: limit } }, capacity);
  await burst(`capacity ${dialogCount} (no limit)`, { limit: { enabled: false, maxOpenDialogs: limit } }, dialogCount);

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
    { lineId: settingsLine, name: line.name, settings: { ...line.settings, distribution: { ...line.settings.distribution, limit: { ...line.settings.distribution.limit, enabled: false } } }, queue: operators },
  );
  while (offeredAmong(waiting) < waitingCount) await new Promise((resolve) => setTimeout(resolve, 5));
  console.log(`settings change (limit switched off, ${waitingCount - operatorCount} waiting) -> all waiting offered: ${(performance.now() - savedAt).toFixed(1)} ms`);

  const all = await db.selectFrom('dialogs').select('id').execute();
  await Promise.all(all.map((d) => temporal.workflow.getHandle(dialogWorkflowId(d.id)).terminate('bench finished').catch(() => undefined)));
} finally {
  await bus.stop();
  await connection.close();
  await worker.stop();
  await db.destroy();
  await servers.stop();
}
