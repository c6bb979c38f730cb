import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { dialogWorkflowId } from '../../domain/dialog';
import {
  acceptUpdate,
  clientMessageSignal,
  closeUpdate,
  DIALOG_WORKFLOW_TYPE,
  inviteUpdate,
  operatorLeftSignal,
  pinUpdate,
  rateUpdate,
  replyUpdate,
  spamUpdate,
  stateQuery,
  takeOverUpdate,
  transferUpdate,
  type DialogState,
} from '../../domain/messages';
import { lineSettingsSchema, type LineSettingsInput } from '../../domain/line-settings';
import type { Role } from '../../domain/roles';
import { flowDocumentSchema, type FlowDocumentInput } from '../../domain/flows/document';
import { insertPublishedFlow } from '../../db/queries/flows';
import type { Database } from '../../db/client';
import { upsertOperatorState } from '../../db/queries/availability';
import { insertLine, replaceQueue } from '../../db/queries/lines';
import { createUserWithPassword } from '../../db/seed';
import { receiveInboundMessage } from '../../channels/inbound';

/**
 * The dialog paths whose recorded histories live in test/histories/: each drives a real dialog
 * workflow (real worker, real activities, real PostgreSQL) on the time-skipping server.
 */
export interface ScenarioContext {
  env: TestWorkflowEnvironment;
  db: Database;
  taskQueue: string;
}

export type Scenario = (ctx: ScenarioContext) => Promise<number>;

