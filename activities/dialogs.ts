import { ApplicationFailure } from '@temporalio/activity';
import type { Transaction } from 'kysely';
import type { CloseReason, DialogStatus, RatingValue } from '../domain/dialog';
import { STATUS_ON_ACCEPT, type ConversationStatus } from '../domain/dialog-lifecycle/conversation-status';
import type { LineSettings } from '../domain/line-settings';
import type { ChannelKind } from '../domain/channels';
import { setContactResponsibleIfUnset } from '../db/queries/contacts';
import { setContactBlocked } from '../db/queries/dialog-actions';
import { setLeadResponsibleForDialog } from '../db/queries/leads';
import { dialogUpdatedEvent, findDialogForWorkflow, lockDialog, updateDialog } from '../db/queries/dialogs';
import { recordDialogEvent } from '../db/queries/events';
import { findLine } from '../db/queries/lines';
import { notifyLive } from '../db/queries/live';
import { withdrawFromRouting } from '../db/queries/routing';
import type { DB } from '../db/types';
import { dispatchAfterCapacityChange } from '../engine/dispatch-line';
import { dispatchDepsOf, type ActivityDeps } from './deps';

export interface DialogContext {
  lineId: number;
  channelId: number;
  channelKind: ChannelKind;
  contactId: number;
  settings: LineSettings;
  isFirstDialog: boolean;
  /** The dialog's operator now (a reopened dialog is with its operator again). */
  operatorId: string | null;
  /** An operator has answered in this dialog before. */
  operatorAnswered: boolean;
  /** The row's status when loaded (absent in histories recorded before it was). */
  status?: DialogStatus;
}

/** The dialog's row as changeDialog locked it (undefined: no such dialog). */
export type LockedDialog = NonNullable<Awaited<ReturnType<typeof lockDialog>>>;

/**
 * Runs `change` in a transaction holding the dialog's row and publishes the dialog's new state when
 * it commits. A close holds it as a close (see lockDialog): a client's message being stored waits.
 */
export async function changeDialog<T>(
  deps: ActivityDeps,
  dialogId: number,
  change: (trx: Transaction<DB>, dialog: LockedDialog | undefined) => Promise<T>,
  purpose: 'change' | 'close' = 'change',
): Promise<T> {
  return deps.db.transaction().execute(async (trx) => {
    // The dialog's row first, then what its triggers touch (see lockDialog); `change` gets it as read then.
    const result = await change(trx, await lockDialog(trx, dialogId, purpose));
    await notifyLive(trx, await dialogUpdatedEvent(trx, dialogId));
    return result;
  });
}

/**
 * CRM-lite (SPEC §3): the operator who takes a client nobody is responsible for becomes their
 * responsible user, and the dialog's lead gets a responsible user on acceptance; a transfer moves
 * the lead to the new operator when the line says so.
 */
export async function updateCrmOwners(
  trx: Transaction<DB>,
  dialog: { id: number; line_id: number; contact_id: number },
  operatorId: string,
  how: 'accepted' | 'transferred',
): Promise<void> {
  const crm = (await findLine(trx, dialog.line_id))?.settings.crm;
  // Only on lines that use the CRM's owners: routing to the responsible user, or leads.
  if (!crm?.lookUpContact || !(crm.routeToResponsible || crm.createLead)) return;
  await setContactResponsibleIfUnset(trx, dialog.contact_id, operatorId);
  if (how === 'accepted') await setLeadResponsibleForDialog(trx, dialog.id, operatorId, { onlyIfUnset: true });
  else if (crm.changeLeadResponsibleOnTransfer) await setLeadResponsibleForDialog(trx, dialog.id, operatorId, { onlyIfUnset: false });
}

/** An event the workflow records with a change: who acted (null: the dialog's own flow) and its data. */
export interface DialogEventInput {
  kind: string;
  actorId: string | null;
  data: Record<string, unknown>;
}

/**
 * The dialog is the operator's now (accepted, transferred, taken over, assigned by a flow): offers
 * gone, the event recorded, the CRM's owners updated.
 */
