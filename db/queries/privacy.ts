import type { Transaction } from 'kysely';
import type { Database } from '../client';
import type { DB } from '../types';
import { deleteFileRowsOfDialogs } from './files';

/** Everything stored about one contact, for their data export (SPEC §9). */
export async function loadContactExport(db: Database, contactId: number) {
  const contact = await db
    .selectFrom('contacts')
    .select(['id', 'name', 'email', 'phone', 'tags', 'blocked', 'created_at'])
    .where('id', '=', contactId)
    .executeTakeFirst();
  if (!contact) return undefined;
  const [identities, dialogs, leads] = await Promise.all([
    db
      .selectFrom('contact_identities as i')
      .innerJoin('channels as c', 'c.id', 'i.channel_id')
      .select(['i.channel_id', 'c.kind as channel_kind', 'c.name as channel_name', 'i.external_id', 'i.created_at'])
      .where('i.contact_id', '=', contactId)
      .orderBy('i.id')
      .execute(),
    db
      .selectFrom('dialogs as d')
      .innerJoin('lines as l', 'l.id', 'd.line_id')
      .select(['d.id', 'd.line_id', 'l.name as line_name', 'd.channel_id', 'd.status', 'd.close_reason', 'd.rating', 'd.rated_at', 'd.created_at', 'd.closed_at'])
      .where('d.contact_id', '=', contactId)
      .orderBy('d.id')
      .execute(),
    db.selectFrom('leads').select(['id', 'dialog_id', 'line_id', 'title', 'status', 'created_at']).where('contact_id', '=', contactId).orderBy('id').execute(),
  ]);
  const dialogIds = dialogs.map((d) => d.id);
  const [messages, files] = dialogIds.length
    ? await Promise.all([
        db
          .selectFrom('messages')
          .select(['id', 'dialog_id', 'author_kind', 'text', 'extras', 'created_at'])
          .where('dialog_id', 'in', dialogIds)
          .where('hidden', '=', false)
          .orderBy('id')
          .execute(),
        db.selectFrom('files').select(['id', 'dialog_id', 'name', 'mime_type', 'size', 'storage_key', 'created_at']).where('dialog_id', 'in', dialogIds).orderBy('id').execute(),
      ])
    : [[], []];
  return { contact, identities, dialogs, leads, messages, files };
}

export type ContactExport = NonNullable<Awaited<ReturnType<typeof loadContactExport>>>;

export interface ErasedContactRows {
  dialogIds: number[];
  /** Storage keys of the deleted files' bytes (null: the bytes were in the row, gone with it). */
  storageKeys: (string | null)[];
  counts: { dialogs: number; messages: number; files: number; identities: number; leads: number; webhookEvents: number; notifications: number };
}

export interface DeletedDialogContent {
  /** Storage keys of the deleted files' bytes (null: the bytes were in the row, gone with it): remove them after the commit. */
  storageKeys: (string | null)[];
  messages: number;
  webhookEvents: number;
  notifications: number;
}

/**
 * Deletes what the dialogs hold of what their clients wrote and sent: files' rows, messages (with
 * the search index and pending signals), the webhook events about them (their payloads carry the
 * texts; no foreign key takes them) and notifications. Erase and retention share it; the caller's
 * transaction has locked the dialogs.
 */
export async function deleteDialogContent(trx: Transaction<DB>, dialogIds: readonly number[]): Promise<DeletedDialogContent> {
  if (dialogIds.length === 0) return { storageKeys: [], messages: 0, webhookEvents: 0, notifications: 0 };
  const storageKeys = await deleteFileRowsOfDialogs(trx, dialogIds);
  const messages = Number((await trx.deleteFrom('messages').where('dialog_id', 'in', dialogIds).executeTakeFirst()).numDeletedRows);
  const webhookEvents = Number((await trx.deleteFrom('webhook_events').where('dialog_id', 'in', dialogIds).executeTakeFirst()).numDeletedRows);
  const notifications = Number((await trx.deleteFrom('notifications').where('dialog_id', 'in', dialogIds).executeTakeFirst()).numDeletedRows);
  return { storageKeys, messages, webhookEvents, notifications };
}

/**
 * Erases a contact's personal data in one transaction: their messages (with the search index and
 * pending signals), files' rows, identities, leads, the webhook events and notifications about their
 * dialogs, the texts kept on dialogs and their events; the contact row keeps only its id. Dialog
 * rows stay (closed), so statistics keep counting them without anything personal.
 */
export async function eraseContactRows(trx: Transaction<DB>, contactId: number, now: Date): Promise<ErasedContactRows> {
  const dialogIds = (await trx.selectFrom('dialogs').select('id').where('contact_id', '=', contactId).forUpdate().execute()).map((d) => d.id);
  const { storageKeys, messages, webhookEvents, notifications } = await deleteDialogContent(trx, dialogIds);
  if (dialogIds.length) {
    await trx.updateTable('dialog_events').set({ data: '{}' }).where('dialog_id', 'in', dialogIds).execute();
    await trx
      .updateTable('dialogs')
      .set({ supervisor_comment: null, updated_at: now })
      .where('id', 'in', dialogIds)
      .execute();
    // An open dialog ends here: its workflow is terminated and its client has no address left.
    await trx
      .updateTable('dialogs')
      .set({ status: 'closed', closed_at: now, updated_at: now })
      .where('id', 'in', dialogIds)
      .where('status', '!=', 'closed')
      .execute();
    await trx.deleteFrom('dialog_offers').where('dialog_id', 'in', dialogIds).execute();
    await trx.deleteFrom('dialog_routing_requests').where('dialog_id', 'in', dialogIds).execute();
  }
  const identities = Number((await trx.deleteFrom('contact_identities').where('contact_id', '=', contactId).executeTakeFirst()).numDeletedRows);
  const leads = Number((await trx.deleteFrom('leads').where('contact_id', '=', contactId).executeTakeFirst()).numDeletedRows);
  await trx
    .updateTable('contacts')
    .set({ name: null, email: null, phone: null, tags: [], responsible_user_id: null })
    .where('id', '=', contactId)
    .execute();
  return {
    dialogIds,
    storageKeys,
    counts: { dialogs: dialogIds.length, messages, files: storageKeys.length, identities, leads, webhookEvents, notifications },
  };
}
