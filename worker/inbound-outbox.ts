import type { Client } from '@temporalio/client';
import { defaultPayloadConverter, toPayloads } from '@temporalio/common';
// A CommonJS package whose named exports Node's ESM loader cannot see: the default import works under tsx, vitest and Next.
import proto from '@temporalio/proto';
import { dialogWorkflowId } from '../domain/dialog';
import { clientMessageSignal, DIALOG_WORKFLOW_TYPE, type ClientMessageSignal } from '../domain/messages';
import type { Database } from '../db/client';
import { withTemporalDeadline } from './temporal-deadline';
import { claimDueOutboxRows, deleteOutboxRow, hasPendingSignal, recordOutboxFailure, type ClaimedOutboxRow } from '../db/queries/outbox';

/**
 * Hands stored client messages to their dialog workflows: the inbound path right after its commit,
 * and the sweeper (worker/outbox-sweeper.ts) for whatever that left pending. No Temporal worker or
 * activity code here: the web server imports this too.
 */
export interface OutboxDeliveryDeps {
  db: Database;
  temporal: Client;
  taskQueue: string;
  /** How long one signal-with-start may take (the client otherwise retries a dead server for about 20 s). */
  temporalTimeoutMs?: number;
}

/** A claimed row is someone's for this long: longer than any call's deadline, so a live claimer always finishes first. */
const LEASE_MS = 60_000;
const MAX_BACKOFF_MS = 30_000;

/**
 * The one signal-with-start of a client message: signals the dialog's running workflow, or starts
 * it. Its request id is the message's own, so a retry after an answer that never came back (a
 * deadline passed while the server was applying it) is recognised by the server, and the workflow
 * hears the message once. The SDK's signalWithStart draws a fresh request id per call, so this
 * makes the same call through the raw service with the payloads the SDK would encode.
 */
export async function signalClientMessage(deps: OutboxDeliveryDeps, row: ClaimedOutboxRow): Promise<void> {
  const { namespace, identity } = deps.temporal.options;
  await withTemporalDeadline(deps, () =>
    deps.temporal.workflowService.signalWithStartWorkflowExecution({
      namespace,
      identity,
      requestId: clientMessageRequestId(row.messageId),
      workflowId: dialogWorkflowId(row.dialogId),
      workflowType: { name: DIALOG_WORKFLOW_TYPE },
      taskQueue: { kind: proto.temporal.api.enums.v1.TaskQueueKind.TASK_QUEUE_KIND_NORMAL, name: deps.taskQueue },
      // Used only if no run is going (a new dialog, or a reopened one whose run had finished).
      input: { payloads: toPayloads(defaultPayloadConverter, row.workflowInput) },
      signalName: clientMessageSignal.name,
      signalInput: { payloads: toPayloads(defaultPayloadConverter, { messageId: row.messageId, text: row.text } satisfies ClientMessageSignal) },
    }),
  );
}

/** The request id of a message's signal: the same on every attempt. */
export function clientMessageRequestId(messageId: number): string {
  return `client-message-${messageId}`;
}

/** Back-off after the n-th failed attempt: 1 s, 2 s, 4 s … up to 30 s. */
export function outboxRetryDelayMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, 1_000 * 2 ** Math.max(0, attempts - 1));
}

export interface OutboxPass {
  claimed: number;
  delivered: number;
  failed: number;
  /** A delivered message's dialog had another message pending when it was delivered. */
  morePending: boolean;
}

/**
 * One pass over due pending signals (of one dialog when `dialogId` is given): claims the oldest
 * pending message of each dialog, signals it, deletes the row on success or records the failure
 * with a back-off. Dialogs are delivered side by side, each in message order.
 */
export async function deliverDueMessages(
  deps: OutboxDeliveryDeps,
  options: { dialogId?: number; limit?: number; olderThanMs?: number } = {},
): Promise<OutboxPass> {
  const rows = await claimDueOutboxRows(deps.db, { limit: options.limit ?? 50, leaseMs: LEASE_MS, dialogId: options.dialogId, olderThanMs: options.olderThanMs });
  const outcomes = await Promise.all(
    rows.map(async (row) => {
      try {
        await signalClientMessage(deps, row);
      } catch (error) {
        await recordOutboxFailure(deps.db, row.messageId, describe(error), outboxRetryDelayMs(row.attempts + 1));
        return { delivered: false as const };
      }
      return { delivered: true as const, ...(await deleteOutboxRow(deps.db, row.messageId)) };
    }),
  );
  const delivered = outcomes.filter((outcome) => outcome.delivered).length;
  return { claimed: rows.length, delivered, failed: rows.length - delivered, morePending: outcomes.some((outcome) => outcome.delivered && outcome.dialogHasMore) };
}

/**
 * Right after the inbound commit: the dialog's due messages, oldest first, until none is left or
 * one fails (the last delivery says whether another is pending, so no empty claim follows it).
 * What stays pending (a failure, or a row the sweeper holds right now) the sweeper delivers.
 * Returns how many this call delivered: at least one means the dialog's workflow is running.
 */
export async function deliverDialogMessages(deps: OutboxDeliveryDeps, dialogId: number): Promise<number> {
  let delivered = 0;
  for (;;) {
    const pass = await deliverDueMessages(deps, { dialogId, limit: 1 });
    delivered += pass.delivered;
    if (pass.claimed === 0 || pass.failed > 0 || !pass.morePending) return delivered;
  }
}

/**
 * For an operator's action on a dialog whose workflow Temporal does not know: a new dialog is
 * offered as its first message is stored, alongside that message's hand-over (channels/inbound.ts),
 * so an operator can act before the hand-over has started the workflow. Its pending messages are
 * handed over now, or waited for while another hand-over holds them, for at most `waitMs`. Returns
 * when none is pending any more (then its workflow runs, unless the dialog has finished) or the time
 * is up.
 */
export async function handOverPendingMessages(deps: OutboxDeliveryDeps, dialogId: number, waitMs = 10_000): Promise<void> {
  const until = Date.now() + waitMs;
  while (await hasPendingSignal(deps.db, dialogId)) {
    // Nothing this call could claim: another hand-over holds the message, or its back-off runs.
    if ((await deliverDialogMessages(deps, dialogId)) > 0) continue;
    if (Date.now() >= until) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function describe(error: unknown): string {
  const message = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
  return message.slice(0, 1_000);
}
