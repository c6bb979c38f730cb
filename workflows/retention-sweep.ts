import { continueAsNew, proxyActivities, workflowInfo } from '@temporalio/workflow';
import type { Activities } from '../activities';
import type { RetentionLine, RetentionTotals } from '../activities/retention';

const { listRetentionLines, nextRetentionBatch, deleteRetentionRows, removeRetentionFileBytes, auditRetentionRun } = proxyActivities<Activities>({
  startToCloseTimeout: '2 minutes',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});
// A batch's histories are a few calls per dialog: the heartbeat after each dialog shows it is moving.
const { deleteRetentionHistories } = proxyActivities<Activities>({
  startToCloseTimeout: '10 minutes',
  heartbeatTimeout: '1 minute',
  retry: { initialInterval: '5 seconds', backoffCoefficient: 2, maximumInterval: '5 minutes' },
});

/** Batches a run handles before it continues as new, so its history stays small however much there is to delete. */
const BATCHES_PER_RUN = 100;

/** How a sweep cuts its work; the defaults unless a test makes them small enough to see the cuts. */
export interface RetentionSweepLimits {
  /** Dialogs per batch; by default RETENTION_BATCH_SIZE (domain/privacy.ts, read by the activity). */
  batchSize?: number;
  batchesPerRun?: number;
}

export interface RetentionSweepInput {
  /** The run's moment (ISO); each line's cut-off is this minus its days. Set on the first run, kept when continuing. */
  at?: string;
  /** Lines still to do, the first one under way (set when continuing as new). */
  lines?: RetentionLine[];
  /** What the first of `lines` has deleted so far. */
  progress?: RetentionTotals & { workflowHistories: number };
  /** Lines finished by the previous runs of this sweep. */
  done?: RetentionLineResult[];
  limits?: RetentionSweepLimits;
}

export type RetentionLineResult = RetentionLine & RetentionTotals & { workflowHistories: number };

const nothing = () => ({ dialogs: 0, messages: 0, files: 0, workflowHistories: 0 });

/**
 * SPEC §9 retention, once a day (worker/schedules.ts): on every line with "delete closed dialogs
 * older than N days", deletes those dialogs batch by batch — their workflow histories first, then
 * the rows with messages and files in one transaction, then the files' bytes — and writes one
 * audit entry per line with what went (none when nothing did). Statistics stay: their rows outlive
 * the dialogs. A failed step is retried; what is gone already is skipped.
 */
export async function retentionSweepWorkflow(input: RetentionSweepInput = {}): Promise<{ at: string; lines: RetentionLineResult[] }> {
  const at = input.at ?? new Date(Date.now()).toISOString();
  const lines = input.lines ?? (await listRetentionLines({ at }));
  const done = [...(input.done ?? [])];
  const { limits } = input;
  const budget = { batches: limits?.batchesPerRun ?? BATCHES_PER_RUN, batchSize: limits?.batchSize };
  for (const [index, line] of lines.entries()) {
    const totals = index === 0 && input.progress ? { ...input.progress } : nothing();
    const audit = () => auditRetentionRun({ ...line, at, dialogs: totals.dialogs, messages: totals.messages, files: totals.files });
    let finished: boolean;
    try {
      finished = await sweepLine(line, totals, budget);
    } catch (error) {
      // A step failed for good: what was deleted before it is still put on the record.
      if (totals.dialogs > 0) await audit();
      throw error;
    }
    // The line's entry is written by the run that finishes it, with the totals carried over.
    if (!finished) return continueAsNew<typeof retentionSweepWorkflow>({ at, lines: lines.slice(index), progress: totals, done, ...(limits ? { limits } : {}) });
    if (totals.dialogs > 0) await audit();
    done.push({ ...line, ...totals });
  }
  return { at, lines: done };
}

/** Deletes the line's old dialogs batch by batch into `totals`; false when this run's budget ran out first. */
async function sweepLine(
  line: RetentionLine,
  totals: RetentionTotals & { workflowHistories: number },
  budget: { batches: number; batchSize: number | undefined },
): Promise<boolean> {
  for (;;) {
    if (budget.batches <= 0 || workflowInfo().continueAsNewSuggested) return false;
    const dialogIds = await nextRetentionBatch({ ...line, limit: budget.batchSize });
    if (dialogIds.length === 0) return true;
    totals.workflowHistories += await deleteRetentionHistories({ dialogIds });
    const deleted = await deleteRetentionRows({ lineId: line.lineId, cutoff: line.cutoff, dialogIds });
    if (deleted.storageKeys.length > 0) await removeRetentionFileBytes({ storageKeys: deleted.storageKeys });
    totals.dialogs += deleted.dialogs;
    totals.messages += deleted.messages;
    totals.files += deleted.files;
    budget.batches -= 1;
    // None of the batch was still eligible (reopened meanwhile): the next pick would not find them either.
    if (deleted.dialogs === 0) return true;
  }
}
