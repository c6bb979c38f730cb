import type { Database } from '../db/client';
import { deleteFileRow, deleteFileRowsOfDialogs, findFileInfo, insertFile, readFileDataColumn } from '../db/queries/files';
import type { FileStore } from './file-store';
import { newStorageKey } from './storage-keys';

/**
 * Stored files as a whole: the bytes in the file store, the description in PostgreSQL. Bytes are
 * written first and the row after, so a row always points at bytes that are there; a row that
 * cannot be written takes its bytes away again.
 */
export interface StoredFileDeps {
  db: Database;
  files: FileStore;
}

export interface FileToStore {
  dialogId: number | null;
  name: string;
  mimeType: string;
  data: Uint8Array;
}

export async function storeFile(deps: StoredFileDeps, file: FileToStore): Promise<number> {
  const storageKey = await stageFileBytes(deps.files, file.data);
  try {
    return await insertFile(deps.db, { dialogId: file.dialogId, name: file.name, mimeType: file.mimeType, size: file.data.byteLength, storageKey });
  } catch (error) {
    await discardStagedFiles(deps.files, [storageKey]);
    throw error;
  }
}

/**
 * Writes bytes under a new key before the transaction that records them (slow I/O is kept out of
 * a transaction holding locks); the caller discards the keys its transaction did not record.
 */
export async function stageFileBytes(files: FileStore, data: Uint8Array): Promise<string> {
  const key = newStorageKey();
  await files.write(key, data);
  return key;
}

/** Removes bytes no row points at; a failure is logged, never thrown (it would hide the caller's own error). */
export async function discardStagedFiles(files: FileStore, keys: readonly string[]): Promise<void> {
  await Promise.all(
    keys.map((key) => files.remove(key).catch((error: unknown) => console.error(`files: could not remove unrecorded bytes ${key} from ${files.description}`, error))),
  );
}

/** A file's bytes as a stream with their size: from the store, or from `files.data` for a file stored before the store existed. */
export async function openFileBytes(
  deps: StoredFileDeps,
  file: { id: number; storage_key: string | null },
): Promise<{ size: number; stream: ReadableStream<Uint8Array> } | undefined> {
  if (file.storage_key !== null) return deps.files.open(file.storage_key);
  const data = await readFileDataColumn(deps.db, file.id);
  return data && { size: data.byteLength, stream: new Blob([new Uint8Array(data)]).stream() };
}

/** A file's whole bytes (channels that upload files to a messenger), wherever they are kept. */
export async function readFileBytes(deps: StoredFileDeps, fileId: number): Promise<Uint8Array | undefined> {
  const info = await findFileInfo(deps.db, fileId);
  if (!info) return undefined;
  return info.storage_key !== null ? deps.files.read(info.storage_key) : readFileDataColumn(deps.db, fileId);
}

/**
 * Deletes a file: its row first (from then on nobody can open it), then its bytes. For retention;
 * a message that listed the file keeps its name, and its link answers 404. False when there was no such file.
 */
export async function deleteStoredFile(deps: StoredFileDeps, fileId: number): Promise<boolean> {
  const deleted = await deleteFileRow(deps.db, fileId);
  if (!deleted) return false;
  if (deleted.storageKey !== null) await deps.files.remove(deleted.storageKey);
  return true;
}

/** Deletes every file of a dialog, rows then bytes; how many. Call it before deleting the dialog (its cascade would leave the bytes behind). */
export async function deleteDialogFiles(deps: StoredFileDeps, dialogId: number): Promise<number> {
  const keys = await deleteFileRowsOfDialogs(deps.db, [dialogId]);
  await removeFileBytes(deps.files, keys);
  return keys.length;
}

/**
 * Removes the bytes of deleted file rows (a null key: they were in the row, gone with it). Throws
 * when the store fails, so a retry removes the rest; bytes already gone are no error.
 */
export async function removeFileBytes(files: FileStore, keys: readonly (string | null)[]): Promise<void> {
  await Promise.all(keys.flatMap((key) => (key === null ? [] : [files.remove(key)])));
}
