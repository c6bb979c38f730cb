import { sql, type Transaction } from 'kysely';
import type { DB } from '../types';

// Offers of one dialog. The line's dispatcher makes them (db/queries/dispatch.ts); these take them away.

export async function clearOffers(trx: Transaction<DB>, dialogId: number) {
  await trx.deleteFrom('dialog_offers').where('dialog_id', '=', dialogId).execute();
}

/**
 * The dialog leaves routing (given to an operator, or closed): its offers and its request to be
 * offered go, in one statement, since the transaction holds the dialog's row meanwhile.
 */
export async function withdrawFromRouting(trx: Transaction<DB>, dialogId: number) {
  await trx
    .with('offers', (db) => db.deleteFrom('dialog_offers').where('dialog_id', '=', dialogId))
    .deleteFrom('dialog_routing_requests')
    .where('dialog_id', '=', dialogId)
    .execute();
}

/** Withdraws one operator's offer; returns how many offers of the dialog remain (mode "all"). */
export async function withdrawOfferOf(trx: Transaction<DB>, dialogId: number, userId: string): Promise<number> {
  await trx.deleteFrom('dialog_offers').where('dialog_id', '=', dialogId).where('user_id', '=', userId).execute();
  const row = await trx.selectFrom('dialog_offers').select(sql<number>`count(*)::int`.as('n')).where('dialog_id', '=', dialogId).executeTakeFirstOrThrow();
  return row.n;
}
