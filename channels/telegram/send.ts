import { InputFile, type Api } from 'grammy';
import type { Message } from 'grammy/types';
import type { OutboundAttachment, OutboundMessage } from '../connector';
import { apiSignal, classifySendError } from './bot-api';
import { inlineKeyboardOf } from './keyboard';

const MAX_CAPTION_LENGTH = 1024;
/** sendPhoto takes JPEG, PNG and WebP up to 10 MB; anything else goes as a document. */
const PHOTO_TYPES = new Set(['image/jpeg', 'image/png', 'image/webp']);
const MAX_PHOTO_BYTES = 10 * 1024 * 1024;

/**
 * One stored message to a private chat: its text with the inline keyboard (bot choices, rating),
 * and its files as photos or documents. A single file takes the text as its caption when it fits;
 * otherwise the text goes first and the files follow. The id of the first Telegram message sent,
 * `${chat_id}:${message_id}`, stands for the whole message.
 */
export async function sendToChat(api: Api, message: OutboundMessage, signal?: AbortSignal): Promise<string> {
  const chatId = message.recipientExternalId;
  const keyboard = inlineKeyboardOf(message);
  const markup = keyboard ? { reply_markup: keyboard } : {};
  const text = message.text.trim();
  const attachments = message.attachments ?? [];
  try {
    const [first, ...rest] = attachments;
    if (first && rest.length === 0 && text.length <= MAX_CAPTION_LENGTH) {
      return idOf(await sendFile(api, chatId, first, { ...(text ? { caption: text } : {}), ...markup }, signal));
    }
    const sent: Message[] = [];
    if (text) sent.push(await api.sendMessage(chatId, text, markup, apiSignal(signal)));
    for (const attachment of attachments) sent.push(await sendFile(api, chatId, attachment, {}, signal));
    if (!sent[0]) throw new Error(`message ${message.messageId} has neither text nor files to send`);
    return idOf(sent[0]);
  } catch (error) {
    throw classifySendError(error);
  }
}

async function sendFile(api: Api, chatId: string, attachment: OutboundAttachment, other: { caption?: string; reply_markup?: ReturnType<typeof inlineKeyboardOf> }, signal?: AbortSignal): Promise<Message> {
  const file = new InputFile(await attachment.read(), attachment.name);
  if (PHOTO_TYPES.has(attachment.mimeType) && attachment.size <= MAX_PHOTO_BYTES) return api.sendPhoto(chatId, file, other, apiSignal(signal));
  return api.sendDocument(chatId, file, other, apiSignal(signal));
}

function idOf(message: Message): string {
  return `${message.chat.id}:${message.message_id}`;
}
