import { AppError } from '../../../domain/errors';
import { errorMessage, type ErrorMessage } from '../../../domain/error-messages';
import { inviteUpdate, pinUpdate, spamUpdate, takeOverUpdate, transferUpdate, type TransferTarget } from '../../../domain/messages';
import type { Database } from '../../../db/client';
import { setSupervisorRating } from '../../../db/queries/dialog-actions';
import { dialogUpdatedEvent } from '../../../db/queries/dialogs';
import { hasDialogEventAfter, lastDialogEventId, recordDialogEvent } from '../../../db/queries/events';
import { findLine } from '../../../db/queries/lines';
import { notifyLive } from '../../../db/queries/live';
import { findUserActive } from '../../../db/queries/users';
import type { Actor } from './actor';
import { audit, auditDialogAction } from './audit';
import { dialogActionPermissions, type DialogActionPermissions } from '../../../domain/dialog-lifecycle/access';
import { openRefusal, pinRefusal, takeOverRefusal } from '../../../domain/dialog-lifecycle/preconditions';
import { loadDialog, refuseIf, storedDialog, updateDialog, type DialogDeps } from './dialogs';


/**
 * What staff do to a dialog besides answering (SPEC §4 rules 6–7, §3 supervisor rating). The
 * server checks who may (SPEC §2) and that the target exists; the dialog workflow decides whether
 * the dialog's state allows it and refuses with its own message (a CONFLICT) otherwise.
 */

/** Loads the open dialog and refuses unless the caller has `permission` on it. */
async function loadForAction(deps: DialogDeps, actor: Actor, dialogId: number, permission: keyof DialogActionPermissions, refusal: ErrorMessage) {
  const loaded = await loadDialog(deps, actor, dialogId);
  refuseIf(openRefusal(loaded.facts));
  if (!dialogActionPermissions(actor, loaded.facts)[permission]) throw new AppError('FORBIDDEN', refusal, 'dialogId');
  return loaded;
}

const factsBefore = (facts: { lineId: number; operatorId: string | null; status: string }) => ({ lineId: facts.lineId, operatorId: facts.operatorId, status: facts.status });

async function assertActiveUser(db: Database, userId: string, field: string, refusal: 'dialog.noActiveOperator' | 'dialog.noActiveColleague'): Promise<void> {
  const user = await findUserActive(db, userId);
  if (!user?.active) throw new AppError('BAD_REQUEST', errorMessage(refusal, { field }), field);
}

async function assertTransferTarget(db: Database, to: TransferTarget): Promise<void> {
  if (to.kind === 'operator') return assertActiveUser(db, to.operatorId, 'to.operatorId', 'dialog.noActiveOperator');
  if (!(await findLine(db, to.lineId))) throw new AppError('BAD_REQUEST', errorMessage('dialog.lineMissing', { lineId: String(to.lineId) }), 'to.lineId');
}

/** To another operator, or to another line's queue; the comment is for staff only. */
export async function transferDialog(deps: DialogDeps, actor: Actor, input: { dialogId: number; to: TransferTarget; comment?: string }): Promise<void> {
  const { facts } = await loadForAction(deps, actor, input.dialogId, 'canTransfer', errorMessage('dialog.transferForbidden', { dialogId: String(input.dialogId) }));
  await assertTransferTarget(deps.db, input.to);
  const comment = input.comment?.trim();
  // Who has the dialog after a transfer changes as soon as it is offered on: the event tells.
  const before = await lastDialogEventId(deps.db, input.dialogId);
  await updateDialog(deps, input.dialogId, (handle) => handle.executeUpdate(transferUpdate, { args: [{ userId: actor.id, to: input.to, ...(comment ? { comment } : {}) }] }), {
    what: errorMessage('dialog.action.transfer'),
    applied: () => hasDialogEventAfter(deps.db, input.dialogId, 'transferred', actor.id, before),
  });
  await auditDialogAction(deps, actor, { dialogId: input.dialogId, action: 'dialog.transferred', before: factsBefore(facts), details: { to: input.to, comment: comment ?? null } });
}

/** A colleague joins as a second participant: they see the dialog and may answer. */
export async function inviteToDialog(deps: DialogDeps, actor: Actor, input: { dialogId: number; userId: string }): Promise<void> {
  const { facts } = await loadForAction(deps, actor, input.dialogId, 'canInvite', errorMessage('dialog.inviteForbidden', { dialogId: String(input.dialogId) }));
  await assertActiveUser(deps.db, input.userId, 'userId', 'dialog.noActiveColleague');
  await updateDialog(deps, input.dialogId, (handle) => handle.executeUpdate(inviteUpdate, { args: [{ userId: actor.id, inviteeId: input.userId }] }), {
    what: errorMessage('dialog.action.invite'),
    applied: async () => (await storedDialog(deps, input.dialogId)).participants.includes(input.userId),
  });
  await auditDialogAction(deps, actor, { dialogId: input.dialogId, action: 'dialog.invited', before: factsBefore(facts), details: { invitedUserId: input.userId } });
}

