import { randomUUID } from 'node:crypto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { dialogWorkflowId } from '../../domain/dialog';
import { acceptUpdate, closeUpdate, rateUpdate, replyUpdate, stateQuery, type DialogState } from '../../domain/messages';
import { lineSettingsSchema, type LineSettingsInput } from '../../domain/line-settings';
import type { Database } from '../../db/client';
import { upsertOperatorState } from '../../db/queries/availability';
import { insertLine, replaceQueue } from '../../db/queries/lines';
import { createUserWithPassword } from '../../db/seed';
import { receiveInboundMessage } from '../../web/server/services/inbound';

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
};

/** An operator at work (online, working day started): eligible on lines that check availability. */
async function operator(db: Database, name: string): Promise<string> {
  const id = await createUserWithPassword(db, { email: `${name.toLowerCase()}-${randomUUID().slice(0, 8)}@histories.local`, name, role: 'manager', password: randomUUID() });
  await upsertOperatorState(db, id, { presence: 'online', workday: 'working' }, new Date());
  return id;
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
