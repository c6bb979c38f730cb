import { describeKpiAlert, kpiAlertDataSchema, type KpiKind } from '../../../domain/kpi';
import type { Database } from '../../../db/client';
import { countUnreadNotifications, listLatestNotifications, markNotificationsRead as markRead } from '../../../db/queries/notifications';
import type { Actor } from './actor';

export interface NotificationItem {
  id: number;
  kind: string;
  dialogId: number | null;
  /** One line a person reads: "Dialog #42 (Website): first answer overdue — limit 5 min". */
  text: string;
  /** For KPI alerts: what went over which limit. */
  kpi: { violation: KpiKind; limitMinutes: number } | null;
  createdAt: Date;
  readAt: Date | null;
}

type NotificationRow = Awaited<ReturnType<typeof listLatestNotifications>>[number];

function toItem(row: NotificationRow): NotificationItem {
  const base = { id: row.id, kind: row.kind, dialogId: row.dialog_id, createdAt: row.created_at, readAt: row.read_at };
  const alert = row.kind === 'kpi_alert' ? kpiAlertDataSchema.safeParse(row.data) : null;
  if (alert?.success && row.dialog_id !== null) {
    const { violation, limitMinutes } = alert.data;
    return { ...base, text: describeKpiAlert({ dialogId: row.dialog_id, lineName: row.line_name, violation, limitMinutes }), kpi: { violation, limitMinutes } };
  }
  // A kind this version does not know (or a dialog since deleted): still listed, still markable.
  return { ...base, text: row.dialog_id !== null ? `Dialog #${row.dialog_id}: ${row.kind.replace(/_/g, ' ')}` : row.kind.replace(/_/g, ' '), kpi: null };
}

/** The caller's latest notifications, unread first, and how many are unread in all. */
export async function listMyNotifications(deps: { db: Database }, actor: Actor, input: { limit: number }) {
  const [rows, unreadCount] = await Promise.all([listLatestNotifications(deps.db, actor.id, input.limit), countUnreadNotifications(deps.db, actor.id)]);
  return { items: rows.map(toItem), unreadCount };
}

/** Marks the caller's own notifications read; ids of other users' notifications change nothing. */
export async function markMyNotificationsRead(deps: { db: Database }, actor: Actor, which: { ids: readonly number[] } | { all: true }, now = new Date()) {
  const marked = await markRead(deps.db, actor.id, which, now);
  return { marked, unreadCount: await countUnreadNotifications(deps.db, actor.id) };
}
