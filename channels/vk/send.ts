import { createHash } from 'node:crypto';
import type { ReplyButton } from '../../domain/channels';
import type { ConnectedChannel, OutboundAttachment, OutboundMessage, SendContext, SendResult } from '../connector';
import { buttonsToDraw } from '../rating-buttons';
import { callVk, toVkSendFailure, uploadToVk } from './api';
import type { VkSettings } from './settings';

/**
 * One stored message out with messages.send. VK drops a second send with the same `random_id` to
 * the same user, so a retried send derives it from the message's idempotency key and is delivered
 * once. Files go up through VK's upload servers first and ride along as attachments.
 */
export async function sendVkMessage(channel: ConnectedChannel<VkSettings>, message: OutboundMessage, context: SendContext): Promise<SendResult> {
  const settings = channel.settings;
  try {
    const attachments: string[] = [];
    for (const attachment of message.attachments ?? []) attachments.push(await uploadAttachment(settings, message.recipientExternalId, attachment, context));
    const buttons = buttonsToDraw(message);
    const messageId = await callVk<number>(
      context.fetch,
      settings,
      'messages.send',
      {
        peer_id: message.recipientExternalId,
        random_id: randomIdOf(message.idempotencyKey),
        message: message.text,
        ...(attachments.length ? { attachment: attachments.join(',') } : {}),
        ...(buttons.length ? { keyboard: JSON.stringify(inlineKeyboard(buttons)) } : {}),
      },
      context.signal,
    );
    return { externalMessageId: String(messageId) };
  } catch (error) {
    throw toVkSendFailure(error);
  }
}

/** A positive int32 from the idempotency key (0 would switch VK's deduplication off). */
export function randomIdOf(idempotencyKey: string): number {
  return createHash('sha256').update(idempotencyKey).digest().readUInt32BE(0) % 2_147_483_647 || 1;
}

/** VK's inline keyboard: at most 10 buttons in at most 6 rows, labels up to 40 characters. */
function inlineKeyboard(buttons: ReplyButton[]) {
  const shown = buttons.slice(0, 10);
  const perRow = shown.length <= 6 ? 1 : 2;
  const rows: unknown[][] = [];
  shown.forEach((button, index) => {
    const row = Math.floor(index / perRow);
    (rows[row] ??= []).push({ action: { type: 'text', label: button.label.slice(0, 40), payload: JSON.stringify({ button: button.id }) }, color: 'secondary' });
  });
  return { one_time: false, inline: true, buttons: rows };
}

/** Images via photos.getMessagesUploadServer → upload → saveMessagesPhoto; anything else via docs.getMessagesUploadServer → upload → docs.save. */
async function uploadAttachment(settings: VkSettings, peerId: string, attachment: OutboundAttachment, context: SendContext): Promise<string> {
  const file = { name: attachment.name, mimeType: attachment.mimeType, data: await attachment.read() };
  if (/^image\/(jpeg|png|gif)$/.test(attachment.mimeType)) {
    const server = await callVk<{ upload_url: string }>(context.fetch, settings, 'photos.getMessagesUploadServer', { peer_id: peerId }, context.signal);
    const uploaded = await uploadToVk<{ server: number; photo: string; hash: string }>(context.fetch, server.upload_url, 'photo', file, context.signal);
    const [photo] = await callVk<Array<{ id: number; owner_id: number; access_key?: string }>>(
      context.fetch,
      settings,
      'photos.saveMessagesPhoto',
      { server: uploaded.server, photo: uploaded.photo, hash: uploaded.hash },
      context.signal,
    );
    if (!photo) throw new Error('VK photos.saveMessagesPhoto returned no photo');
    return `photo${photo.owner_id}_${photo.id}${photo.access_key ? `_${photo.access_key}` : ''}`;
  }
  const server = await callVk<{ upload_url: string }>(context.fetch, settings, 'docs.getMessagesUploadServer', { type: 'doc', peer_id: peerId }, context.signal);
  const uploaded = await uploadToVk<{ file: string }>(context.fetch, server.upload_url, 'file', file, context.signal);
  const saved = await callVk<{ type: string; doc?: { id: number; owner_id: number } }>(context.fetch, settings, 'docs.save', { file: uploaded.file, title: attachment.name }, context.signal);
  if (!saved.doc) throw new Error('VK docs.save returned no document');
  return `doc${saved.doc.owner_id}_${saved.doc.id}`;
}
