import { sql, type Expression, type ExpressionBuilder, type QueryCreator, type Transaction } from 'kysely';
import type { AuthorKind } from '../../domain/dialog';
import type { ChannelKind, MessageExtras } from '../../domain/channels';
import type { Database } from '../client';
import type { DB } from '../types';
import type { DialogWorkflowInput } from '../../domain/messages';
import { messageCreatedEvent } from '../../domain/live-events';
import { notifyLiveOfMessage } from './live';

type ClientMessageValues = { dialogId: number; channelId: number; externalId: string; text: string; extras?: MessageExtras; threadKeys?: string[] };

/** Stores an inbound client message; returns undefined when the channel re-delivered one already stored. */
export async function insertClientMessage(db: Database, values: ClientMessageValues): Promise<number | undefined> {
  const row = await clientMessageInsert(db, values).returning('id').executeTakeFirst();
  return row?.id;
}

/**
 * Stores an inbound client message together with its pending signal (the inbound outbox row,
 * delivered to the dialog's workflow after the commit) and its live event (`message.created`, sent
 * by PostgreSQL at the commit) in one statement: the event goes out when the transaction commits,
 * so each round trip saved is one a busy web server does not make the operator wait for. It
 * writes neither the dialog's row nor its statistics row, which the worker's changes of the dialog
 * hold until they commit (migration 20261207010000).
 * Undefined when the channel re-delivered a message already stored (then nothing is written or sent).
 */
export async function insertSignalledClientMessage(
  trx: Transaction<DB>,
  values: ClientMessageValues,
  workflowInput: DialogWorkflowInput,
  dialog: { lineId: number; contactId: number },
): Promise<number | undefined> {
  const event = messageCreatedEvent({ id: values.dialogId, ...dialog }, { id: 0, authorKind: 'client', hidden: false, createdAt: new Date() });
  const stored = await trx
    .with('message', (db) => clientMessageInsert(db, values).returning(['id', 'dialog_id']))
    .with('outbox', (db) =>
      db
        .insertInto('inbound_outbox')
        .columns(['message_id', 'dialog_id', 'workflow_input'])
        .expression((eb) => eb.selectFrom('message').select(['message.id', 'message.dialog_id', sql<string>`${JSON.stringify(workflowInput)}::jsonb`.as('workflow_input')]))
        .returning('message_id'),
    )
    .selectFrom('outbox')
    .select((eb) => ['outbox.message_id', notifyLiveOfMessage(event, eb.ref('outbox.message_id')).as('announced')])
    .executeTakeFirst();
  return stored?.message_id;
}

/**
 * When the client last wrote in the dialog (the WhatsApp reply window counts from it), as a
 * subquery: their latest message, found backwards on messages_dialog_idx. Null if they never wrote.
 */
export function lastClientMessageAt<Scope extends DB, Tables extends keyof Scope>(eb: ExpressionBuilder<Scope, Tables>, dialogId: Expression<number>) {
  return (eb as unknown as ExpressionBuilder<DB, never>)
    .selectFrom('messages as cm').select('cm.created_at').where('cm.dialog_id', '=', dialogId).where('cm.author_kind', '=', 'client').orderBy('cm.id', 'desc').limit(1);
}

/** lastClientMessageAt of one dialog. */
export async function findLastClientMessageAt(db: Database, dialogId: number): Promise<Date | null> {
  const row = await db.selectNoFrom((eb) => lastClientMessageAt(eb, sql.val(dialogId)).as('at')).executeTakeFirstOrThrow();
  return row.at;
}

function clientMessageInsert(db: QueryCreator<DB>, values: ClientMessageValues) {
  return db
    .insertInto('messages')
    .values({
      dialog_id: values.dialogId,
      channel_id: values.channelId,
      author_kind: 'client',
      author_user_id: null,
      text: values.text,
      external_id: values.externalId,
      delivery_status: 'delivered',
      ...(values.extras ? { extras: JSON.stringify(values.extras) } : {}),
      ...(values.threadKeys?.length ? { thread_keys: values.threadKeys } : {}),
    })
    .onConflict((oc) => oc.columns(['channel_id', 'external_id']).doNothing());
}

