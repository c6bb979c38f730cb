import type { LiveEvent } from '../../domain/live-events';
import { sql, type Expression, type QueryCreator, type RawBuilder, type Transaction } from 'kysely';
import type { DialogStatus } from '../../domain/dialog';
import { DialogClosedError } from '../../domain/errors';
import { lineSettingsSchema } from '../../domain/line-settings';
import type { Database } from '../client';
import { isParticipantOf } from './dialog-actions';
import { recordDialogEvent } from './events';
import type { DB } from '../types';
import type { DialogUpdate } from '../types';

/**
 * A status the query always asks for, written into the SQL rather than sent as a parameter: the
 * statement's generic plan (prepared statements, db/prepared-statements.ts) can then use the
 * partial indexes on status, as a plan made for the values does.
 */
export function fixedStatus(status: DialogStatus): RawBuilder<DialogStatus> {
  return sql.lit(status);
}

export async function findDialog(db: Database, dialogId: number) {
  return db.selectFrom('dialogs').selectAll().where('id', '=', dialogId).executeTakeFirst();
}

/**
 * Locks and reads the dialog's row for this transaction, for a change by the dialog's own writers
 * (its workflow's activities, the web's actions). A change of a dialog takes it before writing
 * anything else: the triggers of its operators' messages and of the row itself update its
 * statistics row, so every writer locks the dialog, then its statistics, and two writers of one
 * dialog wait for each other rather than deadlock. FOR NO KEY UPDATE excludes every other writer of
 * the row, but not rows that merely point at the dialog (an offer, an event: their foreign-key
 * checks), nor a client's message being stored (see holdOpenDialog). A close takes FOR UPDATE
 * instead, which that message's transaction waits for, and which waits for it.
 */
export async function lockDialog(trx: Transaction<DB>, dialogId: number, purpose: 'change' | 'close' = 'change') {
  const query = trx.selectFrom('dialogs').selectAll().where('id', '=', dialogId);
  return (purpose === 'close' ? query.forUpdate() : query.forNoKeyUpdate()).executeTakeFirst();
}

/**
 * The client's open dialog on a line (its id), held open while their message is stored in it:
 * FOR KEY SHARE, which a close's lock (lockDialog for 'close') waits for and excludes, so the
 * message never lands in a dialog closing meanwhile. The take, a status change or any other change
 * of the dialog (FOR NO KEY UPDATE, held while the worker's transaction runs) does not make the
 * message, and the live event that shows it to the operator, wait.
 */
export async function holdOpenDialog(trx: Transaction<DB>, lineId: number, contactId: number) {
  return openDialogHeld(trx, lineId, contactId).executeTakeFirst();
}

/**
 * holdOpenDialog as a query to run or to join: `contactId` may be a column of the outer query
 * (findContactByIdentity finds a client and holds their open dialog in one round trip).
 */
export function openDialogHeld(db: QueryCreator<DB>, lineId: number, contactId: number | Expression<number>) {
  return db
    .selectFrom('dialogs')
    .select('dialogs.id')
    .where('dialogs.line_id', '=', lineId)
    .where('dialogs.contact_id', '=', contactId)
    .where('dialogs.status', '<>', fixedStatus('closed'))
    .forKeyShare();
}

/** The client's most recently closed dialog on a line, locked: a reopen and a second message wait for each other. */
export async function findLatestClosedDialogForUpdate(trx: Transaction<DB>, lineId: number, contactId: number) {
  return trx
    .selectFrom('dialogs')
    .select(['id', 'close_reason', 'closed_at'])
    .where('line_id', '=', lineId)
    .where('contact_id', '=', contactId)
    .where('status', '=', fixedStatus('closed'))
    .orderBy('closed_at', 'desc')
    .limit(1)
    .forNoKeyUpdate()
    .executeTakeFirst();
}

