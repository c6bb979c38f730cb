import type { Database } from '../../db/client';

/**
 * Bench only: frees a line's capacity with no event attached — the offered dialog is closed in the
 * database (its offers gone, status closed), its workflow not told. The caller then sends the
 * capacity event through the dispatcher shape it measures, so both shapes start from the same state.
 */
export async function closeOfferedDialogInDb(db: Database, dialogId: number): Promise<void> {
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('dialog_offers').where('dialog_id', '=', dialogId).execute();
    await trx.deleteFrom('dialog_routing_requests').where('dialog_id', '=', dialogId).execute();
    await trx.updateTable('dialogs').set({ status: 'closed', closed_at: new Date(), close_reason: 'operator', updated_at: new Date() }).where('id', '=', dialogId).execute();
  });
}
