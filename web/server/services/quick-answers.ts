import { AppError } from '../../../domain/errors';
import { errorMessage } from '../../../domain/error-messages';
import { MAX_UPLOAD_BYTES, filePath, normalizedMimeType, safeFileName, uploadRefusal } from '../../../domain/files';
import { operatorNameForClient } from '../../../domain/line-settings';
import {
  QUICK_ANSWER_PICKER_LIMIT,
  fillPlaceholders,
  isQuickAnswerAvailableIn,
  type QuickAnswerInput,
} from '../../../domain/quick-answers';
import { seesAllDialogs } from '../../../domain/roles';
import type { Database } from '../../../db/client';
import { insertFile } from '../../../db/queries/files';
import type { FileStore } from '../../../storage/file-store';
import { discardStagedFiles, readFileBytes, stageFileBytes, storeFile } from '../../../storage/stored-files';
import { findLine, listLineNames, lockLine } from '../../../db/queries/lines';
import {
  countQuickAnswerUse,
  deleteQuickAnswer as deleteQuickAnswerRow,
  findQuickAnswer,
  findQuickAnswerFileSources,
  findQuickAnswerUploads,
  insertQuickAnswer,
  listQuickAnswers,
  lockQuickAnswer,
  replaceQuickAnswerFiles,
  updateQuickAnswer,
  type QuickAnswerRow,
} from '../../../db/queries/quick-answers';
import type { Actor } from './actor';
import { loadAnswerableDialog, loadDialog } from './dialogs';
import type { UploadedFile } from './files';

/**
 * Quick answers (SPEC §5): admins and directors keep them (the router checks the role; the upload
 * route calls `uploadQuickAnswerFile`, which checks it itself); operators search the ones of their
 * dialog's line and everyone's, and insert one — its placeholders filled, its files copied into
 * the dialog for the reply. Each insert counts as a use.
 */
export interface QuickAnswerDeps {
  db: Database;
  /** Where files' bytes are kept. */
  files: FileStore;
}

export type QuickAnswer = QuickAnswerRow;

export function listQuickAnswersForAdmin(deps: QuickAnswerDeps, input: { search: string }): Promise<QuickAnswer[]> {
  return listQuickAnswers(deps.db, { search: input.search });
}

export function lineChoices(deps: QuickAnswerDeps): Promise<{ id: number; name: string }[]> {
  return listLineNames(deps.db);
}

/** Creates (no `id`) or replaces a quick answer, with its files, all or nothing. */
export async function saveQuickAnswer(deps: QuickAnswerDeps, actor: Actor, input: QuickAnswerInput & { id?: number }): Promise<{ id: number }> {
  const saved = await deps.db.transaction().execute(async (trx) => {
    if (input.lineId !== null && !(await lockLine(trx, input.lineId))) {
      throw new AppError('BAD_REQUEST', errorMessage('quickAnswers.lineMissing', { lineId: String(input.lineId) }), 'lineId');
    }
    if (input.id !== undefined && !(await lockQuickAnswer(trx, input.id))) {
      throw new AppError('NOT_FOUND', errorMessage('quickAnswers.notFoundCreateAgain', { id: String(input.id) }), 'id');
    }
    const uploads = await findQuickAnswerUploads(trx, input.fileIds);
    for (const fileId of input.fileIds) {
      const upload = uploads.find((u) => u.id === fileId);
      const ownedElsewhere = upload?.quick_answer_id != null && upload.quick_answer_id !== input.id;
      if (!upload || ownedElsewhere) {
        throw new AppError('BAD_REQUEST', errorMessage('quickAnswers.fileNotUploaded', { fileId: String(fileId) }), 'fileIds');
      }
    }
    const fields = { title: input.title, text: input.text, lineId: input.lineId };
    const id = input.id ?? (await insertQuickAnswer(trx, fields, actor.id));
    if (input.id !== undefined) await updateQuickAnswer(trx, id, fields);
    return { id, removedKeys: await replaceQuickAnswerFiles(trx, id, input.fileIds) };
  });
  await discardStagedFiles(deps.files, saved.removedKeys);
  return { id: saved.id };
}

export async function deleteQuickAnswer(deps: QuickAnswerDeps, id: number): Promise<void> {
  const removedKeys = await deps.db.transaction().execute(async (trx) => {
    if (!(await lockQuickAnswer(trx, id))) throw new AppError('NOT_FOUND', errorMessage('quickAnswers.alreadyDeleted', { id: String(id) }), 'id');
    return deleteQuickAnswerRow(trx, id);
  });
  await discardStagedFiles(deps.files, removedKeys);
}

