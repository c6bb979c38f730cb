import type { Client } from '@temporalio/client';
import { Zip, ZipPassThrough, strToU8 } from 'fflate';
import { contactLabel } from '../../../domain/crm';
import { AppError } from '../../../domain/errors';
import { errorMessage } from '../../../domain/error-messages';
import { contactExportFileName, eraseConfirmed, exportedFilePath } from '../../../domain/privacy';
import { seesAllDialogs } from '../../../domain/roles';
import type { Database } from '../../../db/client';
import { recordAudit } from '../../../db/queries/audit';
import { findContact } from '../../../db/queries/contacts';
import { eraseContactRows, loadContactExport, type ContactExport } from '../../../db/queries/privacy';
import type { FileStore } from '../../../storage/file-store';
import { discardStagedFiles, openFileBytes } from '../../../storage/stored-files';
import { deleteDialogWorkflowHistories } from '../../../worker/workflow-histories';
import type { Actor } from './actor';
import { loadDialog } from './dialogs';

/**
 * Export and erase of one client's data on request (SPEC §9, GDPR / 152-FZ), from the contact card
 * of one of their dialogs: admins and directors only, both audited (who, whom, counts — never the data).
 */
export interface PrivacyDeps {
  db: Database;
  files: FileStore;
  temporal: Client;
  clientAddress?: string | null;
}

async function loadContactOfDialog(deps: Pick<PrivacyDeps, 'db'>, actor: Actor, dialogId: number) {
  if (!seesAllDialogs(actor.role)) throw new AppError('FORBIDDEN', errorMessage('access.supervisorsOnly'));
  const { dialog } = await loadDialog(deps, actor, dialogId);
  const contact = await findContact(deps.db, dialog.contact_id);
  if (!contact) throw new AppError('NOT_FOUND', errorMessage('contacts.clientGone', { dialogId: String(dialogId) }), 'dialogId');
  return contact;
}

export interface ContactExportDownload {
  fileName: string;
  stream: ReadableStream<Uint8Array>;
}

/** A zip of `contact.json` and the client's files, streamed; the export is audited before a byte is sent. */
export async function exportContactData(deps: PrivacyDeps, actor: Actor, dialogId: number, now = new Date()): Promise<ContactExportDownload> {
  const contact = await loadContactOfDialog(deps, actor, dialogId);
  const data = await loadContactExport(deps.db, contact.id);
  if (!data) throw new AppError('NOT_FOUND', errorMessage('contacts.clientGone', { dialogId: String(dialogId) }), 'dialogId');
  await recordAudit(deps.db, {
    actor: { userId: actor.id },
    action: 'contact.exported',
    subject: { type: 'contact', id: contact.id },
    after: { dialogs: data.dialogs.length, messages: data.messages.length, files: data.files.length },
    ip: deps.clientAddress ?? null,
  });
  return { fileName: contactExportFileName(contact.id, now), stream: zipStream(deps, data, now) };
}

/** What `contact.json` holds: the contact, identities, dialogs (with ratings) and their messages, leads, tags, files listed. */
export function contactJson(data: ContactExport, now: Date) {
  return {
    exported_at: now.toISOString(),
    contact: data.contact,
    tags: data.contact.tags,
    identities: data.identities,
    dialogs: data.dialogs.map((dialog) => ({
      ...dialog,
      messages: data.messages.filter((m) => m.dialog_id === dialog.id).map(({ dialog_id: _, ...message }) => message),
    })),
    leads: data.leads,
    files: data.files.map((f) => ({ id: f.id, dialog_id: f.dialog_id, name: f.name, mime_type: f.mime_type, size: f.size, created_at: f.created_at, path: exportedFilePath(f) })),
  };
}

function zipStream(deps: Pick<PrivacyDeps, 'db' | 'files'>, data: ContactExport, now: Date): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    async start(controller) {
      const zip = new Zip((error, chunk, final) => {
        if (error) return controller.error(error);
        controller.enqueue(chunk);
        if (final) controller.close();
      });
      try {
        const json = new ZipPassThrough('contact.json');
        zip.add(json);
        json.push(strToU8(JSON.stringify(contactJson(data, now), null, 2)), true);
        for (const file of data.files) {
          const entry = new ZipPassThrough(exportedFilePath(file));
          zip.add(entry);
          const bytes = await openFileBytes(deps, file);
          if (bytes) {
            const reader = bytes.stream.getReader();
            for (;;) {
              const { done, value } = await reader.read();
              if (done) break;
              entry.push(value);
            }
          }
          entry.push(new Uint8Array(0), true);
        }
        zip.end();
      } catch (error) {
        controller.error(error);
      }
    },
  });
}

export interface EraseResult {
  contactId: number;
  dialogs: number;
  messages: number;
  files: number;
  identities: number;
  leads: number;
  workflowHistories: number;
}

/**
 * Erases a client: after `confirmation` names them as the card does, their dialogs' workflows are
 * terminated and their histories deleted, then (one transaction, audited) their messages, files,
 * identities, leads and personal fields; the files' bytes go last. The dialogs stay, closed and
 * without text, for statistics.
 */
export async function eraseContactData(deps: PrivacyDeps, actor: Actor, input: { dialogId: number; confirmation: string }, now = new Date()): Promise<EraseResult> {
  const contact = await loadContactOfDialog(deps, actor, input.dialogId);
  const label = contactLabel(contact);
  if (!eraseConfirmed(label, input.confirmation)) {
    throw new AppError('BAD_REQUEST', errorMessage('privacy.confirmErase', { label }), 'confirmation');
  }
  const dialogIds = (await loadContactExport(deps.db, contact.id))?.dialogs.map((d) => d.id) ?? [];
  // Workflows first: a running one would otherwise write the client's text back.
  const workflowHistories = await deleteDialogWorkflowHistories(deps.temporal, dialogIds);
  const erased = await deps.db.transaction().execute(async (trx) => {
    const rows = await eraseContactRows(trx, contact.id, now);
    await recordAudit(trx, {
      actor: { userId: actor.id },
      action: 'contact.erased',
      subject: { type: 'contact', id: contact.id },
      after: { ...rows.counts, workflowHistories },
      ip: deps.clientAddress ?? null,
    });
    return rows;
  });
  // A dialog that started meanwhile ran a new workflow: remove its history too.
  const late = erased.dialogIds.filter((id) => !dialogIds.includes(id));
  const lateHistories = late.length ? await deleteDialogWorkflowHistories(deps.temporal, late) : 0;
  await discardStagedFiles(deps.files, erased.storageKeys.filter((key): key is string => key !== null));
  const { counts } = erased;
  return {
    contactId: contact.id,
    dialogs: counts.dialogs,
    messages: counts.messages,
    files: counts.files,
    identities: counts.identities,
    leads: counts.leads,
    workflowHistories: workflowHistories + lateHistories,
  };
}
