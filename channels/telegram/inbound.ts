import { GrammyError, type Api } from 'grammy';
import { MAX_MESSAGE_LENGTH } from '../../domain/dialog';
import type { InboundAttachment, InboundDelivery } from '../connector';
import { fileUrl } from './bot-api';
import type { TelegramSettings } from './settings';
import type { IncomingFile, ReadUpdate } from './update';

/**
 * A read update as the product's inbound messages: its files downloaded (getFile, then the file
 * URL under the API root) and a text longer than the product keeps in one message (Telegram allows
 * 4,096 characters) split into numbered parts, so nothing the client wrote is lost.
 */
export async function toDeliveries(api: Api, settings: TelegramSettings, read: ReadUpdate, fetchFn: typeof fetch = fetch): Promise<InboundDelivery[]> {
  const attachments: InboundAttachment[] = [];
  const missing: string[] = [];
  for (const file of read.files) {
    const downloaded = await download(api, settings, file, fetchFn);
    if (downloaded) attachments.push(downloaded);
    else missing.push(file.name);
  }
  const note = missing.length > 0 ? `\n[Telegram would not hand over ${missing.join(', ')}: files over 20 MB cannot be downloaded by bots; ask the client to send a link]` : '';
  const text = `${read.text}${note}`.trim();
  // Files sent without a caption make a message of files only (its text empty).
  const parts = text === '' ? [''] : splitText(text);
  return parts.map((part, index) => ({
    externalMessageId: index === 0 ? read.externalMessageId : `${read.externalMessageId}/${index + 1}`,
    sender: read.sender,
    text: part,
    ...(index === 0 && attachments.length > 0 ? { attachments } : {}),
  }));
}

/** The file's bytes, or null when Telegram refuses to hand it over for good (over 20 MB); other failures throw, so the update is retried. */
async function download(api: Api, settings: TelegramSettings, file: IncomingFile, fetchFn: typeof fetch): Promise<InboundAttachment | null> {
  let filePath: string | undefined;
  try {
    filePath = (await api.getFile(file.fileId)).file_path;
  } catch (error) {
    if (error instanceof GrammyError && error.error_code === 400) return null;
    throw error;
  }
  if (!filePath) return null;
  const response = await fetchFn(fileUrl(settings, filePath));
  if (!response.ok) throw new Error(`Telegram file download failed: HTTP ${response.status} for ${file.name}`);
  return { name: file.name, mimeType: file.mimeType, data: new Uint8Array(await response.arrayBuffer()) };
}

function splitText(text: string): string[] {
  const parts: string[] = [];
  for (let start = 0; start < text.length; start += MAX_MESSAGE_LENGTH) parts.push(text.slice(start, start + MAX_MESSAGE_LENGTH));
  // messageTextSchema refuses a part of only spaces; dropping it loses nothing the client wrote.
  return parts.filter((part) => part.trim() !== '');
}
