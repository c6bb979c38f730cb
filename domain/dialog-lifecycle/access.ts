import type { DialogStatus } from '../dialog';
import { englishErrorText } from '../error-messages';
import { seesAllDialogs, type Role } from '../roles';
import { acceptRefusal, answersBeside, openRefusal, pinRefusal, takeOverRefusal } from './preconditions';

/**
 * SPEC §2 as pure rules. Admins and directors see and work every dialog; a manager sees their own
 * dialogs, the dialogs they were invited into, and the unassigned dialogs of lines whose queue
 * includes them, and answers or closes only their own (answering an unassigned dialog offered to
 * them accepts it — the workflow decides that). An invited colleague may answer beside the operator.
 */
export interface DialogViewer {
  id: string;
  role: Role;
}

export interface DialogFacts {
  lineId: number;
  operatorId: string | null;
  status: DialogStatus;
  offeredTo: readonly string[];
  /** Colleagues invited into the dialog (SPEC §4 rule 6). */
  participants: readonly string[];
}

/**
 * Why a dialog is in view for a user who does not see every dialog: offered to them; theirs or
 * one they were invited into (closed ones included); or unassigned on a line whose queue includes
 * them. Lists of many dialogs (the history, db/queries/dialog-search.ts) apply these same grounds
 * in SQL, one clause per ground, so the list and the dialog view never disagree.
 */
export const dialogSightGrounds = ['offeredToViewer', 'handledByViewer', 'unassignedOnViewersLine'] as const;
export type DialogSightGround = (typeof dialogSightGrounds)[number];

/** 'every' for admins and directors; otherwise the grounds on which a dialog is visible. */
export function dialogSight(viewer: DialogViewer): 'every' | readonly DialogSightGround[] {
  return seesAllDialogs(viewer.role) ? 'every' : dialogSightGrounds;
}

const sightGroundHolds: Record<DialogSightGround, (viewer: DialogViewer, dialog: DialogFacts, memberOfLine: boolean) => boolean> = {
  offeredToViewer: (viewer, dialog) => dialog.offeredTo.includes(viewer.id),
  handledByViewer: (viewer, dialog) => answersBeside(dialog, viewer.id),
  unassignedOnViewersLine: (_viewer, dialog, memberOfLine) => dialog.operatorId === null && memberOfLine,
};

export function canSeeDialog(viewer: DialogViewer, dialog: DialogFacts, memberOfLine: boolean): boolean {
  const sight = dialogSight(viewer);
  return sight === 'every' || sight.some((ground) => sightGroundHolds[ground](viewer, dialog, memberOfLine));
}

/** May try to answer (the workflow still refuses a dialog offered to someone else). */
export function canAnswerDialog(viewer: DialogViewer, dialog: DialogFacts, memberOfLine: boolean): boolean {
  if (!canSeeDialog(viewer, dialog, memberOfLine)) return false;
  return seesAllDialogs(viewer.role) || answersBeside(dialog, viewer.id) || dialog.operatorId === null;
}

/** The dialog's own operator, or a supervisor. */
function ownsOrSupervises(viewer: DialogViewer, dialog: DialogFacts): boolean {
  return seesAllDialogs(viewer.role) || dialog.operatorId === viewer.id;
}

export function canCloseDialog(viewer: DialogViewer, dialog: DialogFacts): boolean {
  return ownsOrSupervises(viewer, dialog);
}

/** "Take" and "Skip" are for an open dialog offered to this operator that nobody has yet. */
export function canTakeDialog(viewer: DialogViewer, dialog: DialogFacts): boolean {
  return dialog.operatorId === null && acceptRefusal(dialog, viewer.id) === null;
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

export function dialogActionPermissions(viewer: DialogViewer, dialog: DialogFacts): DialogActionPermissions {
  const open = openRefusal(dialog) === null;
  const owner = open && ownsOrSupervises(viewer, dialog);
  return {
    canTransfer: owner,
    canInvite: owner,
    // Intercepting: a supervisor takes a dialog that is not already theirs.
    canTakeOver: seesAllDialogs(viewer.role) && takeOverRefusal(dialog, viewer.id) === null,
    canPin: owner && pinRefusal(dialog, true) === null,
    canSpam: owner,
    canRateAsSupervisor: seesAllDialogs(viewer.role),
  };
}

/** Why the reply box is off for this user, or null when they can write (English; the web server words it in the user's language). */
export function replyBlockedReason(
  viewer: DialogViewer,
  dialog: DialogFacts & { operatorName: string | null },
  offeredToNames: readonly string[],
): string | null {
  if (openRefusal(dialog) !== null) return englishErrorText('dialog.replyBlocked.closed');
  if (dialog.offeredTo.includes(viewer.id) || answersBeside(dialog, viewer.id)) return null;
  if (dialog.operatorId !== null) {
    return dialog.operatorName ? englishErrorText('dialog.replyBlocked.handledBy', { name: dialog.operatorName }) : englishErrorText('dialog.replyBlocked.handledByAnother');
  }
  if (dialog.status === 'bot') return englishErrorText('dialog.replyBlocked.bot');
  if (offeredToNames.length > 0) return englishErrorText('dialog.replyBlocked.offeredTo', { names: offeredToNames.join(', ') });
  return englishErrorText('dialog.replyBlocked.queued');
}
