import type { Database } from '../client';

/** Appends to a dialog's audit trail: who did what, when. */
export async function recordDialogEvent(
  db: Database,
  dialogId: number,
  kind: string,
  actorUserId: string | null,
  data: Record<string, unknown> = {},
): Promise<void> {
  await db
    .insertInto('dialog_events')
    .values({ dialog_id: dialogId, kind, actor_user_id: actorUserId, data: JSON.stringify(data) })
    .execute();
}

export async function listDialogEvents(db: Database, dialogId: number) {
  return db
    .selectFrom('dialog_events as e')
    .leftJoin('users as u', 'u.id', 'e.actor_user_id')
    .select(['e.id', 'e.kind', 'e.actor_user_id', 'u.name as actor_name', 'e.data', 'e.created_at'])
    .where('e.dialog_id', '=', dialogId)
    .orderBy('e.id')
    .execute();
}

/** The id of the dialog's latest event (0 when none): a mark to look for events recorded after it. */
export async function lastDialogEventId(db: Database, dialogId: number): Promise<number> {
  const row = await db.selectFrom('dialog_events').select((eb) => eb.fn.max('id').as('id')).where('dialog_id', '=', dialogId).executeTakeFirst();
  return Number(row?.id ?? 0);
}

/** Whether `actorUserId` caused an event of `kind` in the dialog after the event `afterId`. */
export async function hasDialogEventAfter(db: Database, dialogId: number, kind: string, actorUserId: string, afterId: number): Promise<boolean> {
  const row = await db
    .selectFrom('dialog_events')
    .select('id')
    .where('dialog_id', '=', dialogId)
    .where('kind', '=', kind)
    .where('actor_user_id', '=', actorUserId)
    .where('id', '>', afterId)
    .executeTakeFirst();
  return row !== undefined;
}
