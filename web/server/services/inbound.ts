import type { Client } from '@temporalio/client';
import { inboundMessageSchema, type InboundMessage } from '../../../domain/channels';
import { dialogWorkflowId } from '../../../domain/dialog';
import { AppError } from '../../../domain/errors';
import { clientMessageSignal, DIALOG_WORKFLOW_TYPE, type DialogWorkflowInput } from '../../../domain/messages';
import type { Database } from '../../../db/client';
import { findChannel } from '../../../db/queries/channels';
import { findOrCreateContactByIdentity } from '../../../db/queries/contacts';
import { findOpenDialogForUpdate, insertDialog, updateDialog } from '../../../db/queries/dialogs';
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
}

/**
 * The one path by which a client message enters the system, whatever the channel (SPEC §4 rule 1):
 * store it once (keyed by the channel's message id) in the client's open dialog on the line or a
 * new one, then hand it to that dialog's workflow with signal-with-start. The message is committed
 * before the workflow hears of it, so a crash in between loses nothing: the channel's retry
 * re-signals, and the workflow ignores ids it has already seen.
 */
export async function receiveInboundMessage(deps: InboundDeps, input: InboundMessage): Promise<InboundResult> {
  const message = inboundMessageSchema.parse(input);
  const stored = await storeInbound(deps.db, message);
  const workflowInput: DialogWorkflowInput = { dialogId: stored.dialogId };
  await deps.temporal.workflow.signalWithStart(DIALOG_WORKFLOW_TYPE, {
    workflowId: dialogWorkflowId(stored.dialogId),
    taskQueue: deps.taskQueue,
    args: [workflowInput],
    signal: clientMessageSignal,
    signalArgs: [{ messageId: stored.messageId }],
  });
  return stored;
}

async function storeInbound(db: Database, message: InboundMessage, attempt = 1): Promise<InboundResult> {
  try {
    return await db.transaction().execute(async (trx) => {
      const channel = await findChannel(trx, message.channelId);
      if (!channel) throw new AppError('NOT_FOUND', `channel ${message.channelId} does not exist`, 'channelId');
      const contactId = await findOrCreateContactByIdentity(trx, channel.id, message.sender.externalId, message.sender);

      const already = await findMessageByExternalId(trx, channel.id, message.externalMessageId);
      if (already) return { dialogId: already.dialog_id, messageId: already.id, contactId, duplicate: true };

      const open = await findOpenDialogForUpdate(trx, channel.line_id, contactId);
      const dialogId = open?.id ?? (await insertDialog(trx, { lineId: channel.line_id, channelId: channel.id, contactId }));
      const messageId = await insertClientMessage(trx, { dialogId, channelId: channel.id, externalId: message.externalMessageId, text: message.text });
      if (messageId === undefined) throw new RetryInbound();
      await updateDialog(trx, dialogId, { last_client_message_at: new Date() });
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
      return { dialogId, messageId, contactId, duplicate: false };
    });
  } catch (error) {
    // A concurrent delivery of the same message, or a concurrent first message opening the same
    // dialog, won the race: the retry sees its committed row.
    if ((error instanceof RetryInbound || isUniqueViolation(error)) && attempt < 3) return storeInbound(db, message, attempt + 1);
    throw error;
  }
}

class RetryInbound extends Error {}

function isUniqueViolation(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: string }).code === '23505';
}
