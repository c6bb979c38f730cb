import { sql } from 'kysely';
import { jsonArrayFrom } from 'kysely/helpers/postgres';
import type { Database } from '../client';
import { lastClientMessageAt } from './messages';

/**
 * A dialog with the names the dialog view shows — line, channel, contact, operator — with who it is
 * offered to (in offer order) and the colleagues invited into it (in the order they joined), named,
 * and the lines `memberOf` is in the queue of (empty when null): one query for what every dialog
 * action's permission check reads.
 */
export async function findDialogDetails(db: Database, dialogId: number, memberOf: string | null = null) {
  return db
    .selectFrom('dialogs as d')
    .innerJoin('lines as l', 'l.id', 'd.line_id')
    .innerJoin('channels as ch', 'ch.id', 'd.channel_id')
    .innerJoin('contacts as c', 'c.id', 'd.contact_id')
    .leftJoin('users as op', 'op.id', 'd.operator_id')
    .leftJoin('users as sup', 'sup.id', 'd.supervisor_rated_by')
    .select([
      'd.id',
      'd.status',
      'd.close_reason',
      'd.missed',
      'd.rating',
      'd.created_at',
      'd.updated_at',
      'd.closed_at',
      'd.line_id',
      'l.name as line_name',
      'd.channel_id',
      'ch.kind as channel_kind',
      'ch.name as channel_name',
      'ch.config as channel_config',
      (eb) => lastClientMessageAt(eb, eb.ref('d.id')).as('last_client_message_at'),
      'd.contact_id',
      'c.name as contact_name',
      'c.email as contact_email',
      'c.phone as contact_phone',
      'd.operator_id',
      'op.name as operator_name',
      'd.pinned',
      'd.supervisor_rating',
      'd.supervisor_comment',
      'd.supervisor_rated_at',
      'sup.name as supervisor_name',
      (eb) =>
        jsonArrayFrom(
          eb
            .selectFrom('dialog_offers as o')
            .innerJoin('users as u', 'u.id', 'o.user_id')
            .select(['o.user_id', 'u.name'])
            .whereRef('o.dialog_id', '=', 'd.id')
            .orderBy('o.offered_at')
            .orderBy('o.user_id'),
        ).as('offers'),
      (eb) =>
        jsonArrayFrom(
          eb
            .selectFrom('dialog_participants as p')
            .innerJoin('users as u', 'u.id', 'p.user_id')
            .select(['p.user_id', 'u.name'])
            .whereRef('p.dialog_id', '=', 'd.id')
            .orderBy('p.created_at')
            .orderBy('p.user_id'),
        ).as('participants'),
      sql<number[]>`array(select q.line_id from line_queue_members q where q.user_id = ${memberOf})`.as('member_line_ids'),
    ])
    .where('d.id', '=', dialogId)
    .executeTakeFirst();
}