/** A file for a quick answer being written, stored with no dialog until the answer is saved with it. */
export async function uploadQuickAnswerFile(
  deps: QuickAnswerDeps,
  actor: Actor,
  input: { name: string; mimeType: string; data: Uint8Array },
): Promise<UploadedFile> {
  if (!seesAllDialogs(actor.role)) throw new AppError('FORBIDDEN', errorMessage('quickAnswers.manageForbidden'));
  const name = safeFileName(input.name);
  const mimeType = normalizedMimeType(input.mimeType) || 'application/octet-stream';
  const size = input.data.byteLength;
  const refusal = uploadRefusal({ name, mimeType, size });
  if (refusal) throw new AppError(size > MAX_UPLOAD_BYTES ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST', refusal, 'file');
  const fileId = await storeFile(deps, { dialogId: null, name, mimeType, data: input.data });
  return { fileId, name, mimeType, size, url: filePath(fileId) };
}

/** The picker: quick answers of the dialog's line and everyone's matching `search`, most used first. */
export async function quickAnswersForDialog(deps: QuickAnswerDeps, actor: Actor, input: { dialogId: number; search: string }): Promise<QuickAnswer[]> {
  const { dialog } = await loadDialog(deps, actor, input.dialogId);
  return listQuickAnswers(deps.db, { search: input.search, availableInLine: dialog.line_id, limit: QUICK_ANSWER_PICKER_LIMIT });
}

export interface InsertedQuickAnswer {
  text: string;
  /** Copies of its files stored with the dialog: the reply names them in `fileIds`. */
  attachments: UploadedFile[];
}

/**
 * Inserting a quick answer into a reply: its text with this dialog's values, and its files stored
 * with the dialog, counted as one use. Only where the operator may reply (files join the dialog).
 */
export async function useQuickAnswer(
  deps: QuickAnswerDeps,
  actor: Actor & { name: string },
  input: { dialogId: number; quickAnswerId: number },
): Promise<InsertedQuickAnswer> {
  const { dialog } = await loadAnswerableDialog(deps, actor, input.dialogId);
  const quickAnswer = await findQuickAnswer(deps.db, input.quickAnswerId);
  if (!quickAnswer || !isQuickAnswerAvailableIn(quickAnswer, dialog.line_id)) {
    throw new AppError('NOT_FOUND', errorMessage('quickAnswers.notOfLine', { id: String(input.quickAnswerId) }), 'quickAnswerId');
  }
  const line = await findLine(deps.db, dialog.line_id);
  const text = fillPlaceholders(quickAnswer.text, {
    'client.name': dialog.contact_name,
    'operator.name': line ? operatorNameForClient(line.settings.operatorDisplay, actor.name) : actor.name,
    'line.name': dialog.line_name,
  });
  // Each copy gets its own bytes (a reply may only carry its dialog's files, and deleting the
  // dialog's files must not take the quick answer's): written first, recorded in one transaction.
  const sources = await findQuickAnswerFileSources(deps.db, quickAnswer.id);
  const staged: { source: (typeof sources)[number]; storageKey: string }[] = [];
  try {
    for (const source of sources) {
      const bytes = await readFileBytes(deps, source.id);
      if (!bytes) throw new AppError('CONFLICT', errorMessage('quickAnswers.fileMissing', { name: source.name }), 'quickAnswerId');
      staged.push({ source, storageKey: await stageFileBytes(deps.files, bytes) });
    }
    const copies = await deps.db.transaction().execute(async (trx) => {
      await countQuickAnswerUse(trx, quickAnswer.id);
      const ids: number[] = [];
      for (const { source, storageKey } of staged) {
        ids.push(await insertFile(trx, { dialogId: input.dialogId, name: source.name, mimeType: source.mime_type, size: source.size, storageKey }));
      }
      return ids;
    });
    const attachments = staged.map(({ source }, index) => {
      const fileId = copies[index] ?? 0;
      return { fileId, name: source.name, mimeType: source.mime_type, size: source.size, url: filePath(fileId) };
    });
    return { text, attachments };
  } catch (error) {
    await discardStagedFiles(
      deps.files,
      staged.map((s) => s.storageKey),
    );
    throw error;
  }
}
