import { sql, type Transaction } from 'kysely';
import type { Database } from '../client';
import type { DB } from '../types';
import { deleteDialogContent } from './privacy';

/** Lines whose admins set "delete closed dialogs older than N days", by id. */
export async function listLinesWithRetention(db: Database): Promise<{ lineId: number; days: number }[]> {
  const rows = await db.selectFrom('lines').select(['id', 'retention_days']).where('retention_days', 'is not', null).orderBy('id').execute();
  return rows.flatMap((row) => (row.retention_days === null ? [] : [{ lineId: row.id, days: row.retention_days }]));
}

/**
 * Up to `limit` dialogs of the line retention may delete (domain/privacy.ts isRetentionEligible:
 * closed, closed before the cut-off), oldest first. A dialog is created before it is closed, so
 * `created_at < cutoff` holds for each of them too: it lets the (line_id, status, created_at) index
 * read only the old end of the line's closed dialogs.
 */
export async function pickRetentionBatch(db: Database, input: { lineId: number; cutoff: Date; limit: number }): Promise<number[]> {
  const rows = await db
    .selectFrom('dialogs')
    .select('id')
    .where('line_id', '=', input.lineId)
    .where('status', '=', 'closed')
    .where('created_at', '<', input.cutoff)
    .where('closed_at', '<', input.cutoff)
    .orderBy('created_at')
    .orderBy('id')
    .limit(input.limit)
    .execute();
  return rows.map((row) => row.id);
}

export interface DeletedRetainedDialogs {
  dialogIds: number[];
  /** Storage keys of the deleted files' bytes (null: the bytes were in the row): remove them after the commit. */
  storageKeys: (string | null)[];
  counts: { dialogs: number; messages: number; files: number };
}

/**
 * Deletes those of `dialogIds` that are still eligible — on the line, closed before the cut-off
 * (one reopened meanwhile stays) — with what hangs off them: their content (files' rows, messages,
 * webhook events, notifications) and, by cascade, events, offers, participants and pending signals.
 * Statistics rows stay (migration 20261206040000). Ids already gone are skipped: a retry is safe.
 */
export async function deleteRetainedDialogs(trx: Transaction<DB>, input: { lineId: number; cutoff: Date; dialogIds: readonly number[] }): Promise<DeletedRetainedDialogs> {
  if (input.dialogIds.length === 0) return { dialogIds: [], storageKeys: [], counts: { dialogs: 0, messages: 0, files: 0 } };
  const dialogIds = (
    await trx
      .selectFrom('dialogs')
      .select('id')
      .where('id', 'in', input.dialogIds)
      .where('line_id', '=', input.lineId)
      .where('status', '=', 'closed')
      .where('closed_at', '<', input.cutoff)
      .orderBy('id')
      .forUpdate()
      .execute()
  ).map((row) => row.id);
  if (dialogIds.length === 0) return { dialogIds: [], storageKeys: [], counts: { dialogs: 0, messages: 0, files: 0 } };
  const content = await deleteDialogContent(trx, dialogIds);
  await trx.deleteFrom('dialogs').where('id', 'in', dialogIds).execute();
  return { dialogIds, storageKeys: content.storageKeys, counts: { dialogs: dialogIds.length, messages: content.messages, files: content.storageKeys.length } };
}

/**
 * Whether this run's entry for the line is written already (a retried activity must not write a
 * second one). Runs are told apart by their cut-off, computed once per run; the entry is written
 * after the run started (`since`), which keeps the look-up on the log's time index.
 */
export async function hasRetentionAuditEntry(db: Database, input: { lineId: number; cutoff: Date; since: Date }): Promise<boolean> {
  const row = await db
    .selectFrom('audit_log')
    .select('id')
    .where('at', '>=', input.since)
    .where('action', '=', 'line.old_dialogs_deleted')
    .where('subject_type', '=', 'line')
    .where('subject_id', '=', String(input.lineId))
    .where(sql<boolean>`after->>'cutoff' = ${input.cutoff.toISOString()}`)
    .executeTakeFirst();
  return row !== undefined;
}
