import { randomBytes, randomUUID } from 'node:crypto';
import { parseArgs } from 'node:util';
import { Client, Connection } from '@temporalio/client';
import { createDb } from '../db/client';
import { upsertOperatorState } from '../db/queries/availability';
import { insertLine, replaceQueue } from '../db/queries/lines';
import { createUserWithPassword } from '../db/seed';
import type { DialogStatus } from '../domain/dialog';
import { lineSettingsSchema } from '../domain/line-settings';
import type { LiveEvent } from '../domain/live-events';
import { LiveBus } from '../web/server/live/bus';
import { BalancedOperator } from './support/balanced-operator';
import { BalancedVisitor } from './support/balanced-visitor';
import { startKillableWebServer, startKillableWorker, type KillableProcess } from './support/killable-processes';
import { LoadBalancer } from './support/load-balancer';
import { summarize } from './support/percentiles';
import { groupBy, inspectScaleOut, type ScaleOutInspection } from './support/scale-out-checks';
import { benchServers } from './support/servers';
import { stallCauses } from './support/stall-causes';

/**
 * `npm run bench:scale-out` — two workers and two web servers (one `next build`, two `next start`)
 * against one PostgreSQL and one Temporal. Visitors post widget messages through a client-side
 * load balancer (round robin, a dead replica taken out, a request whose answer was lost sent again
 * with the same id); signed-in operators take offers, answer every client message and close
 * finished dialogs through the tRPC API, each following their inbox's live stream. Under load one
 * worker and then one web server are killed with kill -9 (the whole process group). Once the load
 * stops and the system settles, the bench checks that every acknowledged message is stored exactly
 * once, that no dialog is stuck, and that every acknowledged reply is in the visitor's history, and
 * exits non-zero if not.
 */
const { values } = parseArgs({
  options: {
    seconds: { type: 'string', default: '60' },
    'new-dialogs-per-second': { type: 'string', default: '1' },
    messages: { type: 'string', default: '4' },
    operators: { type: 'string', default: '4' },
    limit: { type: 'string', default: '4' },
    'settle-seconds': { type: 'string', default: '150' },
  },
});
const seconds = Number(values.seconds);
const newPerSecond = Number(values['new-dialogs-per-second']);
const messagesPerVisitor = Number(values.messages);
const operatorCount = Number(values.operators);
const limit = Number(values.limit);
const settleSeconds = Number(values['settle-seconds']);
const FOLLOW_UP_MS = 2_500;
const CLOSE_AFTER_MS = 2_000;
const PASSWORD = randomUUID();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const t = () => performance.now();
const secondsSince = (from: number, at = t()) => `${((at - from) / 1000).toFixed(1)} s`;

const servers = await benchServers();
const db = createDb(servers.databaseUrl, { max: 5 });
const cluster = { databaseUrl: servers.databaseUrl, temporalAddress: servers.temporalAddress, taskQueue: `bench-scale-out-${randomUUID()}` };
const secret = randomBytes(32).toString('hex');
const processes: KillableProcess[] = [];
const connection = await Connection.connect({ address: servers.temporalAddress });
const temporal = new Client({ connection });
const bus = new LiveBus(servers.databaseUrl);
const seats: { operator: BalancedOperator; id: string }[] = [];
let closer: NodeJS.Timeout | undefined;

