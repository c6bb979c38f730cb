import { randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { acceptUpdate, replyUpdate } from '../domain/messages';
import { dialogWorkflowId } from '../domain/dialog';
import { createDb } from '../db/client';
import { insertLine, replaceQueue } from '../db/queries/lines';
import { defaultLineSettings } from '../domain/line-settings';
import { createUserWithPassword } from '../db/seed';
import { LiveBus } from '../web/server/live/bus';
import { receiveInboundMessage } from '../web/server/services/inbound';
import { startWorkerProcess } from './support/worker-process';
import { benchServers } from './support/servers';
import { summarize } from './support/percentiles';

/**
 * `npm run bench` — N widget visitors write to one line at a fixed rate while its operators take
 * and answer every dialog. Prints, per inbound message, the latency until the operator inbox's
 * live stream (the LiveBus that feeds the tRPC subscription) carries it, the latency from a new
 * dialog's first message to the offer reaching an operator (the durable workflow path), and the
 * achieved message rate.
 */
const { values } = parseArgs({
  options: {
    visitors: { type: 'string', default: '50' },
    rate: { type: 'string', default: '20' },
    seconds: { type: 'string', default: '30' },
    operators: { type: 'string', default: '5' },
  },
});
const visitors = Number(values.visitors);
const rate = Number(values.rate);
const seconds = Number(values.seconds);
const operatorCount = Number(values.operators);

const servers = await benchServers();
const db = createDb(servers.databaseUrl, { max: 20 });
const taskQueue = `bench-${randomUUID()}`;
// The worker runs in its own process, as deployed: its workflow sandboxes don't share this event loop.
const worker = await startWorkerProcess({ databaseUrl: servers.databaseUrl, temporalAddress: servers.temporalAddress, taskQueue });
const connection = await Connection.connect({ address: servers.temporalAddress });
const temporal = new Client({ connection });
const bus = new LiveBus(servers.databaseUrl);

try {
  const operators: string[] = [];
  for (let i = 0; i < operatorCount; i++) {
    operators.push(await createUserWithPassword(db, { email: `bench-op-${i}-${randomUUID().slice(0, 6)}@bench.local`, name: `Operator ${i}`, role: 'manager', password: randomUUID() }));
  }
  const settings = defaultLineSettings();
  settings.greeting.enabled = false;
  const lineId = await insertLine(db, 'Bench line', settings);
  await replaceQueue(db, lineId, operators);
  const channel = await db.insertInto('channels').values({ line_id: lineId, kind: 'widget', key: `bench-${randomUUID().slice(0, 8)}`, name: 'Bench widget', config: '{}' }).returning('id').executeTakeFirstOrThrow();

  const messageSeenAt = new Map<number, number>();
  const offerSeenAt = new Map<number, number>();
  const answering = new Set<number>();
  const answers: Promise<unknown>[] = [];
  // Operators answer like people with a live inbox: take each offer as it appears and reply.
  await bus.subscribe((event) => {
    const now = performance.now();
    if (event.type === 'message.created' && event.authorKind === 'client') messageSeenAt.set(event.messageId, now);
    if (event.type === 'dialog.updated' && event.offeredTo.length > 0 && !offerSeenAt.has(event.dialogId)) {
      offerSeenAt.set(event.dialogId, now);
      if (!answering.has(event.dialogId)) {
        answering.add(event.dialogId);
        const handle = temporal.workflow.getHandle(dialogWorkflowId(event.dialogId));
        const operatorId = event.offeredTo[0]!;
        answers.push(
          handle
            .executeUpdate(acceptUpdate, { args: [{ operatorId }] })
            .then(() => handle.executeUpdate(replyUpdate, { args: [{ operatorId, text: 'Hello! How can I help?' }] }))
            .catch((error: unknown) => console.error('operator answer failed:', String(error), String((error as { cause?: unknown }).cause))),
        );
      }
    }
  });

  const visitorIds = Array.from({ length: visitors }, () => randomUUID());
  const sentAt = new Map<number, number>();
  const firstMessageOfDialog = new Map<number, number>();
  const total = rate * seconds;
  const inflight: Promise<void>[] = [];
  const started = performance.now();
  console.log(`bench: ${visitors} visitors, ${operatorCount} operators, ${rate} messages/s for ${seconds} s (${total} messages)`);
  for (let i = 0; i < total; i++) {
    const due = started + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const visitorId = visitorIds[i % visitors]!;
    const t0 = performance.now();
    inflight.push(
      receiveInboundMessage({ db, temporal, taskQueue }, { channelId: channel.id, externalMessageId: randomUUID(), sender: { externalId: visitorId }, text: `message ${i}` }).then((result) => {
        sentAt.set(result.messageId, t0);
        if (!firstMessageOfDialog.has(result.dialogId)) firstMessageOfDialog.set(result.dialogId, t0);
      }),
    );
  }
  await Promise.all(inflight);
  const elapsed = (performance.now() - started) / 1000;
  await new Promise((resolve) => setTimeout(resolve, 2000));
  await Promise.all(answers);

  const messageLatencies = [...sentAt].flatMap(([id, t0]) => (messageSeenAt.has(id) ? [messageSeenAt.get(id)! - t0] : []));
  const offerLatencies = [...firstMessageOfDialog].flatMap(([id, t0]) => (offerSeenAt.has(id) ? [offerSeenAt.get(id)! - t0] : []));
  console.log(summarize('inbound message -> operator inbox event', messageLatencies));
  console.log(summarize('new dialog first message -> offer event', offerLatencies));
  console.log(`throughput: ${(sentAt.size / elapsed).toFixed(1)} messages/s stored and signalled (${sentAt.size} in ${elapsed.toFixed(1)} s); ${messageSeenAt.size - messageLatencies.length} events unmatched, ${sentAt.size - messageLatencies.length} messages without an inbox event`);
} finally {
  await bus.stop();
  await worker.stop();
  await connection.close();
  await db.destroy();
  await servers.stop();
}
