import { sql } from 'kysely';
import type { DialogWorkflowInput } from '../../domain/messages';
import type { Database } from '../client';

/** A pending client-message signal, claimed for delivery. */
export interface ClaimedOutboxRow {
  messageId: number;
  dialogId: number;
  text: string;
  workflowInput: DialogWorkflowInput;
  attempts: number;
}

/**
 * Claims due rows that are the oldest pending one of their dialog (a dialog's messages are
 * delivered in id order: the workflow ignores an id lower than one it has seen), and leases them
 * for `leaseMs`: a claimer that dies leaves them to be claimed again after the lease. SKIP LOCKED
 * lets several workers claim at once without taking the same row; a leased head keeps the rest
 * of its dialog back, so no one delivers a dialog's later message before its earlier one.
 * `olderThanMs`: only rows stored at least that long ago.
 */
export async function claimDueOutboxRows(
  db: Database,
  options: { limit: number; leaseMs: number; dialogId?: number; olderThanMs?: number },
): Promise<ClaimedOutboxRow[]> {
  const onlyDialog = options.dialogId === undefined ? sql`` : sql`and h.dialog_id = ${options.dialogId}`;
  const onlyOlder = options.olderThanMs ? sql`and h.created_at <= now() - ${options.olderThanMs} * interval '1 millisecond'` : sql``;
  const { rows } = await sql<{ message_id: number; dialog_id: number; text: string; workflow_input: DialogWorkflowInput; attempts: number }>`
    with claimed as (
      update inbound_outbox o
      set next_attempt_at = now() + ${options.leaseMs} * interval '1 millisecond'
      where o.message_id in (
        select h.message_id from inbound_outbox h
        where h.next_attempt_at <= now() ${onlyDialog} ${onlyOlder}
          and not exists (select 1 from inbound_outbox older where older.dialog_id = h.dialog_id and older.message_id < h.message_id)
        order by h.message_id
        limit ${options.limit}
        for update skip locked
      )
      returning o.message_id, o.dialog_id, o.workflow_input, o.attempts
    )
    select c.message_id, c.dialog_id, c.workflow_input, c.attempts, m.text
    from claimed c join messages m on m.id = c.message_id
    order by c.message_id`.execute(db);
  return rows.map((r) => ({ messageId: r.message_id, dialogId: r.dialog_id, text: r.text, workflowInput: r.workflow_input, attempts: r.attempts }));
}

/**
 * Delivered: the row goes (at-least-once; the workflow ignores a message id it has seen). Returns
 * whether another message of its dialog is pending: one stored after this check finds no older
 * row of its dialog when its own hand-over claims it, so it needs no one else to deliver it.
 */
export async function deleteOutboxRow(db: Database, messageId: number): Promise<{ dialogHasMore: boolean }> {
  // The statement sees the rows as they were before its delete: the deleted row is left out by id.
  const { rows } = await sql<{ more: boolean }>`
    with gone as (delete from inbound_outbox where message_id = ${messageId} returning dialog_id)
    select exists (select 1 from inbound_outbox o join gone on o.dialog_id = gone.dialog_id where o.message_id <> ${messageId}) as more`.execute(db);
  return { dialogHasMore: rows[0]?.more === true };
}

/** Not delivered: tried again after `retryInMs`, with the reason kept for whoever looks. */
export async function recordOutboxFailure(db: Database, messageId: number, error: string, retryInMs: number): Promise<void> {
  await db
    .updateTable('inbound_outbox')
    .set((eb) => ({
      attempts: eb('attempts', '+', 1),
      last_error: error,
      next_attempt_at: sql<Date>`now() + ${retryInMs} * interval '1 millisecond'`,
    }))
    .where('message_id', '=', messageId)
    .execute();
}

/** Whether a message of the dialog still waits to be handed to its workflow (pending, or claimed by a hand-over under way). */
export async function hasPendingSignal(db: Database, dialogId: number): Promise<boolean> {
  const row = await db.selectFrom('inbound_outbox').select('message_id').where('dialog_id', '=', dialogId).limit(1).executeTakeFirst();
  return row !== undefined;
}
