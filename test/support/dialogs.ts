import { randomUUID } from 'node:crypto';
import { defaultPayloadConverter, WorkflowNotFoundError, type Client } from '@temporalio/client';
import type { temporal } from '@temporalio/proto';
import { dialogWorkflowId } from '../../domain/dialog';
import { clientMessageSignal, stateQuery, type ClientMessageSignal, type DialogState } from '../../domain/messages';
import { sql } from 'kysely';
import type { Database } from '../../db/client';
import { receiveInboundMessage } from '../../channels/inbound';
import { AppError } from '../../domain/errors';
import { runDialogUpdate } from '../../web/server/services/workflow-updates';

/**
 * Moves the client's messages in the dialog back in time, so their last one was `hoursAgo` hours
 * ago (a messenger's reply window counts from it); returns that time.
 */
export async function clientWroteHoursAgo(db: Database, dialogId: number, hoursAgo: number): Promise<Date> {
  const at = new Date(Date.now() - hoursAgo * 3_600_000);
  const moved = await sql`update messages set created_at = ${at} where dialog_id = ${dialogId} and author_kind = 'client'`.execute(db);
  if (!moved.numAffectedRows) throw new Error(`dialog ${dialogId} has no client message to move back`);
  return at;
}

/** A client message through the real inbound path (store once, then signal-with-start). */
export async function sendClientMessage(
  deps: { db: Database; temporal: Client; taskQueue: string },
  channelId: number,
  options: { visitorId?: string; text?: string; externalMessageId?: string; email?: string } = {},
) {
  return receiveInboundMessage(deps, {
    channelId,
    externalMessageId: options.externalMessageId ?? randomUUID(),
    sender: { externalId: options.visitorId ?? randomUUID(), ...(options.email ? { email: options.email } : {}) },
    text: options.text ?? 'Hello, I need help',
  });
}

export function dialogHandle(client: Client, dialogId: number) {
  return client.workflow.getHandle(dialogWorkflowId(dialogId));
}

/** The reason the workflow gave for refusing an update, as the web app shows it; fails the test if the update went through. */
export async function rejectionOf(update: Promise<unknown>): Promise<string> {
  try {
    await runDialogUpdate(0, () => update);
  } catch (error) {
    if (error instanceof AppError && error.code === 'CONFLICT') return error.message;
    throw error;
  }
  throw new Error('the update was accepted, but a rejection was expected');
}

/** Ends every dialog workflow a test left running, so its timers don't fire into later tests. */
export async function terminateDialogs(client: Client, dialogIds: Iterable<number>): Promise<void> {
  await Promise.all(
    [...dialogIds].map((id) =>
      dialogHandle(client, id)
        .terminate('test finished')
        .catch((error: unknown) => {
          // Already finished is fine; anything else would leave timers running into later tests.
          if (!(error instanceof WorkflowNotFoundError)) throw error;
        }),
    ),
  );
}

/** The clientMessage signals each message id got, from the dialog workflow's whole history (every run). */
export async function signalsPerMessage(client: Client, dialogId: number): Promise<Map<number, number>> {
  const counts = new Map<number, number>();
  for await (const execution of client.workflow.list({ query: `WorkflowId = '${dialogWorkflowId(dialogId)}'` })) {
    const history = await client.workflow.getHandle(execution.workflowId, execution.runId).fetchHistory();
    for (const event of history.events ?? []) {
      const signalled = event.workflowExecutionSignaledEventAttributes;
      if (signalled?.signalName !== clientMessageSignal.name) continue;
      const [input] = (signalled.input?.payloads ?? []).map((p) => defaultPayloadConverter.fromPayload<ClientMessageSignal>(p));
      if (input) counts.set(input.messageId, (counts.get(input.messageId) ?? 0) + 1);
    }
  }
  return counts;
}

/** Polls the workflow's state until `predicate` holds (queries never advance time-skipping clocks). */
export async function waitForState(
  client: Client,
  dialogId: number,
  predicate: (state: DialogState) => boolean,
  // Generous: on 2 cores the full suite can starve a worker for a while; a hang still fails.
  timeoutMs = 40_000,
): Promise<DialogState> {
  const deadline = Date.now() + timeoutMs;
  let last: DialogState | undefined;
  while (Date.now() < deadline) {
    try {
      last = await dialogHandle(client, dialogId).query(stateQuery);
      if (predicate(last)) return last;
    } catch {
      // The workflow may not have run its first task yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`dialog ${dialogId} never reached the expected state; last: ${JSON.stringify(last)}`);
}

/** Polls until `check` returns a value (for rows written asynchronously by activities). */
export async function eventually<T>(check: () => Promise<T | undefined | null | false>, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const value = await check();
    if (value) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error('condition not met in time');
}

/** The dialog's stored row, as the inbox reads it. */
export async function dialogRow(db: Database, dialogId: number) {
  return db.selectFrom('dialogs').selectAll().where('id', '=', dialogId).executeTakeFirstOrThrow();
}

/** Every message text of the dialog in order, hidden notes included. */
export async function dialogTexts(db: Database, dialogId: number): Promise<string[]> {
  const rows = await db.selectFrom('messages').select('text').where('dialog_id', '=', dialogId).orderBy('id').execute();
  return rows.map((m) => m.text);
}

/** The dialog's audit trail in order. */
export async function dialogEvents(db: Database, dialogId: number) {
  return db.selectFrom('dialog_events').select(['kind', 'actor_user_id', 'data']).where('dialog_id', '=', dialogId).orderBy('id').execute();
}

/** The users the dialog is offered to right now, sorted (offers have no order of their own). */
export async function dialogOffers(db: Database, dialogId: number): Promise<string[]> {
  const rows = await db.selectFrom('dialog_offers').select('user_id').where('dialog_id', '=', dialogId).execute();
  return rows.map((o) => o.user_id).sort();
}

/**
 * The dialog's workflow has run its routing activity to completion at least once. (Its stored and
 * queried status is "queued" from the start, so neither tells whether routing was tried.)
 */
export async function routingAttempted(client: Client, dialogId: number): Promise<boolean> {
  const events = (await dialogHandle(client, dialogId).fetchHistory()).events ?? [];
  const offerIds = new Set(events.filter((e) => e.activityTaskScheduledEventAttributes?.activityType?.name === 'offerDialog').map((e) => String(e.eventId)));
  return events.some((e) => offerIds.has(String(e.activityTaskCompletedEventAttributes?.scheduledEventId)) || localActivityDone(e, 'offerDialog'));
}

/** A local activity's result is a marker event; its data names the activity (absent when it failed). */
function localActivityDone(event: temporal.api.history.v1.IHistoryEvent, activityType: string): boolean {
  const marker = event.markerRecordedEventAttributes;
  if (marker?.markerName !== LOCAL_ACTIVITY_MARKER || marker.failure) return false;
  const data = marker.details?.data?.payloads?.[0]?.data;
  return data !== undefined && data !== null && (JSON.parse(Buffer.from(data).toString('utf8')) as { activity_type?: string }).activity_type === activityType;
}

const LOCAL_ACTIVITY_MARKER = 'core_local_activity';
