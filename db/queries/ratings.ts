import { sql } from 'kysely';
import type { Database } from '../client';

/**
 * The contact's latest dialog on the line when it asked for a rating that has not come (a message
 * of it carries the rating request) — the only dialog a typed "5" or "yes" can be the answer for.
 */
export async function findLatestDialogAwaitingRating(db: Database, lineId: number, contactId: number) {
  const latest = await db
    .selectFrom('dialogs')
    .select(['id', 'line_id', 'contact_id', 'rating'])
    .select((eb) =>
      eb
        .exists(eb.selectFrom('messages').select('messages.id').whereRef('messages.dialog_id', '=', 'dialogs.id').where(sql<boolean>`messages.extras ? 'ratingRequest'`))
        .as('rating_requested'),
    )
    .where('line_id', '=', lineId)
    .where('contact_id', '=', contactId)
    .orderBy('id', 'desc')
    .limit(1)
    .executeTakeFirst();
  return latest && latest.rating === null && latest.rating_requested ? latest : undefined;
}