export const scenarios: Record<string, Scenario> = {
  /** Offer expires after the hand-off minute, the next operator accepts, answers, closes; the client rates. */
  async 'handoff-answer-close-rate'(ctx) {
    const [anna, boris] = await Promise.all([operator(ctx.db, 'Anna'), operator(ctx.db, 'Boris')]);
    const channelId = await lineWithWidget(ctx.db, [anna, boris], { closing: { text: 'Thanks for writing to us.' } });
    const visitorId = randomUUID();
    const dialogId = await clientWrites(ctx, channelId, visitorId, 'Hello, where is my order?');
    const handle = ctx.env.client.workflow.getHandle(dialogWorkflowId(dialogId));
    await until(ctx, dialogId, (s) => s.offeredTo.includes(anna));
    await ctx.env.sleep('61 seconds');
    await until(ctx, dialogId, (s) => s.offeredTo.includes(boris));
    await handle.executeUpdate(acceptUpdate, { args: [{ operatorId: boris }] });
    await handle.executeUpdate(replyUpdate, { args: [{ operatorId: boris, text: 'It ships today.' }] });
    await clientWrites(ctx, channelId, visitorId, 'Great, thank you!');
    await until(ctx, dialogId, (s) => s.status === 'in_work');
    await handle.executeUpdate(closeUpdate, { args: [{ userId: boris }] });
    await until(ctx, dialogId, (s) => s.ratingRequested);
    await handle.executeUpdate(rateUpdate, { args: [{ rating: 'like' }] });
    await handle.result();
    return dialogId;
  },

  /**
   * A new dialog of a line with no flow is offered as its first message is stored (channels/inbound.ts);
   * Anna takes it at once — the workflow picks its offer up first (patched 'offered-before-start') —
   * answers and closes it.
   */
  async 'offered-before-start-taken-at-once'(ctx) {
    const anna = await operator(ctx.db, 'Anna');
    const channelId = await lineWithWidget(ctx.db, [anna], { rating: { enabled: false } });
    const dialogId = await clientWrites(ctx, channelId, randomUUID(), 'Is my parcel on its way?');
    const handle = ctx.env.client.workflow.getHandle(dialogWorkflowId(dialogId));
    await handle.executeUpdate(acceptUpdate, { args: [{ operatorId: anna }] });
    await handle.executeUpdate(replyUpdate, { args: [{ operatorId: anna, text: 'Yes, it arrives tomorrow.' }] });
    await handle.executeUpdate(closeUpdate, { args: [{ userId: anna }] });
    await handle.result();
    return dialogId;
  },

  /**
   * The website chat reads its messages from the server, so storing one delivers it (patched
   * 'stored-is-delivered'): the greeting, Anna's reply (keyed by the browser, stored inside the
   * workflow task), the closing text and the rating request go out with no delivery step.
   */
  async 'widget-messages-delivered-on-store'(ctx) {
    const anna = await operator(ctx.db, 'Anna');
    const channelId = await lineWithWidget(ctx.db, [anna], { greeting: { enabled: true, text: 'Hi! An operator will answer soon.' }, closing: { text: 'Thanks for writing to us.' } });
    const dialogId = await clientWrites(ctx, channelId, randomUUID(), 'Is my parcel on its way?');
    const handle = ctx.env.client.workflow.getHandle(dialogWorkflowId(dialogId));
    await until(ctx, dialogId, (s) => s.offeredTo.includes(anna));
    await handle.executeUpdate(acceptUpdate, { args: [{ operatorId: anna }] });
    await handle.executeUpdate(replyUpdate, { args: [{ operatorId: anna, text: 'Yes, it arrives tomorrow.', clientMessageId: randomUUID() }] });
    await handle.executeUpdate(closeUpdate, { args: [{ userId: anna }] });
    await until(ctx, dialogId, (s) => s.ratingRequested);
    await handle.executeUpdate(rateUpdate, { args: [{ rating: 'like' }] });
    await handle.result();
    return dialogId;
  },

  /**
   * A client message signalled after the dialog's run ended (late from the inbound outbox): the new
   * run finds the row closed and ends without routing it (patched 'closed-dialog-ends-run').
   */
  async 'late-message-for-closed-dialog'(ctx) {
    const anna = await operator(ctx.db, 'Anna');
    const channelId = await lineWithWidget(ctx.db, [anna], { rating: { enabled: false } });
    const dialogId = await clientWrites(ctx, channelId, randomUUID(), 'Hello?');
    const handle = ctx.env.client.workflow.getHandle(dialogWorkflowId(dialogId));
    await until(ctx, dialogId, (s) => s.offeredTo.includes(anna));
    await handle.executeUpdate(acceptUpdate, { args: [{ operatorId: anna }] });
    await handle.executeUpdate(closeUpdate, { args: [{ userId: anna }] });
    await handle.result();
    const late = await ctx.db.selectFrom('messages').select(['id', 'text']).where('dialog_id', '=', dialogId).where('author_kind', '=', 'client').executeTakeFirstOrThrow();
    await ctx.env.client.workflow.signalWithStart(DIALOG_WORKFLOW_TYPE, {
      workflowId: dialogWorkflowId(dialogId),
      taskQueue: ctx.taskQueue,
      args: [{ dialogId }],
      signal: clientMessageSignal,
      signalArgs: [{ messageId: late.id, text: late.text }],
    });
    await ctx.env.client.workflow.getHandle(dialogWorkflowId(dialogId)).result();
    return dialogId;
  },

  /** Nobody is in the queue: the dialog waits, an operator joins, answers by replying, closes; no rating arrives within the day. */
  async 'queued-then-answered-rating-expires'(ctx) {
    const channelId = await lineWithWidget(ctx.db, [], { greeting: { sendIn: 'first_dialog' } });
    const dialogId = await clientWrites(ctx, channelId, randomUUID(), 'Is anyone there?');
    const handle = ctx.env.client.workflow.getHandle(dialogWorkflowId(dialogId));
    await until(ctx, dialogId, (s) => s.status === 'queued');
    const vera = await operator(ctx.db, 'Vera');
    const lineId = (await ctx.db.selectFrom('channels').select('line_id').where('id', '=', channelId).executeTakeFirstOrThrow()).line_id;
    await replaceQueue(ctx.db, lineId, [vera]);
    await handle.signal('routingChanged');
    await until(ctx, dialogId, (s) => s.offeredTo.includes(vera));
    await handle.executeUpdate(replyUpdate, { args: [{ operatorId: vera, text: 'Yes, I am here.' }] });
    await handle.executeUpdate(closeUpdate, { args: [{ userId: vera }] });
    await ctx.env.sleep('1 day');
    await handle.result();
    return dialogId;
  },

  /** Accepted, a colleague invited, transferred to another operator with a comment, taken over by a supervisor, closed, rated. */
  async 'invite-transfer-takeover'(ctx) {
    const [anna, boris, egor] = await Promise.all([operator(ctx.db, 'Anna'), operator(ctx.db, 'Boris'), operator(ctx.db, 'Egor')]);
    const dina = await operator(ctx.db, 'Dina', 'director');
    const channelId = await lineWithWidget(ctx.db, [anna, boris]);
    const dialogId = await clientWrites(ctx, channelId, randomUUID(), 'I want to change my plan');
    const handle = ctx.env.client.workflow.getHandle(dialogWorkflowId(dialogId));
    await until(ctx, dialogId, (s) => s.offeredTo.includes(anna));
    await handle.executeUpdate(acceptUpdate, { args: [{ operatorId: anna }] });
    await handle.executeUpdate(inviteUpdate, { args: [{ userId: anna, inviteeId: egor }] });
    await handle.executeUpdate(replyUpdate, { args: [{ operatorId: egor, text: 'Egor from billing: which plan?' }] });
    await handle.executeUpdate(transferUpdate, { args: [{ userId: anna, to: { kind: 'operator', operatorId: boris }, comment: 'Boris handles plans' }] });
    await handle.executeUpdate(takeOverUpdate, { args: [{ userId: dina }] });
    await handle.executeUpdate(replyUpdate, { args: [{ operatorId: dina, text: 'Done, you are on the Pro plan.' }] });
    await handle.executeUpdate(closeUpdate, { args: [{ userId: dina }] });
    await until(ctx, dialogId, (s) => s.ratingRequested);
    await handle.executeUpdate(rateUpdate, { args: [{ rating: 'like' }] });
    await handle.result();
    return dialogId;
  },

  /** Transferred to another line's queue before anyone answered; that line's operator answers; auto-closed 7 days later. */
  async 'transfer-to-line-then-auto-close'(ctx) {
    const [anna, gleb] = await Promise.all([operator(ctx.db, 'Anna'), operator(ctx.db, 'Gleb')]);
    const channelId = await lineWithWidget(ctx.db, [anna], { rating: { enabled: false } });
    const salesChannelId = await lineWithWidget(ctx.db, [gleb], { rating: { enabled: false } });
    const salesLineId = (await ctx.db.selectFrom('channels').select('line_id').where('id', '=', salesChannelId).executeTakeFirstOrThrow()).line_id;
    const dialogId = await clientWrites(ctx, channelId, randomUUID(), 'How much for 50 seats?');
    const handle = ctx.env.client.workflow.getHandle(dialogWorkflowId(dialogId));
    await until(ctx, dialogId, (s) => s.offeredTo.includes(anna));
    await handle.executeUpdate(transferUpdate, { args: [{ userId: anna, to: { kind: 'line', lineId: salesLineId }, comment: 'a sales question' }] });
    await until(ctx, dialogId, (s) => s.offeredTo.includes(gleb));
    await handle.executeUpdate(replyUpdate, { args: [{ operatorId: gleb, text: 'I will send you a quote.' }] });
    await ctx.env.sleep('7 days');
    await handle.result();
    return dialogId;
  },

  /** No answer for 2 minutes returns the accepted dialog to the queue; it is offered again, answered, closed, and reopened inside the window. */
  async 'no-answer-return-then-reopen'(ctx) {
    const anna = await operator(ctx.db, 'Anna');
    const channelId = await lineWithWidget(ctx.db, [anna], {
      noAnswer: { action: 'return_to_queue' },
      distribution: { handoffMinutes: 30 },
      rating: { enabled: false },
      closing: { reopenWindowMinutes: 30 },
    });
    const visitorId = randomUUID();
    const dialogId = await clientWrites(ctx, channelId, visitorId, 'Hello?');
    const handle = ctx.env.client.workflow.getHandle(dialogWorkflowId(dialogId));
    await until(ctx, dialogId, (s) => s.offeredTo.includes(anna));
    await handle.executeUpdate(acceptUpdate, { args: [{ operatorId: anna }] });
    await ctx.env.sleep('121 seconds');
    await until(ctx, dialogId, (s) => s.offeredTo.includes(anna));
    await handle.executeUpdate(replyUpdate, { args: [{ operatorId: anna, text: 'Sorry for the wait!' }] });
    await handle.executeUpdate(closeUpdate, { args: [{ userId: anna }] });
    await ctx.env.sleep('10 minutes');
    await clientWrites(ctx, channelId, visitorId, 'One more question');
    await until(ctx, dialogId, (s) => s.status === 'in_work');
    await handle.executeUpdate(replyUpdate, { args: [{ operatorId: anna, text: 'Of course.' }] });
    await handle.executeUpdate(closeUpdate, { args: [{ userId: anna }] });
    await ctx.env.sleep('31 minutes');
    await handle.result();
    return dialogId;
  },

  /** Nobody ever answers: a KPI alert after 5 minutes, then the dialog expires after 30 days. */
  async 'kpi-alert-then-expiry'(ctx) {
    const dina = await operator(ctx.db, 'Dina', 'director');
    const channelId = await lineWithWidget(ctx.db, [], { kpi: { firstAnswer: { enabled: true, minutes: 5 }, alertUserIds: [dina] } });
    const dialogId = await clientWrites(ctx, channelId, randomUUID(), 'Anyone?');
    const handle = ctx.env.client.workflow.getHandle(dialogWorkflowId(dialogId));
    await until(ctx, dialogId, (s) => s.status === 'queued');
    await ctx.env.sleep('30 days');
    await handle.result();
    return dialogId;
  },

  /** Pinned, yet its operator left the queue and was then deactivated: the daily return takes it back to the queue; then marked as spam. */
  async 'pinned-daily-return-spam'(ctx) {
    const [anna, boris] = await Promise.all([operator(ctx.db, 'Anna'), operator(ctx.db, 'Boris')]);
    const channelId = await lineWithWidget(ctx.db, [anna, boris]);
    const dialogId = await clientWrites(ctx, channelId, randomUUID(), 'Cheap watches!!!');
    const handle = ctx.env.client.workflow.getHandle(dialogWorkflowId(dialogId));
    await until(ctx, dialogId, (s) => s.offeredTo.includes(anna));
    await handle.executeUpdate(acceptUpdate, { args: [{ operatorId: anna }] });
    await handle.executeUpdate(pinUpdate, { args: [{ userId: anna, pinned: true }] });
    await handle.signal(operatorLeftSignal, { operatorId: anna, why: 'left_queue' });
    await handle.signal(operatorLeftSignal, { operatorId: anna, why: 'deactivated' });
    await until(ctx, dialogId, (s) => s.offeredTo.includes(boris));
    await handle.executeUpdate(spamUpdate, { args: [{ userId: boris, blockContact: true }] });
    await handle.result();
    return dialogId;
  },

  /** The welcome bot asks a name and a phone (one wrong try), posts them to a CRM over HTTP, branches on the answer and hands off; the operator answers and closes. */
  async 'welcome-bot-http-handoff'(ctx) {
    const crm = createServer((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json' });
      response.end(JSON.stringify({ tier: 'gold' }));
    });
    await new Promise<void>((resolve) => crm.listen(0, '127.0.0.1', resolve));
    try {
      const anna = await operator(ctx.db, 'Anna');
      const document = flowDocumentSchema.parse(welcomeBot(`http://127.0.0.1:${(crm.address() as AddressInfo).port}/leads`));
      const flowId = await insertPublishedFlow(ctx.db, { name: 'Welcome bot', document, userId: anna });
      const channelId = await lineWithWidget(ctx.db, [anna], { greeting: { enabled: false }, rating: { enabled: false }, flows: { welcomeBot: { flowId } } });
      const visitorId = randomUUID();
      const dialogId = await clientWrites(ctx, channelId, visitorId, 'Hi');
      const handle = ctx.env.client.workflow.getHandle(dialogWorkflowId(dialogId));
      await until(ctx, dialogId, (s) => s.flow?.nodeId === 'name');
      await clientWrites(ctx, channelId, visitorId, 'Lena');
      await until(ctx, dialogId, (s) => s.flow?.nodeId === 'phone');
      await clientWrites(ctx, channelId, visitorId, 'no phone');
      await clientWrites(ctx, channelId, visitorId, '+49 170 1234567');
      await until(ctx, dialogId, (s) => s.offeredTo.includes(anna));
      await handle.executeUpdate(replyUpdate, { args: [{ operatorId: anna, text: 'Hello Lena, gold service at your side.' }] });
      await handle.executeUpdate(closeUpdate, { args: [{ userId: anna }] });
      await handle.result();
      return dialogId;
    } finally {
      crm.close();
    }
  },

  /** The line asks for the rating before closing, without closing on the rating: the operator closes after it. */
  async 'rating-before-close'(ctx) {
    const anna = await operator(ctx.db, 'Anna');
    const channelId = await lineWithWidget(ctx.db, [anna], { rating: { askWhen: 'before_close', scale: 'five_stars' } });
    const dialogId = await clientWrites(ctx, channelId, randomUUID(), 'Thanks for the help yesterday');
    const handle = ctx.env.client.workflow.getHandle(dialogWorkflowId(dialogId));
    await until(ctx, dialogId, (s) => s.offeredTo.includes(anna));
    await handle.executeUpdate(replyUpdate, { args: [{ operatorId: anna, text: 'You are welcome!' }] });
    await handle.executeUpdate(closeUpdate, { args: [{ userId: anna }] });
    await until(ctx, dialogId, (s) => s.ratingRequested);
    await handle.executeUpdate(rateUpdate, { args: [{ rating: 5 }] });
    await handle.executeUpdate(closeUpdate, { args: [{ userId: anna }] });
    await handle.result();
    return dialogId;
  },

  /**
   * The first scenario again, recorded by a run with one marker for all the workflow's changes of
   * 2026 (workflows/dialog/changes.ts) rather than one per change.
   */
  'handoff-answer-close-rate.one-change-marker'(ctx) {
    return scenarios['handoff-answer-close-rate']!(ctx);
  },
};

