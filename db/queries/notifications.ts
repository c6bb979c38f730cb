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
