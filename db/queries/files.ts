import type { Database } from '../client';

export interface NewFile {
  dialogId: number | null;
  name: string;
  mimeType: string;
  size: number;
  /** Where the file store keeps its bytes (written before the row). */
  storageKey: string;
}

export async function insertFile(db: Database, file: NewFile): Promise<number> {
  const row = await db
    .insertInto('files')
    .values({ dialog_id: file.dialogId, name: file.name, mime_type: file.mimeType, size: file.size, storage_key: file.storageKey })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A file's description and where its bytes are, without the bytes. */
export async function findFileInfo(db: Database, fileId: number) {
  return db
    .selectFrom('files')
    .select(['id', 'dialog_id', 'name', 'mime_type', 'size', 'storage_key', 'created_at'])
    .where('id', '=', fileId)
    .executeTakeFirst();
}

/** The bytes of a file stored in PostgreSQL before the file store existed; undefined for any other. */
export async function readFileDataColumn(db: Database, fileId: number): Promise<Uint8Array | undefined> {
  const row = await db.selectFrom('files').select('data').where('id', '=', fileId).executeTakeFirst();
  return row?.data ?? undefined;
}

/** Deletes the file's row; its storage key (for the caller to remove the bytes), or null when it had none, undefined when there was no row. */
export async function deleteFileRow(db: Database, fileId: number): Promise<{ storageKey: string | null } | undefined> {
  const row = await db.deleteFrom('files').where('id', '=', fileId).returning('storage_key').executeTakeFirst();
  return row && { storageKey: row.storage_key };
}

/** Deletes every file row of the dialogs; each one's storage key (null: its bytes were in the row). */
export async function deleteFileRowsOfDialogs(db: Database, dialogIds: readonly number[]): Promise<(string | null)[]> {
  if (dialogIds.length === 0) return [];
  const rows = await db.deleteFrom('files').where('dialog_id', 'in', dialogIds).returning('storage_key').execute();
  return rows.map((row) => row.storage_key);
}
