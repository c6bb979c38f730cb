import { patched } from '@temporalio/workflow';

/**
 * Changes of the dialog workflow made behind `patched()` up to December 2026. A run recorded
 * before a change keeps the old behaviour when it replays; a run started since has them all.
 */
export type DialogChange =
  | 'offered-before-start'
  | 'closed-dialog-ends-run'
  | 'greeting-beside-routing'
  | 'crm-check'
  | 'return-frees-capacity'
  | 'to-all-never-times-out'
  | 'flow-path'
  | 'stored-is-delivered'
  | 'deliveries-in-order'
  | 'dialog-local-activities'
  | 'deadline-timer-kept';

/** One marker for every change above: a run that records it has them all. */
const ALL_CHANGES_OF_2026_12 = 'dialog-changes-2026-12';

// Decided at the run's first question (module state is the run's own) and kept for the run.
let hasAllChanges: boolean | undefined;

/**
 * Whether this run has the change. Each `patched()` marker costs a run two history events (the
 * marker and an upsert of the TemporalChangeVersion search attribute, which the server also
 * writes to its visibility store), so a new run records one marker for all the changes above
 * instead of one per change. A run recorded before that marker existed asks for each change as
 * it did then; it replays the same. A later change is a `patched()` call of its own.
 */
export function hasChange(change: DialogChange): boolean {
  hasAllChanges ??= patched(ALL_CHANGES_OF_2026_12);
  return hasAllChanges || patched(change);
}