/** An operator at work (online, working day started): eligible on lines that check availability. */
async function operator(db: Database, name: string, role: Role = 'manager'): Promise<string> {
  const id = await createUserWithPassword(db, { email: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@histories.local`, name, role, password: randomUUID() });
  await upsertOperatorState(db, id, { presence: 'online', workday: 'working' }, new Date());
  return id;
}

/** A bot: ask name, ask phone (validated), POST them to the CRM, greet gold clients, hand off. */
function welcomeBot(crmUrl: string): FlowDocumentInput {
  const at = (x: number, y = 0) => ({ x: x * 240, y: y * 120 });
  return {
    schemaVersion: 2,
    kind: 'bot',
    nodes: [
      { id: 'start', kind: 'start', position: at(0) },
      { id: 'name', kind: 'ask', position: at(1), text: 'What is your name?', answer: 'text', variable: 'name' },
      { id: 'phone', kind: 'ask', position: at(2), text: 'Your phone number?', answer: 'phone', variable: 'phone' },
      { id: 'crm', kind: 'http_request', position: at(3), method: 'POST', url: crmUrl, body: '{"name":"{{name}}","phone":"{{phone}}"}', responseFields: [{ path: 'tier', variable: 'tier' }] },
      { id: 'gold', kind: 'condition', position: at(4), rules: [{ subject: { source: 'variable', key: 'tier' }, operator: 'equals', value: 'gold' }] },
      { id: 'vip', kind: 'send_message', position: at(5), text: 'Welcome back, {{name}}!' },
      { id: 'queue', kind: 'handoff', position: at(6) },
    ],
    edges: [
      { id: 'e1', source: 'start', sourceHandle: 'next', target: 'name' },
      { id: 'e2', source: 'name', sourceHandle: 'next', target: 'phone' },
      { id: 'e3', source: 'name', sourceHandle: 'invalid', target: 'queue' },
      { id: 'e4', source: 'phone', sourceHandle: 'next', target: 'crm' },
      { id: 'e5', source: 'phone', sourceHandle: 'invalid', target: 'queue' },
      { id: 'e6', source: 'crm', sourceHandle: 'success', target: 'gold' },
      { id: 'e7', source: 'crm', sourceHandle: 'failure', target: 'queue' },
      { id: 'e8', source: 'gold', sourceHandle: 'true', target: 'vip' },
      { id: 'e9', source: 'gold', sourceHandle: 'false', target: 'queue' },
      { id: 'e10', source: 'vip', sourceHandle: 'next', target: 'queue' },
    ],
    variables: [{ name: 'tier' }],
  };
}

async function lineWithWidget(db: Database, operators: string[], settings: LineSettingsInput = {}): Promise<number> {
  const lineId = await insertLine(db, 'History line', lineSettingsSchema.parse(settings));
  await replaceQueue(db, lineId, operators);
  const channel = await db
    .insertInto('channels')
    .values({ line_id: lineId, kind: 'widget', key: `hist-${randomUUID().slice(0, 8)}`, name: 'Widget', config: '{}' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return channel.id;
}

async function clientWrites(ctx: ScenarioContext, channelId: number, visitorId: string, text: string): Promise<number> {
  const result = await receiveInboundMessage(
    { db: ctx.db, temporal: ctx.env.client, taskQueue: ctx.taskQueue },
    { channelId, externalMessageId: randomUUID(), sender: { externalId: visitorId }, text },
  );
  return result.dialogId;
}

async function until(ctx: ScenarioContext, dialogId: number, predicate: (state: DialogState) => boolean): Promise<void> {
  const handle = ctx.env.client.workflow.getHandle(dialogWorkflowId(dialogId));
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const state = await handle.query(stateQuery).catch(() => undefined);
    if (state && predicate(state)) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`dialog ${dialogId} did not reach the expected state`);
}
