import { sql } from 'kysely';
import type { NotificationKind } from '../../domain/notifications';
import type { Database } from '../client';

export async function insertNotifications(
  db: Database,
  notification: { userIds: readonly string[]; kind: NotificationKind; dialogId: number | null; data: Record<string, unknown> },
): Promise<void> {
  if (notification.userIds.length === 0) return;
  const data = JSON.stringify(notification.data);
  await db
    .insertInto('notifications')
    .values(notification.userIds.map((userId) => ({ user_id: userId, kind: notification.kind, dialog_id: notification.dialogId, data })))
    .execute();
}

function notificationsOf(db: Database, userId: string) {
  return db
    .selectFrom('notifications as n')
    .leftJoin('dialogs as d', 'd.id', 'n.dialog_id')
    .leftJoin('lines as l', 'l.id', 'd.line_id')
    .select(['n.id', 'n.kind', 'n.dialog_id', 'n.data', 'n.created_at', 'n.read_at', 'l.name as line_name'])
    .where('n.user_id', '=', userId);
}

/** The user's latest notifications, unread first (newest first within each), at most `limit`. */
export async function listLatestNotifications(db: Database, userId: string, limit: number) {
  // Two index scans (unread is a small partial index) instead of sorting all of a user's history.
  const unread = await notificationsOf(db, userId).where('n.read_at', 'is', null).orderBy('n.id', 'desc').limit(limit).execute();
  if (unread.length >= limit) return unread;
  const read = await notificationsOf(db, userId)
    .where('n.read_at', 'is not', null)
    .orderBy('n.id', 'desc')
    .limit(limit - unread.length)
    .execute();
  return [...unread, ...read];
}

export async function countUnreadNotifications(db: Database, userId: string): Promise<number> {
  const row = await db
    .selectFrom('notifications')
    .select(sql<number>`count(*)::int`.as('n'))
    .where('user_id', '=', userId)
    .where('read_at', 'is', null)
    .executeTakeFirstOrThrow();
  return row.n;
}

/** Marks the user's own unread notifications read (`ids`, or all of them); returns how many changed. */
export async function markNotificationsRead(db: Database, userId: string, which: { ids: readonly number[] } | { all: true }, at: Date): Promise<number> {
  let query = db.updateTable('notifications').set({ read_at: at }).where('user_id', '=', userId).where('read_at', 'is', null);
  if ('ids' in which) query = query.where('id', 'in', [...which.ids]);
  const result = await query.executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** The user's stored notification settings, or undefined when they never changed the defaults. */
export async function findNotificationSettings(db: Database, userId: string) {
  return db.selectFrom('notification_settings').selectAll().where('user_id', '=', userId).executeTakeFirst();
}

export async function saveNotificationSettings(
  db: Database,
  userId: string,
  settings: { desktop: boolean; sound: boolean; onOffer: boolean; onClientMessage: boolean; onKpiAlert: boolean },
  at: Date,
): Promise<void> {
  const values = {
    desktop: settings.desktop,
    sound: settings.sound,
    on_offer: settings.onOffer,
    on_client_message: settings.onClientMessage,
    on_kpi_alert: settings.onKpiAlert,
    updated_at: at,
  };
  await db
    .insertInto('notification_settings')
    .values({ user_id: userId, ...values })
    .onConflict((oc) => oc.column('user_id').doUpdateSet(values))
    .execute();
}

/** Open dialogs offered to the user and not taken yet (their offers were already shown). */
export async function listOpenDialogIdsOfferedTo(db: Database, userId: string, limit = 5000): Promise<number[]> {
  const rows = await db
    .selectFrom('dialog_offers as o')
    .innerJoin('dialogs as d', 'd.id', 'o.dialog_id')
    .select('d.id')
    .where('o.user_id', '=', userId)
    .where('d.operator_id', 'is', null)
    .where('d.status', '<>', 'closed')
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** What a desktop alert about a dialog says: the client, the line and (for a message) its text, in one query. */
export async function findDesktopAlertFacts(db: Database, dialogId: number, messageId: number | null) {
  const dialog = await db
    .selectFrom('dialogs as d')
    .innerJoin('contacts as c', 'c.id', 'd.contact_id')
    .innerJoin('lines as l', 'l.id', 'd.line_id')
    .leftJoin('messages as m', (join) => join.onRef('m.dialog_id', '=', 'd.id').on('m.id', '=', messageId))
    .select(['c.id as contact_id', 'c.name', 'c.email', 'c.phone', 'l.name as line_name', 'm.text as messageText'])
    .where('d.id', '=', dialogId)
    .executeTakeFirst();
  return dialog && { ...dialog, messageText: dialog.messageText ?? null };
}
