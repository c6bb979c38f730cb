import { z } from 'zod';
import { pressedButtonText } from './keyboard';

/**
 * The part of a Telegram Update (https://core.telegram.org/bots/api#update) the connector reads.
 * Other fields and update kinds pass unchecked; a field it reads with the wrong shape makes the
 * update malformed (400).
 */
const userSchema = z.object({
  id: z.number().int(),
  is_bot: z.boolean(),
  first_name: z.string(),
  last_name: z.string().optional(),
  username: z.string().optional(),
});

const fileSchema = z.object({ file_id: z.string().min(1), file_unique_id: z.string(), file_size: z.number().optional() });

const inlineKeyboardSchema = z.object({
  inline_keyboard: z.array(z.array(z.object({ text: z.string(), callback_data: z.string().optional() }).loose())),
});

const messageSchema = z.object({
  message_id: z.number().int(),
  from: userSchema.optional(),
  chat: z.object({ id: z.number().int(), type: z.string() }),
  text: z.string().optional(),
  caption: z.string().optional(),
  photo: z.array(fileSchema.extend({ width: z.number(), height: z.number() })).optional(),
  document: fileSchema.extend({ file_name: z.string().optional(), mime_type: z.string().optional() }).optional(),
  reply_markup: inlineKeyboardSchema.optional(),
});

export const updateSchema = z.object({
  update_id: z.number().int(),
  message: messageSchema.optional(),
  callback_query: z
    .object({
      id: z.string().min(1),
      from: userSchema,
      // Absent for buttons under inline-mode messages; "inaccessible" (date 0, no markup) after 48 hours.
      message: messageSchema.optional(),
      data: z.string().optional(),
    })
    .optional(),
});
export type TelegramUpdate = z.infer<typeof updateSchema>;
type TelegramUser = z.infer<typeof userSchema>;

/** A file the client sent, to be fetched with getFile. */
export interface IncomingFile {
  fileId: string;
  name: string;
  mimeType: string;
}

/** What one update says, before its files are downloaded. */
export interface ReadUpdate {
  externalMessageId: string;
  sender: { externalId: string; name?: string };
  text: string;
  files: IncomingFile[];
  /** Set for a button press: Telegram keeps the button spinning until it is answered. */
  callbackQueryId?: string;
}

/**
 * One inbound client message from an update, or null for updates that carry none: groups and
 * channels (a line talks to one client at a time), edits, a bot's own messages, stickers, polls…
 */
export function readUpdate(update: TelegramUpdate): ReadUpdate | null {
  const query = update.callback_query;
  if (query) {
    if (query.message?.chat.type !== 'private' || query.data === undefined) return null;
    const text = pressedButtonText(query.data, query.message.reply_markup);
    if (text === null) return null;
    return { externalMessageId: `callback:${query.id}`, sender: senderOf(query.from), text, files: [], callbackQueryId: query.id };
  }
  const message = update.message;
  if (!message?.from || message.from.is_bot || message.chat.type !== 'private') return null;
  const files = filesOf(message);
  const text = (message.text ?? message.caption ?? '').trim();
  if (text === '' && files.length === 0) return null;
  return {
    externalMessageId: `${message.chat.id}:${message.message_id}`,
    sender: senderOf(message.from),
    text,
    files,
  };
}

function filesOf(message: z.infer<typeof messageSchema>): IncomingFile[] {
  const files: IncomingFile[] = [];
  // Telegram sends one photo in several sizes, smallest first: keep the largest.
  const photo = message.photo?.reduce((largest, size) => (size.width * size.height > largest.width * largest.height ? size : largest));
  if (photo) files.push({ fileId: photo.file_id, name: `photo-${message.message_id}.jpg`, mimeType: 'image/jpeg' });
  const document = message.document;
  if (document) {
    files.push({ fileId: document.file_id, name: document.file_name ?? `document-${message.message_id}`, mimeType: document.mime_type ?? 'application/octet-stream' });
  }
  return files;
}

/** The contact is the Telegram user (a private chat's id is the user's id). */
function senderOf(user: TelegramUser): ReadUpdate['sender'] {
  const fullName = [user.first_name, user.last_name].filter(Boolean).join(' ').trim();
  const name = fullName || (user.username ? `@${user.username}` : '');
  return { externalId: String(user.id), ...(name ? { name: name.slice(0, 200) } : {}) };
}
