import type { Transaction } from 'kysely';
import type { LeadStatus } from '../../domain/crm';
import type { Database } from '../client';
import type { ContactHistoryScope } from './contacts';
import type { DB } from '../types';

/**
 * The dialog's lead, created at most once: a retried activity (or a concurrent one) gets the
 * existing lead back with `created: false`.
 */
export async function insertLeadOnce(
  trx: Transaction<DB>,
  lead: { contactId: number; dialogId: number; lineId: number; title: string; responsibleUserId: string | null },
): Promise<{ leadId: number; created: boolean }> {
  const inserted = await trx
    .insertInto('leads')
    .values({ contact_id: lead.contactId, dialog_id: lead.dialogId, line_id: lead.lineId, title: lead.title, responsible_user_id: lead.responsibleUserId })
    .onConflict((oc) => oc.column('dialog_id').where('dialog_id', 'is not', null).doNothing())
    .returning('id')
    .executeTakeFirst();
  if (inserted) return { leadId: inserted.id, created: true };
  const existing = await findLeadIdOfDialog(trx, lead.dialogId);
  if (existing === undefined) throw new Error(`lead of dialog ${lead.dialogId} vanished`);
  return { leadId: existing, created: false };
}

export async function findLeadIdOfDialog(db: Database, dialogId: number): Promise<number | undefined> {
  const row = await db.selectFrom('leads').select('id').where('dialog_id', '=', dialogId).executeTakeFirst();
  return row?.id;
}

/** Whether the contact has a lead from anything but this dialog (its own may be committing meanwhile). */
export async function contactHasOtherLeads(db: Database, contactId: number, dialogId: number): Promise<boolean> {
  const row = await db
    .selectFrom('leads')
    .select('id')
    .where('contact_id', '=', contactId)
    .where((eb) => eb.or([eb('dialog_id', 'is', null), eb('dialog_id', '<>', dialogId)]))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}

/**
 * Makes `userId` responsible for the lead created from the dialog: when the dialog is accepted
 * (`onlyIfUnset`: the first operator keeps it) and on transfer when the line says so (SPEC §3).
 * Returns the ids of the leads that changed (none when the dialog has no lead).
 */
export async function setLeadResponsibleForDialog(
  trx: Transaction<DB>,
  dialogId: number,
  userId: string,
  { onlyIfUnset }: { onlyIfUnset: boolean },
): Promise<number[]> {
  let query = trx
    .updateTable('leads')
    .set({ responsible_user_id: userId, updated_at: new Date() })
    .where('dialog_id', '=', dialogId)
    .where((eb) => eb.or([eb('responsible_user_id', 'is', null), eb('responsible_user_id', '<>', userId)]));
  if (onlyIfUnset) query = query.where('responsible_user_id', 'is', null);
  const rows = await query.returning('id').execute();
  return rows.map((r) => r.id);
}

export interface LeadSummary {
  id: number;
  title: string;
  status: LeadStatus;
  createdAt: Date;
  responsible: { id: string; name: string } | null;
}

/** The contact's leads (in `scope`: of its lines, or the user's own), newest first, with their responsible user's name. */
export async function listLeadsOfContact(db: Database, contactId: number, scope: ContactHistoryScope = null): Promise<LeadSummary[]> {
  let query = db
    .selectFrom('leads as l')
    .leftJoin('users as u', 'u.id', 'l.responsible_user_id')
    .select(['l.id', 'l.title', 'l.status', 'l.created_at', 'l.responsible_user_id', 'u.name as responsible_name'])
    .where('l.contact_id', '=', contactId);
  if (scope) query = query.where((eb) => eb.or([eb('l.line_id', 'in', [...scope.lineIds]), eb('l.responsible_user_id', '=', scope.userId)]));
  const rows = await query
    .orderBy('l.created_at', 'desc')
    .orderBy('l.id', 'desc')
    .execute();
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    status: r.status,
    createdAt: r.created_at,
    responsible: r.responsible_user_id ? { id: r.responsible_user_id, name: r.responsible_name ?? 'Unknown user' } : null,
  }));
}

/** Sets the lead's status; returns whether the lead (of this contact) exists. */
export async function setLeadStatus(trx: Transaction<DB>, leadId: number, contactId: number, status: LeadStatus): Promise<boolean> {
  const result = await trx
    .updateTable('leads')
    .set({ status, updated_at: new Date() })
    .where('id', '=', leadId)
    .where('contact_id', '=', contactId)
    .executeTakeFirst();
  return result.numUpdatedRows > 0n;
}
