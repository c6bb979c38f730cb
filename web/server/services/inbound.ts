import type { Client } from '@temporalio/client';
import type { Transaction } from 'kysely';
import { inboundMessageSchema, type InboundMessage } from '../../../domain/channels';
import { dialogWorkflowId, mayReopen } from '../../../domain/dialog';
import { AppError } from '../../../domain/errors';
import { clientMessageSignal, DIALOG_WORKFLOW_TYPE, type DialogWorkflowInput } from '../../../domain/messages';
import type { Database } from '../../../db/client';
import { findChannel } from '../../../db/queries/channels';
import { findContact, findOrCreateContactByIdentity, lineLooksUpContacts } from '../../../db/queries/contacts';
import {
  dialogUpdatedEvent,
  findLatestClosedDialogForUpdate,
  findLatestDialogId,
  findOpenDialogForUpdate,
  insertDialog,
  reopenDialog,
  updateDialog,
} from '../../../db/queries/dialogs';
import { findLine } from '../../../db/queries/lines';
import type { DB } from '../../../db/types';
import { notifyLive } from '../../../db/queries/live';
import { findMessageByExternalId, insertClientMessage } from '../../../db/queries/messages';

export interface InboundDeps {
  db: Database;
  temporal: Client;
  taskQueue: string;
}

export interface InboundResult {
  dialogId: number;
  messageId: number;
  contactId: number;
  /** True when the channel re-delivered a message that was already stored. */
  duplicate: boolean;
  /** How the message found its dialog: SPEC §4 rule 1 and the reopen window; a blocked contact's is only stored. */
  route: 'open' | 'new' | 'reopened' | 'blocked';
}

export interface InboundOptions {
  /**
   * Called inside the storing transaction just before a new dialog is created; what it throws
   * rolls everything back (contact included), so a refused new dialog leaves nothing behind.
   * Channels use it for per-client limits on new dialogs. It gets the transaction so a counter it
   * writes commits with the dialog (and it needs no second pool connection while locks are held).
   */
  admitNewDialog?: (trx: Transaction<DB>) => Promise<void>;
}

/**
 * The one path by which a client message enters the system, whatever the channel (SPEC §4 rule 1):
 * store it once (keyed by the channel's message id) in the client's open dialog on the line or a
 * new one, then hand it to that dialog's workflow with signal-with-start. The message is committed
 * before the workflow hears of it, so a crash in between loses nothing: the channel's retry
 * re-signals, and the workflow ignores ids it has already seen.
 */
export async function receiveInboundMessage(deps: InboundDeps, input: InboundMessage, options: InboundOptions = {}): Promise<InboundResult> {
  const message = inboundMessageSchema.parse(input);
  const stored = await storeInbound(deps.db, message, options);
  // SPEC §4 rule 7: a blocked contact's messages open no dialog and notify no one.
  if (stored.route === 'blocked') return stored;
  // Used only if no run is going: a reopened dialog's workflow may have finished after its close.
  const workflowInput: DialogWorkflowInput = { dialogId: stored.dialogId, ...(stored.route === 'reopened' ? { resume: { reason: 'reopened' as const } } : {}) };
  await deps.temporal.workflow.signalWithStart(DIALOG_WORKFLOW_TYPE, {
    workflowId: dialogWorkflowId(stored.dialogId),
    taskQueue: deps.taskQueue,
    args: [workflowInput],
    signal: clientMessageSignal,
    signalArgs: [{ messageId: stored.messageId, text: message.text }],
  });
  return stored;
}

async function storeInbound(db: Database, message: InboundMessage, options: InboundOptions, attempt = 1): Promise<InboundResult> {
  try {
    return await db.transaction().execute(async (trx) => {
      const channel = await findChannel(trx, message.channelId);
      if (!channel) throw new AppError('NOT_FOUND', `channel ${message.channelId} does not exist`, 'channelId');
      const contactId = await findOrCreateContactByIdentity(trx, channel.id, message.sender.externalId, message.sender, {
        matchByDetails: () => lineLooksUpContacts(trx, channel.line_id),
      });

      const already = await findMessageByExternalId(trx, channel.id, message.externalMessageId);
      if (already) return { dialogId: already.dialog_id, messageId: already.id, contactId, duplicate: true, route: 'open' as const };

      const { dialogId, route } = await chooseDialog(trx, channel, contactId, options);
      const messageId = await insertClientMessage(trx, { dialogId, channelId: channel.id, externalId: message.externalMessageId, text: message.text });
      if (messageId === undefined) throw new RetryInbound();
      if (route === 'blocked') return { dialogId, messageId, contactId, duplicate: false, route };
      await updateDialog(trx, dialogId, { last_client_message_at: new Date() });
      if (route === 'reopened') await notifyLive(trx, await dialogUpdatedEvent(trx, dialogId));
      await notifyLive(trx, {
        type: 'message.created',
        dialogId,
        lineId: channel.line_id,
        contactId,
        messageId,
        authorKind: 'client',
        hidden: false,
        at: new Date().toISOString(),
      });
      return { dialogId, messageId, contactId, duplicate: false, route };
    });
  } catch (error) {
    // A concurrent delivery of the same message, or a concurrent first message opening the same
    // dialog, won the race: the retry sees its committed row.
    if ((error instanceof RetryInbound || isUniqueViolation(error)) && attempt < 3) return storeInbound(db, message, options, attempt + 1);
    throw error;
  }
}

/**
 * The dialog a client message belongs to (SPEC §4 rule 1): the client's open dialog on the line;
 * else, inside the line's reopen window, their last closed dialog, reopened with the same operator;
 * else a new one. A blocked contact's message is filed under their latest dialog, which stays as it is.
 */
async function chooseDialog(
  trx: Transaction<DB>,
  channel: { id: number; line_id: number },
  contactId: number,
  options: InboundOptions,
): Promise<{ dialogId: number; route: InboundResult['route'] }> {
  const open = await findOpenDialogForUpdate(trx, channel.line_id, contactId);
  if ((await findContact(trx, contactId))?.blocked) {
    const latest = open?.id ?? (await findLatestDialogId(trx, channel.line_id, contactId));
    if (latest !== undefined) return { dialogId: latest, route: 'blocked' };
  }
  if (open) return { dialogId: open.id, route: 'open' };
  const closed = await findLatestClosedDialogForUpdate(trx, channel.line_id, contactId);
  const line = closed && (await findLine(trx, channel.line_id));
  if (closed && line && mayReopen({ closeReason: closed.close_reason, closedAt: closed.closed_at }, line.settings.closing.reopenWindowMinutes, new Date())) {
    await reopenDialog(trx, closed.id);
    return { dialogId: closed.id, route: 'reopened' };
  }
  await options.admitNewDialog?.(trx);
  return { dialogId: await insertDialog(trx, { lineId: channel.line_id, channelId: channel.id, contactId }), route: 'new' };
}

class RetryInbound extends Error {}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}