export async function giveDialogTo(
  trx: Transaction<DB>,
  input: {
    dialogId: number;
    operatorId: string;
    status: ConversationStatus;
    event: DialogEventInput;
  },
): Promise<void> {
  const { dialogId, operatorId, status, event } = input;
  await withdrawFromRouting(trx, dialogId);
  const dialog = await updateDialog(trx, dialogId, { operator_id: operatorId, status, accepted_at: new Date() });
  await recordDialogEvent(trx, dialogId, event.kind, event.actorId, event.data);
  await updateCrmOwners(trx, dialog, operatorId, event.kind === 'transferred' ? 'transferred' : 'accepted');
}

export function createDialogActivities(deps: ActivityDeps) {
  return {
    async loadDialogContext({ dialogId }: { dialogId: number }): Promise<DialogContext> {
      const found = await findDialogForWorkflow(deps.db, dialogId);
      if (!found) throw ApplicationFailure.nonRetryable(`dialog ${dialogId} does not exist`, 'NotFound');
      const { dialog, settings, channelKind, earlierDialogs } = found;
      if (!settings || !channelKind) throw ApplicationFailure.nonRetryable(`line or channel of dialog ${dialogId} is gone`, 'NotFound');
      return {
        lineId: dialog.line_id,
        channelId: dialog.channel_id,
        channelKind,
        contactId: dialog.contact_id,
        settings,
        isFirstDialog: earlierDialogs === 0,
        operatorId: dialog.operator_id,
        operatorAnswered: dialog.first_answer_at !== null,
        status: dialog.status,
      };
    },

    async setDialogStatus({ dialogId, status }: { dialogId: number; status: Exclude<DialogStatus, 'closed'> }): Promise<void> {
      await changeDialog(deps, dialogId, (trx) => updateDialog(trx, dialogId, { status }));
    },

    /** The offered operator accepted (by "take" or by answering). */
    async assignDialog({ dialogId, operatorId }: { dialogId: number; operatorId: string }): Promise<void> {
      await changeDialog(deps, dialogId, (trx) =>
        giveDialogTo(trx, { dialogId, operatorId, status: STATUS_ON_ACCEPT, event: { kind: 'accepted', actorId: operatorId, data: {} } }),
      );
    },

    async markMissed({ dialogId }: { dialogId: number }): Promise<void> {
      await updateDialog(deps.db, dialogId, { missed: true });
    },

    /**
     * Closes the dialog; spam may also block the contact (their next messages open no dialog).
     * Its operator's slot (or its offers) are free then: their lines are dispatched.
     */
    async closeDialog(input: { dialogId: number; reason: CloseReason; closedBy: string | null; blockContact?: boolean }): Promise<void> {
      const { dialogId, reason, closedBy, blockContact = false } = input;
      const closed = await changeDialog(deps, dialogId, async (trx) => {
        await withdrawFromRouting(trx, dialogId);
        const dialog = await updateDialog(trx, dialogId, { status: 'closed', close_reason: reason, closed_at: new Date(), pinned: false });
        if (reason === 'spam') {
          await recordDialogEvent(trx, dialogId, 'marked_spam', closedBy, { blocked: blockContact });
          if (blockContact) await setContactBlocked(trx, dialog.contact_id, true);
        }
        await recordDialogEvent(trx, dialogId, 'closed', closedBy, { reason });
        return dialog;
      }, 'close');
      await dispatchAfterCapacityChange(dispatchDepsOf(deps), { operatorId: closed.operator_id, lineIds: [closed.line_id] });
    },

    async storeRating({ dialogId, rating }: { dialogId: number; rating: RatingValue }): Promise<void> {
      await changeDialog(deps, dialogId, async (trx) => {
        await updateDialog(trx, dialogId, { rating: String(rating), rated_at: new Date() });
        await recordDialogEvent(trx, dialogId, 'rated', null, { rating });
      });
    },
  };
}