try {
  const workers = [await startKillableWorker('worker A', cluster), await startKillableWorker('worker B', cluster)];
  processes.push(...workers);
  const webs = [await startKillableWebServer('web A', { ...cluster, secret }), await startKillableWebServer('web B', { ...cluster, secret })];
  processes.push(...webs);
  const balancer = new LoadBalancer(webs.map((web) => web.url));

  // The line: a limit per operator, so dialogs queue and wait for capacity freed by closes.
  const operatorIds: string[] = [];
  for (let i = 0; i < operatorCount; i++) {
    const id = await createUserWithPassword(db, { email: `scale-${i}@bench.local`, name: `Operator ${i}`, role: 'manager', password: PASSWORD });
    await upsertOperatorState(db, id, { presence: 'online', workday: 'working' }, new Date());
    operatorIds.push(id);
  }
  const settings = lineSettingsSchema.parse({
    greeting: { enabled: false },
    noAnswer: { action: 'nothing' },
    rating: { enabled: false },
    distribution: { limit: { enabled: true, maxOpenDialogs: limit, countWaitingForClient: true } },
  });
  const lineId = await insertLine(db, 'Scale-out bench', settings);
  await replaceQueue(db, lineId, operatorIds);
  const channelKey = `scale-${randomUUID().slice(0, 8)}`;
  const channel = await db.insertInto('channels').values({ line_id: lineId, kind: 'widget', key: channelKey, name: 'Bench widget', config: '{}' }).returning('id').executeTakeFirstOrThrow();

  // What the system did, seen from PostgreSQL's live events (independent of the web replicas).
  const offeredAt: { dialogId: number; at: number }[] = [];
  const firstOfferAt = new Map<number, number>();
  const holderOf = new Map<number, string | null>();
  const statusOf = new Map<number, DialogStatus>();
  await bus.subscribe((event) => {
    if (event.type !== 'dialog.updated') return;
    holderOf.set(event.dialogId, event.operatorId);
    statusOf.set(event.dialogId, event.status);
    if (event.offeredTo.length === 0) return;
    offeredAt.push({ dialogId: event.dialogId, at: t() });
    if (!firstOfferAt.has(event.dialogId)) firstOfferAt.set(event.dialogId, t());
  });

  // Operators: one action at a time per dialog, as one person clicking in one dialog.
  const chains = new Map<number, Promise<void>>();
  let pendingActions = 0;
  const operatorFailures: string[] = [];
  const refused: string[] = [];
  const replies: { dialogId: number; messageId: number }[] = [];
  let streamReconnects = 0;
  const act = (dialogId: number, task: () => Promise<void>) => {
    pendingActions++;
    const next = (chains.get(dialogId) ?? Promise.resolve())
      .then(task)
      .catch((error: unknown) => void operatorFailures.push(String(error)))
      .finally(() => pendingActions--);
    chains.set(dialogId, next);
  };
  const reply = async (operator: BalancedOperator, dialogId: number) => {
    // One id per reply: the balancer sends the same body again if the answer is lost, and it is stored once.
    const result = await operator.mutateDialog<{ messageId: number }>('dialogs.reply', { dialogId, text: 'Here to help.', clientMessageId: randomUUID() }, { resendWhenApplied: true });
    replies.push({ dialogId, messageId: result!.messageId });
  };
  const takeAndReply = (operator: BalancedOperator, dialogId: number) =>
    act(dialogId, async () => {
      try {
        await operator.mutateDialog('dialogs.take', { dialogId }, { resendWhenApplied: false });
      } catch (error) {
        // The offer moved on (hand-off time) or the dialog went to a colleague: a person sees the same.
        refused.push(String(error));
        return;
      }
      await reply(operator, dialogId);
    });
  const replyUnlessClosed = (operator: BalancedOperator, dialogId: number) =>
    // A client message seen just before its dialog was closed: the reply is refused, as on screen.
    reply(operator, dialogId).catch((error: unknown) => {
      if (!String(error).includes('is already closed')) throw error;
      refused.push(String(error));
    });

  for (const [i, id] of operatorIds.entries()) {
    const operator = await BalancedOperator.signIn(balancer, `scale-${i}@bench.local`, PASSWORD, `198.19.0.${i + 1}`);
    seats.push({ operator, id });
    const mine = new Set<number>();
    const offersSeen = new Set<number>();
    const onEvent = (event: LiveEvent) => {
      if (event.type === 'dialog.updated') {
        if (event.operatorId === id) mine.add(event.dialogId);
        else mine.delete(event.dialogId);
        if (!event.offeredTo.includes(id)) offersSeen.delete(event.dialogId);
        else if (!offersSeen.has(event.dialogId)) {
          offersSeen.add(event.dialogId);
          takeAndReply(operator, event.dialogId);
        }
      }
      if (event.type === 'message.created' && event.authorKind === 'client' && mine.has(event.dialogId)) act(event.dialogId, () => replyUnlessClosed(operator, event.dialogId));
    };
    // When its replica dies the stream ends: reconnect to one still up and catch up from the lists,
    // as the inbox does on every stream.ready.
    const connect = async (baseUrl: string): Promise<void> => operator.listen(baseUrl, onEvent, () => void reconnect());
    const reconnect = async () => {
      streamReconnects++;
      for (;;) {
        await sleep(500);
        const ok = await connect(balancer.pick()).then(() => true, () => false);
        if (ok) break;
      }
      type Page = { items: { id: number; offeredToMe: boolean }[] };
      const held = await operator.query<Page>('inbox.list', { tab: 'mine', limit: 100 });
      for (const item of held.items) mine.add(item.id);
      const queue = await operator.query<Page>('inbox.list', { tab: 'queue', limit: 100 });
      for (const item of queue.items.filter((d) => d.offeredToMe && !offersSeen.has(d.id))) {
        offersSeen.add(item.id);
        takeAndReply(operator, item.id);
      }
      const waiting = await operator.query<Page>('inbox.list', { tab: 'waiting', limit: 100 });
      for (const item of waiting.items) act(item.id, () => replyUnlessClosed(operator, item.id));
    };
    await connect(webs[i % webs.length]!.url);
  }

  // Finished conversations are closed by their operator, which frees capacity for the queue.
  const toClose = new Map<number, number>(); // dialog → attempts
  const closed = new Set<number>();
  closer = setInterval(() => {
    for (const [dialogId, attempts] of toClose) {
      const seat = seats.find((s) => s.id === holderOf.get(dialogId));
      if (!seat || statusOf.get(dialogId) === 'offered') continue;
      toClose.delete(dialogId);
      act(dialogId, () =>
        seat.operator.mutateDialog('dialogs.close', { dialogId }, { resendWhenApplied: false }).then(
          () => void closed.add(dialogId),
          (error: unknown) => {
            if (attempts < 5) toClose.set(dialogId, attempts + 1);
            else throw error;
          },
        ),
      );
    }
  }, 500);

  // Visitors: a new one every 1/rate s, each writing `messages` messages a few seconds apart.
  const acknowledged = new Map<string, { messageId: number; dialogId: number }>();
  const visitorOfDialog = new Map<number, BalancedVisitor>();
  const firstMessageAckAt = new Map<number, number>();
  const sendFailures: string[] = [];
  const sendLatencies: number[] = [];
  let attempted = 0;
  const runVisitor = async (i: number) => {
    const visitor = await BalancedVisitor.open(balancer, channelKey, `198.18.${Math.floor(i / 250)}.${(i % 250) + 1}`);
    for (let k = 0; k < messagesPerVisitor; k++) {
      if (k > 0) await sleep(FOLLOW_UP_MS * (0.5 + Math.random()));
      const clientMessageId = randomUUID();
      attempted++;
      const sentAt = t();
      try {
        const ack = await visitor.send(clientMessageId, `visitor ${i} message ${k + 1}/${messagesPerVisitor}`);
        sendLatencies.push(t() - sentAt);
        acknowledged.set(clientMessageId, ack);
        visitorOfDialog.set(ack.dialogId, visitor);
        if (!firstMessageAckAt.has(ack.dialogId)) firstMessageAckAt.set(ack.dialogId, t());
        // Every fourth conversation stays open, so the end state has open dialogs to check too.
        if (k === messagesPerVisitor - 1 && i % 4 !== 0) void sleep(CLOSE_AFTER_MS).then(() => toClose.set(ack.dialogId, 0));
      } catch (error) {
        sendFailures.push(String(error));
      }
    }
  };

  console.log(`bench:scale-out: workers A and B on one task queue; web A ${webs[0]!.url} and web B ${webs[1]!.url} from one build`);
  console.log(`load: ${newPerSecond} new dialogs/s for ${seconds} s, ${messagesPerVisitor} messages per visitor (${FOLLOW_UP_MS / 1000} s apart on average), ${operatorCount} operators with a limit of ${limit} (capacity ${operatorCount * limit}); three in four finished dialogs closed ${CLOSE_AFTER_MS / 1000} s after the last message`);
  const loadStarted = t();
  const killed = { worker: { at: 0, waitingForOffer: [] as number[], survivors: [] as number[] }, web: { at: 0, retriesBefore: 0, survivors: [] as number[] } };
  const kills = (async () => {
    await sleep(seconds * 333);
    killed.worker.waitingForOffer = [...firstMessageAckAt.keys()].filter((id) => !firstOfferAt.has(id));
    killed.worker.at = t();
    killed.worker.survivors = await workers[0]!.killHard();
    console.log(`kill -9 worker A (process group ${workers[0]!.managed.child.pid}) at ${secondsSince(loadStarted, killed.worker.at)}; processes of its group left: ${killed.worker.survivors.length}`);
    await sleep(seconds * 167);
    killed.web.retriesBefore = balancer.retries;
    killed.web.at = t();
    killed.web.survivors = await webs[0]!.killHard();
    console.log(`kill -9 web A (process group ${webs[0]!.managed.child.pid}) at ${secondsSince(loadStarted, killed.web.at)}; processes of its group left: ${killed.web.survivors.length}`);
  })();
  const visitors: Promise<void>[] = [];
  for (let i = 0; t() - loadStarted < seconds * 1000; i++) {
    visitors.push(runVisitor(i).catch((error: unknown) => void sendFailures.push(String(error))));
    await sleep(loadStarted + ((i + 1) * 1000) / newPerSecond - t());
  }
  await kills;
  await Promise.all(visitors);
  const loadStopped = t();
  console.log(`load stopped at ${secondsSince(loadStarted, loadStopped)}; waiting for the system to settle (at most ${settleSeconds} s)`);

  // Settled: nothing pending on the operators' side and every check passes (or the time is up).
  const expectation = { lineId, channelId: channel.id, operatorIds, maxOpenDialogs: limit, acknowledged };
  let inspection: ScaleOutInspection;
  let atLoadStop: string[] | undefined;
  for (;;) {
    inspection = await inspectScaleOut(db, temporal, expectation);
    atLoadStop ??= inspection.problems;
    const quiet = pendingActions === 0 && toClose.size === 0;
    if ((inspection.problems.length === 0 && quiet) || t() - loadStopped > settleSeconds * 1000) break;
    await sleep(2_000);
  }
  const settledAfter = t() - loadStopped;
  clearInterval(closer);
  await Promise.all(chains.values());

  // Every reply an operator got a 2xx for is in its visitor's chat history.
  const missingReplies: string[] = [];
  for (const [dialogId, ofDialog] of groupBy(replies, (r) => r.dialogId)) {
    const shown = await visitorOfDialog.get(dialogId)!.historyMessageIds();
    for (const r of ofDialog) if (!shown.has(r.messageId)) missingReplies.push(`reply #${r.messageId} in dialog ${dialogId} is missing from the visitor's history`);
  }
  const problems = [...inspection.problems, ...missingReplies];
  if (sendFailures.length > 0) problems.push(`${sendFailures.length} visitor messages never got a 2xx: ${sendFailures.slice(0, 3).join(' | ')}`);

  const recoveredAt = offeredAt.find((o) => o.at > killed.worker.at)?.at;
  const caught = killed.worker.waitingForOffer;
  const caughtOffered = caught.map((id) => firstOfferAt.get(id)).filter((at): at is number => at !== undefined);
  const retryAfterWebKill = balancer.retriesAfter.find((r) => r.at >= killed.web.at);
  const dialogCount = Object.values(inspection.dialogsByStatus).reduce((a, b) => a + b, 0);
  console.log('');
  console.log(`messages: ${attempted} sent, ${acknowledged.size} acknowledged (2xx), ${inspection.storedClientMessages} stored; ${inspection.storedWithoutAcknowledgement} stored without a 2xx; per acknowledged message: ${inspection.problems.some((p) => p.startsWith('message ')) ? 'LOST OR DUPLICATED (below)' : 'stored exactly once'}`);
  console.log(`dialogs: ${dialogCount} (${Object.entries(inspection.dialogsByStatus).map(([s, n]) => `${n} ${s}`).join(', ')}); workflows: ${Object.entries(inspection.workflowsByStatus).map(([s, n]) => `${n} ${s}`).join(', ')}`);
  console.log(`operator replies: ${replies.length} acknowledged, ${replies.length - missingReplies.length} in the visitor's history; dialog updates unconfirmed in time and sent again: ${seats.reduce((n, s) => n + s.operator.unconfirmedSentAgain, 0)}; takes and replies refused (offer moved on, dialog already closed): ${refused.length}; operator calls failed: ${operatorFailures.length}; closes: ${closed.size}`);
  console.log(`retries: ${balancer.retries} requests sent again (${balancer.retries - killed.web.retriesBefore} after the web kill); first retry ${retryAfterWebKill ? `${((retryAfterWebKill.at - killed.web.at) / 1000).toFixed(2)} s after the web kill, answered by web B ${retryAfterWebKill.succeededAt ? `${((retryAfterWebKill.succeededAt - killed.web.at) / 1000).toFixed(2)} s after it` : 'never'}` : 'none after the web kill'}; operator live streams reconnected: ${streamReconnects}`);
  console.log(`recovery after the worker kill: first offer by worker B ${recoveredAt ? `${((recoveredAt - killed.worker.at) / 1000).toFixed(2)} s after the kill` : 'never'}; ${caught.length} dialogs were waiting for their first offer at the kill, ${caughtOffered.length} offered since, the last ${caughtOffered.length ? `${((Math.max(...caughtOffered) - killed.worker.at) / 1000).toFixed(2)} s after the kill` : '-'}`);
  console.log(`settled ${(settledAfter / 1000).toFixed(1)} s after the load stopped; when it stopped the checks found ${atLoadStop!.length} problems${atLoadStop!.length ? `, e.g. ${atLoadStop!.slice(0, 2).join('; ')}` : ''}`);
  console.log(summarize('widget POST -> 2xx (retries included)', sendLatencies));
  const offerWaits = [...firstMessageAckAt].flatMap(([id, at]) => (firstOfferAt.has(id) ? [firstOfferAt.get(id)! - at] : []));
  console.log(summarize('first message acknowledged -> first offer', offerWaits));
  console.log(`in the histories of all ${dialogCount} dialogs: ${await stallCauses(temporal, [...firstMessageAckAt.keys()])}`);
  const warnings = workers[1]!.warnings;
  if (warnings.length > 0) console.log(`worker B logged ${warnings.length} warnings, e.g. ${warnings[0]!.replace(/^\S+\s+WARN\s+/, '').slice(0, 160)}`);
  for (const failure of operatorFailures.slice(0, 5)) console.log(`  operator call failed: ${failure.slice(0, 300)}`);
  if (killed.worker.survivors.length + killed.web.survivors.length > 0) problems.push(`processes survived kill -9 of their group: ${[...killed.worker.survivors, ...killed.web.survivors].join(', ')}`);
  if (problems.length === 0) console.log('result: OK — no acknowledged message lost or duplicated, no dialog stuck, every reply delivered');
  else {
    console.log(`result: FAILED — ${problems.length} problems:`);
    for (const problem of problems.slice(0, 30)) console.log(`  ${problem}`);
    process.exitCode = 1;
  }
} finally {
  clearInterval(closer);
  for (const seat of seats) seat.operator.close();
  for (const child of processes.reverse()) await child.stop();
  await bus.stop();
  await connection.close();
  await db.destroy();
  await servers.stop();
}
