import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { parseRatingReply } from '../domain/channel-replies';
import type { InboundMessage } from '../domain/channels';
import { dialogWorkflowId } from '../domain/dialog';
import { messageCreatedEvent } from '../domain/live-events';
import { rateUpdate } from '../domain/messages';
import { findChannel } from '../db/queries/channels';
import { findContactIdByIdentity } from '../db/queries/contacts';
import { findLine } from '../db/queries/lines';
import { notifyLive } from '../db/queries/live';
import { findMessageByExternalId, insertClientMessage } from '../db/queries/messages';
import { findLatestDialogAwaitingRating } from '../db/queries/ratings';
import { withTemporalDeadline } from '../worker/temporal-deadline';
import type { InboundDeps } from './inbound';

export interface RatingReply {
  dialogId: number;
  messageId: number;
  contactId: number;
}

/**
 * Issue 10 item 7: outside the widget the client rates by answering the rating request with a
 * message ("5", "yes", or a rating button's id sent back as text). When the client's latest dialog
 * on the line awaits its rating and the text reads as one on the line's scale, the rating goes to
 * the dialog's workflow by the same `rate` update the widget's rating route uses (the workflow
 * decides whether a rating is still wanted, so nothing here second-guesses it), and the message is
 * kept in that dialog's history without waking it: it opens, reopens and answers nothing. Anything
 * else is an ordinary message for the inbound path: null.
 */
export async function takeRatingReply(deps: InboundDeps, message: InboundMessage): Promise<RatingReply | null> {
  // Files are never a rating (the inbound path keeps them); both scales read the same words, so
  // most messages are told apart here without a query.
  if (message.attachments?.length || parseRatingReply(message.text, 'five_stars') === null) return null;
  const channel = await findChannel(deps.db, message.channelId);
  const line = channel && (await findLine(deps.db, channel.line_id));
  if (!channel || !line?.settings.rating.enabled) return null;
  const rating = parseRatingReply(message.text, line.settings.rating.scale);
  if (rating === null) return null;
  const contactId = await findContactIdByIdentity(deps.db, channel.id, message.sender.externalId);
  // A re-delivery is the inbound path's to answer (it finds the stored message).
  if (contactId === undefined || (await findMessageByExternalId(deps.db, channel.id, message.externalMessageId))) return null;
  const dialog = await findLatestDialogAwaitingRating(deps.db, channel.line_id, contactId);
  if (!dialog) return null;
  try {
    await withTemporalDeadline(deps, () => deps.temporal.workflow.getHandle(dialogWorkflowId(dialog.id)).executeUpdate(rateUpdate, { args: [{ rating }] }));
  } catch (error) {
    // Not wanted any more (already rated, time limit over, workflow finished): an ordinary message.
    if (error instanceof WorkflowUpdateFailedError || error instanceof WorkflowNotFoundError) return null;
    // Temporal unreachable: the inbound path still stores the message, so nothing is lost.
    console.error(`rating reply: dialog ${dialog.id} could not be rated; stored as a message`, error);
    return null;
  }
  const messageId = await deps.db.transaction().execute(async (trx) => {
    const id = await insertClientMessage(trx, { dialogId: dialog.id, channelId: channel.id, externalId: message.externalMessageId, text: message.text });
    if (id !== undefined) {
      await notifyLive(trx, messageCreatedEvent({ id: dialog.id, lineId: dialog.line_id, contactId }, { id, authorKind: 'client', hidden: false, createdAt: new Date() }));
    }
    return id;
  });
  return { dialogId: dialog.id, messageId: messageId ?? (await findMessageByExternalId(deps.db, channel.id, message.externalMessageId))?.id ?? 0, contactId };
}
