import { sql, type RawBuilder, type SqlBool } from 'kysely';
import type { Database } from '../client';

// Writes behind the operator actions of SPEC §4 rules 6–7: participants, pin, block, supervisor rating.

export async function setContactBlocked(db: Database, contactId: number, blocked: boolean): Promise<void> {
  await db.updateTable('contacts').set({ blocked }).where('id', '=', contactId).execute();
}

/** A supervisor's rating of the dialog; rating again replaces it. Not a change the client made, so updated_at stays. */
export async function setSupervisorRating(db: Database, dialogId: number, rating: { rating: number; comment: string | null; ratedBy: string }): Promise<void> {
  await db
    .updateTable('dialogs')
    .set({ supervisor_rating: rating.rating, supervisor_comment: rating.comment, supervisor_rated_by: rating.ratedBy, supervisor_rated_at: new Date() })
    .where('id', '=', dialogId)
    .execute();
}

/** Adds an invited colleague; inviting twice changes nothing. */
export async function addDialogParticipant(db: Database, dialogId: number, userId: string, invitedBy: string | null): Promise<void> {
  await db
    .insertInto('dialog_participants')
    .values({ dialog_id: dialogId, user_id: userId, invited_by: invitedBy })
    .onConflict((oc) => oc.columns(['dialog_id', 'user_id']).doNothing())
    .execute();
}

/** "The user is invited into this dialog", for a query over dialogs (`dialogIdColumn`: "d.id", "dialogs.id"…). */
export function isParticipantOf(dialogIdColumn: string, userId: string): RawBuilder<SqlBool> {
  return sql<SqlBool>`exists (select 1 from dialog_participants p where p.dialog_id = ${sql.ref(dialogIdColumn)} and p.user_id = ${userId})`;
}
