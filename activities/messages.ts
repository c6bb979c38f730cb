import { ApplicationFailure, Context } from '@temporalio/activity';
import { channelCapabilities, type MessageExtras } from '../domain/channels';
import { statusWhenLastWriter } from '../domain/dialog-lifecycle/conversation-status';
import type { AuthorKind } from '../domain/dialog';
import { messageCreatedEvent } from '../domain/live-events';
import { operatorReplyKey } from '../domain/messages';
import { findDialog, updateDialog } from '../db/queries/dialogs';
import { recordDialogEvent } from '../db/queries/events';
import { notifyLive } from '../db/queries/live';
import { insertOutgoingMessageOnce, replyChannelOf } from '../db/queries/messages';
import type { Database } from '../db/client';
import type { ActivityDeps } from './deps';
import { changeDialog } from './dialogs';
import { PermanentSendFailure } from '../channels/connector';
import { giveUpSending, sendStoredMessage } from '../channels/send';
import { developmentChannelRuntime } from './deps';

/** The deliver activity's attempts (workflows/dialog/activities.ts `delivery`): the last one marks the message failed. */
const DELIVERY_ATTEMPTS = 20;

/** Announces a message this activity has just stored in `dialog` (outgoing: never a hidden note). */
async function notifyMessageCreated(db: Database, dialog: { id: number; line_id: number; contact_id: number }, message: { id: number; authorKind: AuthorKind; createdAt: Date }) {
  await notifyLive(
    db,
    messageCreatedEvent({ id: dialog.id, lineId: dialog.line_id, contactId: dialog.contact_id }, { id: message.id, authorKind: message.authorKind, hidden: false, createdAt: message.createdAt }),
  );
}

/**
 * The key that makes one activity call store one message, however often Temporal retries it:
 * the caller's own key when it has one, else the call's place in its workflow run (workflow id,
 * run id and activity id — fixed across retries and replays, new in every run, so a continued
 * or restarted dialog never meets an earlier run's keys).
 */
function activityCallKey(explicitKey: string | undefined): string {
  if (explicitKey) return explicitKey;
  const { workflowExecution, activityId } = Context.current().info;
  if (!workflowExecution) throw ApplicationFailure.nonRetryable('a message activity needs a key when not called by a workflow', 'NoIdempotencyKey');
  return `${workflowExecution.workflowId}/${workflowExecution.runId}/${activityId}`;
}

/** A message stored for the client, and whether storing it delivered it (a channel that reads from this server: the widget). */
export interface StoredOutgoing {
  messageId: number;
  delivered: boolean;
}

type BotMessageInput = { dialogId: number; text: string; extras?: MessageExtras; idempotencyKey?: string };
type OperatorReplyInput = {
  dialogId: number;
  operatorId: string;
  text: string;
  clientMessageId?: string;
  /** Files stored with the dialog before the reply (absent in histories recorded before replies had files). */
  attachments?: MessageExtras['attachments'];
};

export function createMessageActivities(deps: ActivityDeps) {
  /**
   * An automatic text to the client (greeting, out-of-hours reply, no-answer text, a flow's
   * message, rating request, thank-you, closing text). Stored and announced once per call.
   */
  const storeBotMessage = async ({ dialogId, text, extras, idempotencyKey }: BotMessageInput): Promise<StoredOutgoing> => {
    const key = activityCallKey(idempotencyKey);
    return deps.db.transaction().execute(async (trx) => {
      const dialog = await findDialog(trx, dialogId);
      if (!dialog) throw ApplicationFailure.nonRetryable(`dialog ${dialogId} does not exist`, 'NotFound');
      const channel = await replyChannelOf(trx, dialog);
      const delivered = channelCapabilities[channel.kind].deliveredOnStore;
      const { id, created, createdAt } = await insertOutgoingMessageOnce(trx, { dialogId, channelId: channel.id, authorKind: 'bot', authorUserId: null, text, extras, delivered, idempotencyKey: key });
      if (created) await notifyMessageCreated(trx, dialog, { id, authorKind: 'bot', createdAt });
      return { messageId: id, delivered };
    });
  };

  /**
   * An operator's answer: stored, and the dialog now waits for the client. Keyed by the
   * browser's id for the reply when it sent one (a resent reply is stored once), else by the call.
   */
  const storeOperatorReply = async ({ dialogId, operatorId, text, clientMessageId, attachments }: OperatorReplyInput): Promise<StoredOutgoing> => {
    const key = activityCallKey(clientMessageId === undefined ? undefined : operatorReplyKey(dialogId, clientMessageId));
    return changeDialog(deps, dialogId, async (trx, dialog) => {
      if (!dialog) throw ApplicationFailure.nonRetryable(`dialog ${dialogId} does not exist`, 'NotFound');
      const channel = await replyChannelOf(trx, dialog);
      const delivered = channelCapabilities[channel.kind].deliveredOnStore;
      const extras = attachments?.length ? { attachments } : undefined;
      const { id, created, createdAt } = await insertOutgoingMessageOnce(trx, {
        dialogId,
        channelId: channel.id,
        authorKind: 'operator',
        authorUserId: operatorId,
        text,
        extras,
        delivered,
        idempotencyKey: key,
      });
      // Already stored by an earlier attempt: the dialog was updated and told then.
      if (!created) return { messageId: id, delivered };
      const now = new Date();
      await updateDialog(trx, dialogId, {
        status: statusWhenLastWriter('operator'),
        last_operator_message_at: now,
        ...(dialog.first_answer_at ? {} : { first_answer_at: now }),
      });
      if (!dialog.first_answer_at) await recordDialogEvent(trx, dialogId, 'first_answer', operatorId);
      await notifyMessageCreated(trx, dialog, { id, authorKind: 'operator', createdAt });
      return { messageId: id, delivered };
    });
  };

  return {
    storeBotMessage,
    storeOperatorReply,

    /** storeBotMessage as runs recorded before it call it: the message's id only (they deliver every message). */
    async postBotMessage(input: BotMessageInput): Promise<number> {
      return (await storeBotMessage(input)).messageId;
    },

    /** storeOperatorReply as runs recorded before it call it: the message's id only (they deliver every message). */
    async postOperatorReply(input: OperatorReplyInput): Promise<number> {
      return (await storeOperatorReply(input)).messageId;
    },

    /**
     * Hands a stored message to its channel's connector (channels/send.ts). Retried by Temporal
     * with back-off; a permanent failure, or the last retry's, is shown on the message with its
     * reason. A message already delivered is not sent again.
     */
    async deliverMessage({ messageId }: { messageId: number }): Promise<void> {
      try {
        await sendStoredMessage({ db: deps.db, channels: deps.channels ?? developmentChannelRuntime }, messageId);
      } catch (error) {
        if (error instanceof PermanentSendFailure) throw ApplicationFailure.nonRetryable(error.message, 'PermanentSendFailure');
        if (Context.current().info.attempt >= DELIVERY_ATTEMPTS) await giveUpSending(deps.db, messageId, error);
        throw error;
      }
    },

    /** The client wrote: the operator owes an answer again. */
    async markClientWrote({ dialogId }: { dialogId: number }): Promise<void> {
      await changeDialog(deps, dialogId, async (trx) => {
        await updateDialog(trx, dialogId, { status: statusWhenLastWriter('client') });
      });
    },
  };
}