/** A supervisor intercepts the dialog: it becomes theirs. */
export async function takeOverDialog(deps: DialogDeps, actor: Actor, dialogId: number): Promise<void> {
  const { facts } = await loadDialog(deps, actor, dialogId);
  refuseIf(takeOverRefusal(facts, actor.id));
  if (!dialogActionPermissions(actor, facts).canTakeOver) throw new AppError('FORBIDDEN', errorMessage('dialog.takeOverForbidden'), 'dialogId');
  await updateDialog(deps, dialogId, (handle) => handle.executeUpdate(takeOverUpdate, { args: [{ userId: actor.id }] }), {
    what: errorMessage('dialog.action.takeOver'),
    applied: async () => (await storedDialog(deps, dialogId)).dialog?.operator_id === actor.id,
  });
  await auditDialogAction(deps, actor, { dialogId, action: 'dialog.taken_over', before: factsBefore(facts) });
}

/** Pinned: the dialog stays with its operator whatever their availability. */
export async function pinDialog(deps: DialogDeps, actor: Actor, input: { dialogId: number; pinned: boolean }): Promise<void> {
  const { facts } = await loadDialog(deps, actor, input.dialogId);
  refuseIf(pinRefusal(facts, input.pinned));
  if (!dialogActionPermissions(actor, facts).canPin) throw new AppError('FORBIDDEN', errorMessage('dialog.pinForbidden', { dialogId: String(input.dialogId) }), 'dialogId');
  await updateDialog(deps, input.dialogId, (handle) => handle.executeUpdate(pinUpdate, { args: [{ userId: actor.id, pinned: input.pinned }] }), {
    what: errorMessage(input.pinned ? 'dialog.action.pin' : 'dialog.action.unpin'),
    applied: async () => (await storedDialog(deps, input.dialogId)).dialog?.pinned === input.pinned,
  });
  await auditDialogAction(deps, actor, { dialogId: input.dialogId, action: input.pinned ? 'dialog.pinned' : 'dialog.unpinned', before: factsBefore(facts) });
}

/** Marks the dialog as spam and closes it; optionally blocks the contact. */
export async function markDialogSpam(deps: DialogDeps, actor: Actor, input: { dialogId: number; blockContact: boolean }): Promise<void> {
  const { facts } = await loadForAction(deps, actor, input.dialogId, 'canSpam', errorMessage('dialog.spamForbidden', { dialogId: String(input.dialogId) }));
  await updateDialog(deps, input.dialogId, (handle) => handle.executeUpdate(spamUpdate, { args: [{ userId: actor.id, blockContact: input.blockContact }] }), {
    what: errorMessage('dialog.action.spam'),
    applied: async () => (await storedDialog(deps, input.dialogId)).dialog?.status === 'closed',
  });
  await auditDialogAction(deps, actor, { dialogId: input.dialogId, action: 'dialog.marked_spam', before: factsBefore(facts), details: { blockContact: input.blockContact } });
}

/**
 * A supervisor's own rating of the operator's work (SPEC §3 rating), open or closed dialogs alike.
 * It changes nothing the dialog workflow decides, so it is written here: rating, audit event and
 * live event in one transaction. Rating again replaces the earlier one.
 */
export async function rateDialogAsSupervisor(
  deps: DialogDeps,
  actor: Actor,
  input: { dialogId: number; rating: number; comment?: string },
): Promise<void> {
  const { facts } = await loadDialog(deps, actor, input.dialogId);
  if (!dialogActionPermissions(actor, facts).canRateAsSupervisor) throw new AppError('FORBIDDEN', errorMessage('dialog.supervisorRatingForbidden'), 'dialogId');
  const comment = input.comment?.trim() || null;
  await deps.db.transaction().execute(async (trx) => {
    await setSupervisorRating(trx, input.dialogId, { rating: input.rating, comment, ratedBy: actor.id });
    await recordDialogEvent(trx, input.dialogId, 'supervisor_rated', actor.id, { rating: input.rating, ...(comment ? { comment } : {}) });
    await audit(trx, deps, actor, { action: 'dialog.rated_by_supervisor', subject: { type: 'dialog', id: input.dialogId }, after: { rating: input.rating, comment } });
    await notifyLive(trx, await dialogUpdatedEvent(trx, input.dialogId));
  });
}