export async function findMessageByExternalId(db: Database, channelId: number, externalId: string) {
  return db
    .selectFrom('messages')
    .selectAll()
    .where('channel_id', '=', channelId)
    .where('external_id', '=', externalId)
    .executeTakeFirst();
}

export interface OutgoingMessage {
  dialogId: number;
  channelId: number;
  authorKind: Exclude<AuthorKind, 'client'>;
  authorUserId: string | null;
  text: string;
  hidden?: boolean;
  extras?: MessageExtras;
  /** Stored as delivered: its channel reads it from this server (the widget). */
  delivered?: boolean;
}

function outgoingRow(values: OutgoingMessage, idempotencyKey: string | null) {
  return {
    ...(values.delivered ? { delivery_status: 'delivered' as const } : {}),
    dialog_id: values.dialogId,
    channel_id: values.channelId,
    author_kind: values.authorKind,
    author_user_id: values.authorUserId,
    text: values.text,
    hidden: values.hidden ?? false,
    extras: JSON.stringify(values.extras ?? {}),
    idempotency_key: idempotencyKey,
  };
}

export async function insertOutgoingMessage(db: Database, values: OutgoingMessage): Promise<number> {
  const row = await db.insertInto('messages').values(outgoingRow(values, null)).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Stores an outgoing message once per key: a retried activity (or an operator's resent reply)
 * gets the message its first attempt stored, with `created: false`, so it neither stores nor
 * announces it twice. Keys are scoped by their makers (workflow run, dialog), never shared.
 */
export async function insertOutgoingMessageOnce(
  db: Database,
  values: OutgoingMessage & { idempotencyKey: string },
): Promise<{ id: number; created: boolean; createdAt: Date }> {
  const inserted = await db
    .insertInto('messages')
    .values(outgoingRow(values, values.idempotencyKey))
    .onConflict((oc) => oc.column('idempotency_key').doNothing())
    .returning(['id', 'created_at'])
    .executeTakeFirst();
  if (inserted) return { id: inserted.id, created: true, createdAt: inserted.created_at };
  const existing = await findMessageByIdempotencyKey(db, values.idempotencyKey);
  // Only a concurrent insert that rolled back could leave nothing behind: retrying settles it.
  if (!existing) throw new Error(`message with key ${values.idempotencyKey} conflicted but is not visible; retry`);
  return { id: existing.id, created: false, createdAt: existing.created_at };
}

/** What the channel made of an outgoing message: delivered, or failed for good. */
export async function setMessageDeliveryStatus(db: Database, messageId: number, status: 'delivered' | 'failed'): Promise<void> {
  await db.updateTable('messages').set({ delivery_status: status }).where('id', '=', messageId).execute();
}

export async function findMessageByIdempotencyKey(db: Database, idempotencyKey: string) {
  return db.selectFrom('messages').selectAll().where('idempotency_key', '=', idempotencyKey).executeTakeFirst();
}

export async function findMessage(db: Database, messageId: number) {
  return db.selectFrom('messages').selectAll().where('id', '=', messageId).executeTakeFirst();
}

/** A dialog's messages in order; hidden notes only for staff. */
export async function listDialogMessages(db: Database, dialogId: number, options: { includeHidden: boolean }) {
  let query = db
    .selectFrom('messages as m')
    .leftJoin('users as u', 'u.id', 'm.author_user_id')
    .select(['m.id', 'm.dialog_id', 'm.author_kind', 'm.author_user_id', 'u.name as author_name', 'm.text', 'm.hidden', 'm.extras', 'm.delivery_status', 'm.delivery_error', 'm.created_at'])
    .where('m.dialog_id', '=', dialogId);
  if (!options.includeHidden) query = query.where('m.hidden', '=', false);
  return query.orderBy('m.id').execute();
}

/**
 * Where an answer to the client goes: the channel of their latest message (a client found by
 * e-mail or phone may write on Telegram into the dialog they began in the widget), else the
 * dialog's own channel.
 */
export async function replyChannelOf(db: Database, dialog: { id: number; channel_id: number }): Promise<{ id: number; kind: ChannelKind }> {
  return db
    .selectFrom('channels')
    .select(['id', 'kind'])
    .where((eb) =>
      eb(
        'id',
        '=',
        eb.fn.coalesce(
          eb.selectFrom('messages').select('channel_id').where('dialog_id', '=', dialog.id).where('author_kind', '=', 'client').orderBy('id', 'desc').limit(1),
          eb.val(dialog.channel_id),
        ),
      ),
    )
    .executeTakeFirstOrThrow();
}

/** Thread keys of a dialog's first and latest threaded client message (what an e-mail reply answers). */
export async function findDialogThreadKeys(db: Database, dialogId: number): Promise<{ first: string[]; latestFromClient: string[] }> {
  const threaded = db.selectFrom('messages').select('thread_keys').where('dialog_id', '=', dialogId).where(sql<boolean>`thread_keys <> '{}'`);
  const first = await threaded.orderBy('id', 'asc').limit(1).executeTakeFirst();
  const latest = await threaded.where('author_kind', '=', 'client').orderBy('id', 'desc').limit(1).executeTakeFirst();
  return { first: first?.thread_keys ?? [], latestFromClient: latest?.thread_keys ?? [] };
}

/**
 * The sender's closed dialog on a line that a mail answers, locked like the latest closed one: by
 * a stored message's thread keys (GIN index messages_thread_keys_idx), else by the dialog the mail
 * names ("[#D123]"). Only the sender's own dialogs: a Message-ID travels in forwarded mail and a
 * subject token is easy to guess, so neither proves who writes.
 */
export async function findThreadedClosedDialogForUpdate(
  trx: Transaction<DB>,
  where: { lineId: number; contactId: number; keys: readonly string[]; dialogId?: number },
) {
  const senders = trx
    .selectFrom('dialogs')
    .select(['id', 'close_reason', 'closed_at'])
    .where('line_id', '=', where.lineId)
    .where('contact_id', '=', where.contactId)
    .where('status', '=', 'closed');
  if (where.keys.length > 0) {
    const byKeys = await senders
      .where('id', 'in', (sub) =>
        sub
          .selectFrom('messages')
          .select('dialog_id')
          .where(sql<boolean>`thread_keys && ${sql.val([...where.keys])}::text[]`)
          .where(sql<boolean>`thread_keys <> '{}'`),
      )
      .orderBy('id', 'desc')
      .limit(1)
      .forNoKeyUpdate()
      .executeTakeFirst();
    if (byKeys) return byKeys;
  }
  if (where.dialogId === undefined) return undefined;
  return senders.where('id', '=', where.dialogId).forNoKeyUpdate().executeTakeFirst();
}

/** A page of a dialog's messages in order, after message `afterId` (keyset paging of the public API). */
export async function listDialogMessagesPage(db: Database, dialogId: number, page: { afterId: number; limit: number; includeHidden: boolean }) {
  let query = db
    .selectFrom('messages as m')
    .leftJoin('users as u', 'u.id', 'm.author_user_id')
    .select(['m.id', 'm.author_kind', 'm.author_user_id', 'u.name as author_name', 'm.text', 'm.hidden', 'm.delivery_status', 'm.created_at'])
    .where('m.dialog_id', '=', dialogId)
    .where('m.id', '>', page.afterId);
  if (!page.includeHidden) query = query.where('m.hidden', '=', false);
  return query.orderBy('m.id').limit(page.limit).execute();
}
