import type { Client } from '@temporalio/client';
import { sql } from 'kysely';
import type { Database } from '../../db/client';
import { dialogWorkflowId, type DialogStatus } from '../../domain/dialog';
import { stateQuery } from '../../domain/messages';

/** What the visitors were told (2xx) and how the line is set up: what the stored state must show. */
export type ScaleOutExpectation = {
  lineId: number;
  channelId: number;
  operatorIds: readonly string[];
  maxOpenDialogs: number;
  /** Every widget message a visitor got a 2xx for, by its clientMessageId. */
  acknowledged: ReadonlyMap<string, { messageId: number; dialogId: number }>;
};

export type ScaleOutInspection = {
  problems: string[];
  storedClientMessages: number;
  storedWithoutAcknowledgement: number;
  dialogsByStatus: Partial<Record<DialogStatus, number>>;
  workflowsByStatus: Record<string, number>;
};

/**
 * The stored state against what was promised: each acknowledged message stored exactly once in the
 * dialog it was acknowledged for, nothing left in the inbound outbox, every open dialog's workflow
 * running and agreeing with its row, none queued while an operator has room, none where the client
 * wrote last but the dialog says the operator did (a client message its workflow never heard).
 */
export async function inspectScaleOut(db: Database, temporal: Client, expected: ScaleOutExpectation): Promise<ScaleOutInspection> {
  const problems: string[] = [];

  const stored = await db.selectFrom('messages').select(['id', 'dialog_id', 'external_id']).where('channel_id', '=', expected.channelId).where('author_kind', '=', 'client').execute();
  const byClientId = groupBy(stored, (row) => row.external_id ?? '');
  for (const [clientMessageId, ack] of expected.acknowledged) {
    const rows = byClientId.get(clientMessageId) ?? [];
    if (rows.length === 0) problems.push(`message ${clientMessageId} (acknowledged as #${ack.messageId}) is not stored: lost`);
    else if (rows.length > 1) problems.push(`message ${clientMessageId} is stored ${rows.length} times`);
    else if (rows[0]!.id !== ack.messageId || rows[0]!.dialog_id !== ack.dialogId) problems.push(`message ${clientMessageId} is stored as #${rows[0]!.id} in dialog ${rows[0]!.dialog_id}, acknowledged as #${ack.messageId} in dialog ${ack.dialogId}`);
  }
  const storedWithoutAcknowledgement = [...byClientId.keys()].filter((id) => !expected.acknowledged.has(id)).length;

  const pending = await db.selectFrom('inbound_outbox as o').innerJoin('dialogs as d', 'd.id', 'o.dialog_id').select(sql<number>`count(*)::int`.as('n')).where('d.line_id', '=', expected.lineId).executeTakeFirstOrThrow();
  if (pending.n > 0) problems.push(`${pending.n} client messages are still waiting in the inbound outbox (their workflow has not been told)`);

  const dialogs = await db.selectFrom('dialogs').select(['id', 'status']).where('line_id', '=', expected.lineId).orderBy('id').execute();
  const dialogsByStatus: Partial<Record<DialogStatus, number>> = {};
  for (const dialog of dialogs) dialogsByStatus[dialog.status] = (dialogsByStatus[dialog.status] ?? 0) + 1;
  const open = dialogs.filter((d) => d.status !== 'closed');

  const freeSlots = await freeSlotsOnLine(db, expected);
  const queued = open.filter((d) => d.status === 'queued');
  if (queued.length > 0 && freeSlots > 0) problems.push(`${queued.length} dialogs are queued while operators have ${freeSlots} free slots (stuck: ${queued.slice(0, 10).map((d) => d.id).join(', ')})`);
  for (const dialog of open.filter((d) => d.status === 'bot')) problems.push(`dialog ${dialog.id} is with a bot, but the line has none`);

  const clientWroteLast = await lastWriterOf(db, open.map((d) => d.id));
  for (const dialog of open) {
    if (dialog.status === 'waiting_client' && clientWroteLast.get(dialog.id) === 'client') problems.push(`dialog ${dialog.id} says it waits for the client, but the client wrote last (its workflow missed a message)`);
  }

  const workflowsByStatus: Record<string, number> = {};
  for (const dialog of dialogs) {
    const handle = temporal.workflow.getHandle(dialogWorkflowId(dialog.id));
    const description = await handle.describe().catch((error: unknown) => ({ status: { name: `UNKNOWN (${String(error)})` } }));
    workflowsByStatus[description.status.name] = (workflowsByStatus[description.status.name] ?? 0) + 1;
    if (dialog.status === 'closed') {
      if (['FAILED', 'TERMINATED', 'TIMED_OUT'].includes(description.status.name)) problems.push(`dialog ${dialog.id} is closed but its workflow ended ${description.status.name}`);
      continue;
    }
    if (description.status.name !== 'RUNNING') {
      problems.push(`dialog ${dialog.id} is open (${dialog.status}) but its workflow is ${description.status.name}`);
      continue;
    }
    const state = await handle.query(stateQuery).catch((error: unknown) => new Error(String(error)));
    if (state instanceof Error) problems.push(`dialog ${dialog.id}: its workflow does not answer a query: ${state.message}`);
    else if (state.status !== dialog.status) problems.push(`dialog ${dialog.id} is ${dialog.status} in PostgreSQL but ${state.status} in its workflow`);
  }
  return { problems, storedClientMessages: stored.length, storedWithoutAcknowledgement, dialogsByStatus, workflowsByStatus };
}

/** Room left under the line's limit: each operator's limit minus the dialogs held (open) and offered on the line. */
async function freeSlotsOnLine(db: Database, expected: ScaleOutExpectation): Promise<number> {
  const held = await db
    .selectFrom('dialogs')
    .select(['operator_id', sql<number>`count(*)::int`.as('n')])
    .where('line_id', '=', expected.lineId)
    .where('status', 'in', ['in_work', 'waiting_client'])
    .groupBy('operator_id')
    .execute();
  const offered = await db
    .selectFrom('dialog_offers as o')
    .innerJoin('dialogs as d', 'd.id', 'o.dialog_id')
    .select(['o.user_id', sql<number>`count(*)::int`.as('n')])
    .where('d.line_id', '=', expected.lineId)
    .groupBy('o.user_id')
    .execute();
  let free = 0;
  for (const operatorId of expected.operatorIds) {
    const used = (held.find((h) => h.operator_id === operatorId)?.n ?? 0) + (offered.find((o) => o.user_id === operatorId)?.n ?? 0);
    free += Math.max(0, expected.maxOpenDialogs - used);
  }
  return free;
}

/** Who wrote the latest message the client sees in each dialog: 'client' or 'operator'. */
async function lastWriterOf(db: Database, dialogIds: number[]): Promise<Map<number, string>> {
  if (dialogIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('messages')
    .distinctOn('dialog_id')
    .select(['dialog_id', 'author_kind'])
    .where('dialog_id', 'in', dialogIds)
    .where('hidden', '=', false)
    .where('author_kind', 'in', ['client', 'operator'])
    .orderBy('dialog_id')
    .orderBy('id', 'desc')
    .execute();
  return new Map(rows.map((row) => [row.dialog_id, row.author_kind]));
}

/** Map.groupBy, which Node 20 lacks. */
export function groupBy<T, K>(items: readonly T[], key: (item: T) => K): Map<K, T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) groups.set(key(item), [...(groups.get(key(item)) ?? []), item]);
  return groups;
}
