import { verifyFileLink } from '../../../channels/file-links';
import { AppError } from '../../../domain/errors';
import { errorMessage } from '../../../domain/error-messages';
import { MAX_UPLOAD_BYTES, filePath, normalizedMimeType, safeFileName, uploadRefusal } from '../../../domain/files';
import type { Database } from '../../../db/client';
import { findFileInfo } from '../../../db/queries/files';
import type { FileStore } from '../../../storage/file-store';
import { openFileBytes, storeFile } from '../../../storage/stored-files';
import type { Actor } from './actor';
import { loadAnswerableDialog, loadDialog } from './dialogs';

export interface FileDeps {
  db: Database;
  /** Where files' bytes are kept (web/server/file-store.ts: the configured one). */
  files: FileStore;
  /** OPENLINES_SECRET: signed file links are checked with a key derived from it. */
  secret: string;
}

/** What the uploader gets back; `fileIds` of a reply name these. */
export interface UploadedFile {
  fileId: number;
  name: string;
  mimeType: string;
  size: number;
  url: string;
}

/**
 * An operator's file for a reply, stored with the dialog. Only for a dialog the operator may answer
 * now (the reply checks again): staff cannot park files in dialogs they cannot write in.
 */
export async function uploadDialogFile(
  deps: Pick<FileDeps, 'db' | 'files'>,
  actor: Actor,
  input: { dialogId: number; name: string; mimeType: string; data: Uint8Array },
): Promise<UploadedFile> {
  await loadAnswerableDialog(deps, actor, input.dialogId);
  const name = safeFileName(input.name);
  const mimeType = normalizedMimeType(input.mimeType) || 'application/octet-stream';
  const size = input.data.byteLength;
  const refusal = uploadRefusal({ name, mimeType, size });
  if (refusal) throw new AppError(size > MAX_UPLOAD_BYTES ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', refusal, 'file');
  const fileId = await storeFile(deps, { dialogId: input.dialogId, name, mimeType, data: input.data });
  return { fileId, name, mimeType, size, url: filePath(fileId) };
}

/**
 * A stored file for whoever asks with a valid signed link (channels fetching media, the widget's
 * visitor), or for staff who may see the file's dialog. The link is checked before anything is
 * read, so a forged one learns nothing, not even whether the file exists.
 */
export async function openStoredFile(deps: FileDeps, caller: { user: Actor | null; query: URLSearchParams }, fileId: number) {
  const signed = caller.query.has('signature');
  if (signed && !verifyFileLink(deps.secret, fileId, caller.query)) {
    throw new AppError('FORBIDDEN', errorMessage('files.forgedLink'), 'signature');
  }
  if (!signed && !caller.user) throw new AppError('UNAUTHORIZED', errorMessage('files.signInToOpen'));
  const info = await findFileInfo(deps.db, fileId);
  if (!info) throw new AppError('NOT_FOUND', errorMessage('files.notFound', { fileId: String(fileId) }), 'fileId');
  if (!signed && caller.user) {
    if (info.dialog_id === null) throw new AppError('FORBIDDEN', errorMessage('files.noDialog', { fileId: String(fileId) }), 'fileId');
    // The dialog access rule: who may see the dialog may open its files.
    await loadDialog(deps, caller.user, info.dialog_id);
  }
  const bytes = await openFileBytes(deps, info);
  if (!bytes) {
    console.error(`files: the bytes of file #${fileId} (${info.storage_key ?? 'files.data'}) are missing from ${deps.files.description}`);
    throw new AppError('NOT_FOUND', errorMessage('files.notStored', { fileId: String(fileId) }), 'fileId');
  }
  return { name: info.name, mimeType: info.mime_type, size: bytes.size, stream: bytes.stream };
}