export async function findLatestDialogId(db: Database, lineId: number, contactId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('dialogs')
    .select('id')
    .where('line_id', '=', lineId)
    .where('contact_id', '=', contactId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

/** SPEC §3 reopen window: the closed dialog is open again, with its operator if it had one. */
export async function reopenDialog(trx: Transaction<DB>, dialogId: number): Promise<void> {
  await trx
    .updateTable('dialogs')
    .set((eb) => ({
      status: eb.case().when('operator_id', 'is not', null).then('in_work' as const).else('queued' as const).end(),
      close_reason: null,
      closed_at: null,
      reopened_count: eb('reopened_count', '+', 1),
      updated_at: new Date(),
    }))
    .where('id', '=', dialogId)
    .execute();
  await recordDialogEvent(trx, dialogId, 'reopened', null);
}

export async function insertDialog(db: Database, values: { lineId: number; channelId: number; contactId: number }) {
  const row = await db
    .insertInto('dialogs')
    .values({ line_id: values.lineId, channel_id: values.channelId, contact_id: values.contactId, status: 'queued' })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Every write of dialogs.status goes through here (or closes/reopens below): a status other than
 * "closed" is never written over a closed row — a late step or a replayed message must not revive
 * a closed dialog; only reopenDialog does, inside the reopen window. Such a write throws
 * DialogClosedError and changes nothing.
 */
export async function updateDialog(db: Database, dialogId: number, changes: DialogUpdate) {
  const guarded = changes.status !== undefined && changes.status !== 'closed';
  const row = await db
    .updateTable('dialogs')
    .set({ ...changes, updated_at: new Date() })
    .where('id', '=', dialogId)
    .$if(guarded, (qb) => qb.where('status', '<>', 'closed'))
    .returningAll()
    .executeTakeFirst();
  if (row) return row;
  if (guarded && (await findDialog(db, dialogId))) throw new DialogClosedError(dialogId);
  throw new Error(`dialog ${dialogId} does not exist`);
}

/** The operators a dialog is offered to now, in the order offered, for a query over dialogs (`dialogIdColumn`: "d.id"…). */
export function offeredUserIdsOf(dialogIdColumn: string): RawBuilder<string[]> {
  return sql<string[]>`coalesce((select array_agg(o.user_id order by o.offered_at, o.user_id) from dialog_offers o where o.dialog_id = ${sql.ref(dialogIdColumn)}), '{}'::text[])`;
}

/** The users invited into a dialog, in the order invited, for a query over dialogs (`dialogIdColumn`: "d.id"…). */
export function participantIdsOf(dialogIdColumn: string): RawBuilder<string[]> {
  return sql<string[]>`coalesce((select array_agg(p.user_id order by p.created_at) from dialog_participants p where p.dialog_id = ${sql.ref(dialogIdColumn)}), '{}'::text[])`;
}

/** How many earlier dialogs the dialog's contact had on its line (0 = this is their first), for a query over dialogs (`dialogAlias`: "d"). */
function earlierDialogCountOf(dialogAlias: string): RawBuilder<number> {
  const column = (name: string) => sql.ref(`${dialogAlias}.${name}`);
  return sql<number>`(select count(*)::int from dialogs e where e.line_id = ${column('line_id')} and e.contact_id = ${column('contact_id')} and e.id < ${column('id')})`;
}

/**
 * A dialog with what its workflow and flows decide from: its line's settings, its channel's kind
 * and how many earlier dialogs its contact had on the line. One query. Undefined when there is no
 * such dialog; `settings` or `channelKind` null when its line or channel is gone.
 */
export async function findDialogForWorkflow(db: Database, dialogId: number) {
  const row = await db
    .selectFrom('dialogs as d')
    .leftJoin('lines as l', 'l.id', 'd.line_id')
    .leftJoin('channels as c', 'c.id', 'd.channel_id')
    .selectAll('d')
    .select(['l.settings as line_settings', 'c.kind as channel_kind', earlierDialogCountOf('d').as('earlier_dialogs')])
    .where('d.id', '=', dialogId)
    .executeTakeFirst();
  if (!row) return undefined;
  const { line_settings, channel_kind, earlier_dialogs, ...dialog } = row;
  return { dialog, settings: line_settings === null ? null : lineSettingsSchema.parse(line_settings), channelKind: channel_kind, earlierDialogs: earlier_dialogs };
}

/** Queued dialogs of a line, highest priority first, then oldest first. */
export async function listQueuedDialogIds(db: Database, lineId: number, limit = 100): Promise<number[]> {
  const rows = await db
    .selectFrom('dialogs')
    .select('id')
    .where('line_id', '=', lineId)
    .where('status', '=', 'queued')
    .orderBy('priority', 'desc')
    .orderBy('created_at')
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Open dialogs of these lines that another operator has: a manager serving the line does not follow them. */
export async function listOpenDialogIdsTakenByOthers(db: Database, lineIds: readonly number[], userId: string, limit = 5000): Promise<number[]> {
  if (lineIds.length === 0) return [];
  const rows = await db
    .selectFrom('dialogs')
    .select('id')
    .where('line_id', 'in', [...lineIds])
    .where('operator_id', 'is not', null)
    .where('operator_id', '<>', userId)
    .where('status', '<>', 'closed')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Ids of the user's open dialogs (live events of these reach them whatever the line). */
export async function listOpenDialogIdsOf(db: Database, userId: string, limit = 5000): Promise<number[]> {
  const rows = await db
    .selectFrom('dialogs')
    .select('id')
    .where((eb) => eb.or([eb('operator_id', '=', userId), isParticipantOf('dialogs.id', userId)]))
    .where('status', '<>', 'closed')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** The dialog as the inbox shows it now, as a live event: one query. */
export async function dialogUpdatedEvent(db: Database, dialogId: number): Promise<LiveEvent> {
  const dialog = await db
    .selectFrom('dialogs as d')
    .select(['d.line_id', 'd.contact_id', 'd.status', 'd.operator_id', offeredUserIdsOf('d.id').as('offered_to'), participantIdsOf('d.id').as('participants')])
    .where('d.id', '=', dialogId)
    .executeTakeFirstOrThrow();
  return {
    type: 'dialog.updated',
    dialogId,
    lineId: dialog.line_id,
    contactId: dialog.contact_id,
    status: dialog.status,
    operatorId: dialog.operator_id,
    offeredTo: dialog.offered_to,
    participants: dialog.participants,
    at: new Date().toISOString(),
  };
}
