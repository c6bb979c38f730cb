import type { NotificationKind } from '../../domain/notifications';
import type { Database } from '../client';

/** The active users among `userIds`, in the given order: deactivated users are not alerted. */
export async function keepActiveUserIds(db: Database, userIds: readonly string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await db.selectFrom('users').select('id').where('id', 'in', [...userIds]).where('active', '=', true).execute();
  const active = new Set(rows.map((r) => r.id));
  return userIds.filter((id) => active.has(id));
}

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
