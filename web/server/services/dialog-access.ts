import type { DialogStatus } from '../../../domain/dialog';
import { seesAllDialogs } from '../../../domain/roles';
import type { Actor } from './actor';

/**
 * SPEC §2 as pure rules. Admins and directors see and work every dialog; a manager sees their own
 * dialogs, the dialogs they were invited into, and the unassigned dialogs of lines whose queue
 * includes them, and answers or closes only their own (answering an unassigned dialog offered to
 * them accepts it — the workflow decides that). An invited colleague may answer beside the operator.
 */
export interface DialogFacts {
  lineId: number;
  operatorId: string | null;
  status: DialogStatus;
  offeredTo: readonly string[];
  /** Colleagues invited into the dialog (SPEC §4 rule 6). */
  participants: readonly string[];
}

function isParticipant(actor: Actor, dialog: DialogFacts): boolean {
  return dialog.participants.includes(actor.id);
}

export function canSeeDialog(actor: Actor, dialog: DialogFacts, memberOfLine: boolean): boolean {
  if (seesAllDialogs(actor.role)) return true;
  if (dialog.operatorId === actor.id || dialog.offeredTo.includes(actor.id) || isParticipant(actor, dialog)) return true;
  return dialog.operatorId === null && memberOfLine;
}

/** May try to answer (the workflow still refuses a dialog offered to someone else). */
export function canAnswerDialog(actor: Actor, dialog: DialogFacts, memberOfLine: boolean): boolean {
  if (!canSeeDialog(actor, dialog, memberOfLine)) return false;
  return seesAllDialogs(actor.role) || dialog.operatorId === actor.id || isParticipant(actor, dialog) || dialog.operatorId === null;
}

/** The dialog's own operator, or a supervisor. */
function ownsOrSupervises(actor: Actor, dialog: DialogFacts): boolean {
  return seesAllDialogs(actor.role) || dialog.operatorId === actor.id;
}

export function canCloseDialog(actor: Actor, dialog: DialogFacts): boolean {
  return ownsOrSupervises(actor, dialog);
}

/** What else the caller may do with the dialog: the buttons the dialog view shows. */
export interface DialogActionPermissions {
  canTransfer: boolean;
  canInvite: boolean;
  canTakeOver: boolean;
  canPin: boolean;
  canSpam: boolean;
  canRateAsSupervisor: boolean;
}

export function dialogActionPermissions(actor: Actor, dialog: DialogFacts): DialogActionPermissions {
  const open = dialog.status !== 'closed';
  const owner = open && ownsOrSupervises(actor, dialog);
  return {
    canTransfer: owner,
    canInvite: owner,
    // Intercepting: a supervisor takes a dialog that is not already theirs.
    canTakeOver: open && seesAllDialogs(actor.role) && dialog.operatorId !== actor.id,
    // Pinning keeps the dialog with its operator, so there must be one.
    canPin: owner && dialog.operatorId !== null,
    canSpam: owner,
    canRateAsSupervisor: seesAllDialogs(actor.role),
  };
}

/** Why the reply box is off for this user, or null when they can write. */
export function replyBlockedReason(
  actor: Actor,
  dialog: DialogFacts & { operatorName: string | null },
  offeredToNames: readonly string[],
): string | null {
  if (dialog.status === 'closed') return 'This dialog is closed. If the client writes again, a new dialog opens (or this one reopens inside the line’s reopen window).';
  if (dialog.operatorId === actor.id || dialog.offeredTo.includes(actor.id) || isParticipant(actor, dialog)) return null;
  if (dialog.operatorId !== null) return `${dialog.operatorName ?? 'Another operator'} is handling this dialog; only they can answer.`;
  if (dialog.status === 'bot') return 'A bot is talking to the client; you can answer once it hands the dialog to the queue.';
  if (offeredToNames.length > 0) return `Offered to ${offeredToNames.join(', ')}; you can answer if it comes to you.`;
  return 'Waiting in the queue for the next free operator; you can answer once it is offered to you.';
}
