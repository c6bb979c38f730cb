import type { MessageExtras } from '../../../domain/channels';
import { AppError } from '../../../domain/errors';
import { errorMessage } from '../../../domain/error-messages';
import { filePath } from '../../../domain/files';
import type { Database } from '../../../db/client';
import { findFileInfo } from '../../../db/queries/files';

export type ReplyAttachment = NonNullable<MessageExtras['attachments']>[number];

/**
 * The files an operator's reply carries, as stored with the message: each must be stored with this
 * dialog (uploaded for it, or sent by the client in it), so a reply can never hand out another
 * dialog's file. The link is the session-checked path; channels get signed links when they send.
 */
export async function attachmentsForReply(db: Database, dialogId: number, fileIds: readonly number[]): Promise<ReplyAttachment[]> {
  const unique = [...new Set(fileIds)];
  const files = await Promise.all(unique.map((id) => findFileInfo(db, id)));
  return files.map((file, i) => {
    if (!file || file.dialog_id !== dialogId) {
      throw new AppError('BAD_REQUEST', errorMessage('files.notOfDialog', { fileId: String(unique[i]), dialogId: String(dialogId) }), 'fileIds');
    }
    return { fileId: file.id, name: file.name, mimeType: file.mime_type, size: file.size, url: filePath(file.id) };
  });
}
