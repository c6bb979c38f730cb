import { sql } from 'kysely';
import type { Database } from '../client';

// What the website widget reads for a visitor: only their own dialogs, and only visible messages.

/** The contact's latest dialogs on a line, oldest first. */
export async function listRecentDialogsOfContact(db: Database, lineId: number, contactId: number, limit: number) {
  const rows = await db
    .selectFrom('dialogs')
    .select(['id', 'status', 'rating', 'created_at'])
    .where('line_id', '=', lineId)
    .where('contact_id', '=', contactId)
    .orderBy('id', 'desc')
    .limit(limit)
    .execute();
  return rows.reverse();
}

/** A dialog, only when it is the contact's on this line (anything else is "not found" for them). */
export async function findDialogOfContact(db: Database, dialogId: number, lineId: number, contactId: number) {
  return db
    .selectFrom('dialogs')
    .selectAll()
    .where('id', '=', dialogId)
    .where('line_id', '=', lineId)
    .where('contact_id', '=', contactId)
    .executeTakeFirst();
}

function visibleMessages(db: Database) {
  return db
    .selectFrom('messages as m')
    .leftJoin('users as u', 'u.id', 'm.author_user_id')
    .select([
      'm.id',
      'm.dialog_id',
      'm.author_kind',
      'u.name as author_name',
      'm.text',
      'm.extras',
      'm.external_id',
      'm.created_at',
    ])
    .where('m.hidden', '=', false);
}

export type VisibleMessageRow = Awaited<ReturnType<typeof findVisibleMessage>> & object;

/** The latest `limit` visible messages of the given dialogs, oldest first; never hidden notes. */
export async function listVisibleMessagesOfDialogs(db: Database, dialogIds: number[], limit: number) {
  if (dialogIds.length === 0) return [];
  const rows = await visibleMessages(db).where('m.dialog_id', 'in', dialogIds).orderBy('m.id', 'desc').limit(limit).execute();
  return rows.reverse();
}

export async function findVisibleMessage(db: Database, messageId: number) {
  return visibleMessages(db).where('m.id', '=', messageId).executeTakeFirst();
}

/** When the dialog's latest rating request was sent, and on which scale. */
export async function findLatestRatingRequest(db: Database, dialogId: number) {
  return db
    .selectFrom('messages')
    .select(['id', 'extras', 'created_at'])
    .where('dialog_id', '=', dialogId)
    .where('hidden', '=', false)
    .where((eb) => eb(eb.ref('extras', '->').key('ratingRequest'), 'is not', null))
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
}

/**
 * The dialog's place in its line's queue, 1 = next, in the order operators are offered dialogs
 * (db/queries/dialogs listQueuedDialogIds: priority desc, then created_at, then id). Null unless
 * the dialog is queued right now.
 */
export async function findQueuePosition(db: Database, dialogId: number): Promise<number | null> {
  const row = await db
    .selectFrom('dialogs as d')
    .innerJoin('dialogs as q', (join) => join.onRef('q.line_id', '=', 'd.line_id').on('q.status', '=', 'queued'))
    .select((eb) => eb.fn.countAll<string>().as('position'))
    .where('d.id', '=', dialogId)
    .where('d.status', '=', 'queued')
    .where((eb) =>
      eb.or([
        eb('q.priority', '>', eb.ref('d.priority')),
        eb.and([
          eb('q.priority', '=', eb.ref('d.priority')),
          eb(eb.refTuple('q.created_at', 'q.id'), '<=', eb.refTuple('d.created_at', 'd.id')),
        ]),
      ]),
    )
    .executeTakeFirst();
  const position = Number(row?.position ?? 0);
  // The dialog counts itself, so 0 means it is not queued (or does not exist).
  return position > 0 ? position : null;
}

/** How long, in seconds, the line's latest `limit` accepted dialogs waited from creation to acceptance. */
export async function listRecentWaitSeconds(db: Database, lineId: number, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('dialogs')
    .select(sql<string>`extract(epoch from accepted_at - created_at)`.as('seconds'))
    .where('line_id', '=', lineId)
    .where('accepted_at', 'is not', null)
    .orderBy('accepted_at', 'desc')
    .limit(limit)
    .execute();
  return rows.map((r) => Number(r.seconds));
}
