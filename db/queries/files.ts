import type { Database } from '../client';

export interface NewFile {
  dialogId: number | null;
  name: string;
  mimeType: string;
  data: Uint8Array;
}

export async function insertFile(db: Database, file: NewFile): Promise<number> {
  const row = await db
    .insertInto('files')
    .values({ dialog_id: file.dialogId, name: file.name, mime_type: file.mimeType, size: file.data.byteLength, data: Buffer.from(file.data) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** A file's description without its bytes. */
export async function findFileInfo(db: Database, fileId: number) {
  return db.selectFrom('files').select(['id', 'dialog_id', 'name', 'mime_type', 'size', 'created_at']).where('id', '=', fileId).executeTakeFirst();
}

export async function readFileData(db: Database, fileId: number): Promise<Uint8Array | undefined> {
  const row = await db.selectFrom('files').select('data').where('id', '=', fileId).executeTakeFirst();
  return row?.data;
}
