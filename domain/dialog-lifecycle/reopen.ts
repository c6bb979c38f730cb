import type { CloseReason, DialogStatus } from '../dialog';

/**
 * SPEC §3 closing, §4 rule 1: a client who writes again inside the line's reopen window gets the
 * closed dialog back instead of a new one. The inbound path decides it on the stored row; the
 * dialog workflow, still running after the close, waits out the same window.
 */

/** Closed dialogs a client message may reopen; spam, expired and deleted ones stay closed. */
export const REOPENABLE_CLOSE_REASONS = ['operator', 'auto_close', 'rating'] as const satisfies readonly CloseReason[];

export function closeReasonAllowsReopen(reason: CloseReason): boolean {
  return (REOPENABLE_CLOSE_REASONS as readonly CloseReason[]).includes(reason);
}

/** A dialog closed this way can reopen at all on a line with this window (0 = never). */
export function mayEverReopen(reason: CloseReason, windowMinutes: number): boolean {
  return windowMinutes > 0 && closeReasonAllowsReopen(reason);
}

/** When the reopen window of a dialog closed at `closedAtMs` ends, in epoch milliseconds. */
export function reopenWindowEndsAt(closedAtMs: number, windowMinutes: number): number {
  return closedAtMs + windowMinutes * 60_000;
}

/** A client message now reopens this closed dialog (the window's last instant included). */
export function mayReopen(dialog: { closeReason: CloseReason | null; closedAt: Date | null }, windowMinutes: number, now: Date): boolean {
  if (dialog.closedAt === null || dialog.closeReason === null) return false;
  if (!mayEverReopen(dialog.closeReason, windowMinutes)) return false;
  return now.getTime() <= reopenWindowEndsAt(dialog.closedAt.getTime(), windowMinutes);
}

/** A reopened dialog is with its operator again (the client wrote last), or back in the queue when it had none. */
export function statusAfterReopen(operatorId: string | null): Extract<DialogStatus, 'queued' | 'in_work'> {
  return operatorId === null ? 'queued' : 'in_work';
}
