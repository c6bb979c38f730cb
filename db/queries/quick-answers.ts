import { sql, type Transaction } from 'kysely';
import type { Database } from '../client';
import type { DB } from '../types';

/** Quick answers and their files (SPEC §5). */

export interface QuickAnswerRow {
  id: number;
  title: string;
  text: string;
  lineId: number | null;
  lineName: string | null;
  usageCount: number;
  updatedAt: Date;
  files: { fileId: number; name: string; mimeType: string; size: number }[];
}

/** `%`, `_` and `\` typed by a user match themselves. */
function containsPattern(search: string): string {
  return `%${search.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
}

/**
 * Quick answers matching `search` in title or text (case-insensitive), most used first, then by
 * title. `availableInLine`: only that line's and everyone's; undefined: all.
 */
export async function listQuickAnswers(
  db: Database,
  options: { search?: string; availableInLine?: number; limit?: number } = {},
): Promise<QuickAnswerRow[]> {
  let query = db
    .selectFrom('quick_answers as q')
    .leftJoin('lines as l', 'l.id', 'q.line_id')
    .select(['q.id', 'q.title', 'q.text', 'q.line_id', 'l.name as line_name', 'q.usage_count', 'q.updated_at'])
    .orderBy('q.usage_count', 'desc')
    .orderBy(sql`lower(q.title)`)
    .orderBy('q.id');
  if (options.search) {
    const pattern = containsPattern(options.search);
    query = query.where((eb) => eb.or([eb('q.title', 'ilike', pattern), eb('q.text', 'ilike', pattern)]));
  }
  if (options.availableInLine !== undefined) {
    const lineId = options.availableInLine;
    query = query.where((eb) => eb.or([eb('q.line_id', 'is', null), eb('q.line_id', '=', lineId)]));
  }
  if (options.limit !== undefined) query = query.limit(options.limit);
  const rows = await query.execute();
  const files = await listFilesOf(
    db,
    rows.map((row) => row.id),
  );
  return rows.map((row) => ({
    id: row.id,
    title: row.title,
    text: row.text,
    lineId: row.line_id,
    lineName: row.line_name,
    usageCount: row.usage_count,
    updatedAt: row.updated_at,
    files: files.filter((f) => f.quick_answer_id === row.id).map((f) => ({ fileId: f.file_id, name: f.name, mimeType: f.mime_type, size: f.size })),
  }));
}

async function listFilesOf(db: Database, quickAnswerIds: number[]) {
  if (quickAnswerIds.length === 0) return [];
  return db
    .selectFrom('quick_answer_files as qf')
    .innerJoin('files as f', 'f.id', 'qf.file_id')
    .select(['qf.quick_answer_id', 'qf.file_id', 'f.name', 'f.mime_type', 'f.size'])
    .where('qf.quick_answer_id', 'in', quickAnswerIds)
    .orderBy('qf.quick_answer_id')
    .orderBy('qf.position')
    .execute();
}

export async function findQuickAnswer(db: Database, id: number): Promise<QuickAnswerRow | undefined> {
  const row = await db
    .selectFrom('quick_answers as q')
    .leftJoin('lines as l', 'l.id', 'q.line_id')
    .select(['q.id', 'q.title', 'q.text', 'q.line_id', 'l.name as line_name', 'q.usage_count', 'q.updated_at'])
    .where('q.id', '=', id)
    .executeTakeFirst();
  if (!row) return undefined;
  const files = await listFilesOf(db, [id]);
  return {
    id: row.id,
    title: row.title,
    text: row.text,
    lineId: row.line_id,
    lineName: row.line_name,
    usageCount: row.usage_count,
    updatedAt: row.updated_at,
    files: files.map((f) => ({ fileId: f.file_id, name: f.name, mimeType: f.mime_type, size: f.size })),
  };
}

/** Locks the quick answer's row while it is edited or deleted; undefined when it does not exist. */
export async function lockQuickAnswer(trx: Transaction<DB>, id: number) {
  return trx.selectFrom('quick_answers').select('id').where('id', '=', id).forUpdate().executeTakeFirst();
}

export interface QuickAnswerFields {
  title: string;
  text: string;
  lineId: number | null;
}

export async function insertQuickAnswer(trx: Transaction<DB>, fields: QuickAnswerFields, createdBy: string): Promise<number> {
  const row = await trx
    .insertInto('quick_answers')
    .values({ title: fields.title, text: fields.text, line_id: fields.lineId, created_by: createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function updateQuickAnswer(trx: Transaction<DB>, id: number, fields: QuickAnswerFields): Promise<void> {
  await trx.updateTable('quick_answers').set({ title: fields.title, text: fields.text, line_id: fields.lineId, updated_at: new Date() }).where('id', '=', id).execute();
}

/**
 * Files uploaded for quick answers (stored with no dialog) among `fileIds`, with the quick answer
 * each already belongs to (null: not yet saved with one).
 */
export async function findQuickAnswerUploads(trx: Transaction<DB>, fileIds: readonly number[]) {
  if (fileIds.length === 0) return [];
  return trx
    .selectFrom('files as f')
    .leftJoin('quick_answer_files as qf', 'qf.file_id', 'f.id')
    .select(['f.id', 'qf.quick_answer_id'])
    .where('f.id', 'in', [...fileIds])
    .where('f.dialog_id', 'is', null)
    .forUpdate(['f'])
    .execute();
}

/** Makes `fileIds` (in this order) the quick answer's files; files it no longer names are deleted (their storage keys returned, for the caller to remove the bytes after commit). */
export async function replaceQuickAnswerFiles(trx: Transaction<DB>, quickAnswerId: number, fileIds: readonly number[]): Promise<string[]> {
  const dropped = await trx
    .deleteFrom('quick_answer_files')
    .where('quick_answer_id', '=', quickAnswerId)
    .$if(fileIds.length > 0, (q) => q.where('file_id', 'not in', [...fileIds]))
    .returning('file_id')
    .execute();
  const removedKeys = await deleteFileRowsReturningKeys(
    trx,
    dropped.map((d) => d.file_id),
  );
  await trx.deleteFrom('quick_answer_files').where('quick_answer_id', '=', quickAnswerId).execute();
  if (fileIds.length > 0) {
    await trx
      .insertInto('quick_answer_files')
      .values(fileIds.map((fileId, position) => ({ quick_answer_id: quickAnswerId, file_id: fileId, position })))
      .execute();
  }
  return removedKeys;
}

async function deleteFileRowsReturningKeys(trx: Transaction<DB>, fileIds: readonly number[]): Promise<string[]> {
  if (fileIds.length === 0) return [];
  const rows = await trx.deleteFrom('files').where('id', 'in', [...fileIds]).returning('storage_key').execute();
  return rows.flatMap((row) => (row.storage_key === null ? [] : [row.storage_key]));
}

/** Deletes the quick answer and its files; their storage keys, for the caller to remove the bytes after commit. */
export async function deleteQuickAnswer(trx: Transaction<DB>, id: number): Promise<string[]> {
  const files = await trx.selectFrom('quick_answer_files').select('file_id').where('quick_answer_id', '=', id).execute();
  await trx.deleteFrom('quick_answers').where('id', '=', id).execute();
  return deleteFileRowsReturningKeys(
    trx,
    files.map((f) => f.file_id),
  );
}

/** The quick answer's files in order, with where their bytes are (to copy them into a dialog). */
export async function findQuickAnswerFileSources(db: Database, quickAnswerId: number) {
  return db
    .selectFrom('quick_answer_files as qf')
    .innerJoin('files as f', 'f.id', 'qf.file_id')
    .select(['f.id', 'f.name', 'f.mime_type', 'f.size'])
    .where('qf.quick_answer_id', '=', quickAnswerId)
    .orderBy('qf.position')
    .execute();
}

export async function countQuickAnswerUse(trx: Transaction<DB>, id: number): Promise<void> {
  await trx
    .updateTable('quick_answers')
    .set((eb) => ({ usage_count: eb('usage_count', '+', 1) }))
    .where('id', '=', id)
    .execute();
}
