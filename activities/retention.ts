import { Context } from '@temporalio/activity';
import { RETENTION_BATCH_SIZE, retentionCutoff } from '../domain/privacy';
import { recordAudit } from '../db/queries/audit';
import { lockLine } from '../db/queries/lines';
import { deleteRetainedDialogs, hasRetentionAuditEntry, listLinesWithRetention, pickRetentionBatch } from '../db/queries/retention';
import { configuredFileStore } from '../storage/file-store';
import { removeFileBytes } from '../storage/stored-files';
import { deleteDialogWorkflowHistories } from '../worker/workflow-histories';
import type { ActivityDeps } from './deps';

/** A line the sweep works on: its days and the cut-off (ISO) this run computed from them. */
export interface RetentionLine {
  lineId: number;
  days: number;
  cutoff: string;
}

/** What one batch of a line took away. */
export interface DeletedRetentionRows {
  dialogs: number;
  messages: number;
  files: number;
  /** Keys of the deleted files' bytes: removeRetentionFileBytes takes them next. */
  storageKeys: string[];
}

/** What one run deleted on one line: the audit entry's figures. */
export interface RetentionTotals {
  dialogs: number;
  messages: number;
  files: number;
}

/** The clock slack between the worker that started the run and PostgreSQL stamping the entry. */
const AUDIT_LOOKBACK_MS = 60 * 60_000;

/**
 * The retention sweep's steps (workflows/retention-sweep.ts), each safe to retry: what is gone
 * already is skipped, never an error. Per batch the dialogs' workflow histories go first (they
 * carry the clients' texts), then the rows in one transaction, then the files' bytes.
 */
export function createRetentionActivities(deps: ActivityDeps) {
  const { db } = deps;
  return {
    /** Lines with retention set, each with its cut-off from the run's moment `at` (ISO). */
    async listRetentionLines({ at }: { at: string }): Promise<RetentionLine[]> {
      const now = new Date(at);
      return (await listLinesWithRetention(db)).map(({ lineId, days }) => ({ lineId, days, cutoff: retentionCutoff(now, days).toISOString() }));
    },

    /** The next dialogs of the line old enough to delete (none: the line is done); `limit` defaults to RETENTION_BATCH_SIZE. */
    async nextRetentionBatch({ lineId, cutoff, limit }: { lineId: number; cutoff: string; limit?: number }): Promise<number[]> {
      return pickRetentionBatch(db, { lineId, cutoff: new Date(cutoff), limit: limit ?? RETENTION_BATCH_SIZE });
    },

    /** Deletes every run of the dialogs' workflows with its history; how many runs went. */
    async deleteRetentionHistories({ dialogIds }: { dialogIds: number[] }): Promise<number> {
      const temporal = deps.temporal ?? Context.current().client;
      let deleted = 0;
      for (const dialogId of dialogIds) {
        deleted += await deleteDialogWorkflowHistories(temporal, [dialogId]);
        Context.current().heartbeat(dialogId);
      }
      return deleted;
    },

    /** Deletes the dialogs still eligible, with their messages and files' rows, in one transaction. */
    async deleteRetentionRows(input: { lineId: number; cutoff: string; dialogIds: number[] }): Promise<DeletedRetentionRows> {
      const deleted = await db.transaction().execute((trx) => deleteRetainedDialogs(trx, { lineId: input.lineId, cutoff: new Date(input.cutoff), dialogIds: input.dialogIds }));
      return { ...deleted.counts, storageKeys: deleted.storageKeys.filter((key): key is string => key !== null) };
    },

    /** Removes the deleted files' bytes from the file store; bytes already gone are no error. */
    async removeRetentionFileBytes({ storageKeys }: { storageKeys: string[] }): Promise<void> {
      await removeFileBytes(deps.files ?? configuredFileStore(), storageKeys);
    },

    /**
     * The run's one audit entry for the line (`line.old_dialogs_deleted`, by the system), unless a
     * previous attempt wrote it. The line's row lock keeps two attempts from both writing it.
     */
    async auditRetentionRun(input: RetentionLine & RetentionTotals & { at: string }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        if (!(await lockLine(trx, input.lineId))) return;
        const cutoff = new Date(input.cutoff);
        const since = new Date(new Date(input.at).getTime() - AUDIT_LOOKBACK_MS);
        if (await hasRetentionAuditEntry(trx, { lineId: input.lineId, cutoff, since })) return;
        await recordAudit(trx, {
          actor: { system: true },
          action: 'line.old_dialogs_deleted',
          subject: { type: 'line', id: input.lineId },
          after: { days: input.days, cutoff: input.cutoff, dialogs: input.dialogs, messages: input.messages, files: input.files },
        });
      });
    },
  };
}
