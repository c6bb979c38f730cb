import type { DialogStatus } from '../../../domain/dialog';
import { seesAllDialogs } from '../../../domain/roles';
import type { Actor } from './actor';

/**
 * SPEC §2 as pure rules. Admins and directors see and work every dialog; a manager sees their own
 * dialogs and the unassigned dialogs of lines whose queue includes them, and answers or closes only
 * their own (answering an unassigned dialog offered to them accepts it — the workflow decides that).
 */
export interface DialogFacts {
  lineId: number;
  operatorId: string | null;
  status: DialogStatus;
  offeredTo: readonly string[];
}

export function canSeeDialog(actor: Actor, dialog: DialogFacts, memberOfLine: boolean): boolean {
  if (seesAllDialogs(actor.role)) return true;
  if (dialog.operatorId === actor.id || dialog.offeredTo.includes(actor.id)) return true;
  return dialog.operatorId === null && memberOfLine;
}

/** May try to answer (the workflow still refuses a dialog offered to someone else). */
export function canAnswerDialog(actor: Actor, dialog: DialogFacts, memberOfLine: boolean): boolean {
  if (!canSeeDialog(actor, dialog, memberOfLine)) return false;
  return seesAllDialogs(actor.role) || dialog.operatorId === actor.id || dialog.operatorId === null;
}

export function canCloseDialog(actor: Actor, dialog: DialogFacts): boolean {
  return seesAllDialogs(actor.role) || dialog.operatorId === actor.id;
}

/** Why the reply box is off for this user, or null when they can write. */
export function replyBlockedReason(
  actor: Actor,
  dialog: DialogFacts & { operatorName: string | null },
  offeredToNames: readonly string[],
): string | null {
  if (dialog.status === 'closed') return 'This dialog is closed. If the client writes again, a new dialog opens.';
  if (dialog.operatorId === actor.id || dialog.offeredTo.includes(actor.id)) return null;
  if (dialog.operatorId !== null) return `${dialog.operatorName ?? 'Another operator'} is handling this dialog; only they can answer.`;
  if (dialog.status === 'bot') return 'A bot is talking to the client; you can answer once it hands the dialog to the queue.';
  if (offeredToNames.length > 0) return `Offered to ${offeredToNames.join(', ')}; you can answer if it comes to you.`;
  return 'Waiting in the queue for the next free operator; you can answer once it is offered to you.';
}
