import { describeKpiAlert, kpiAlertDataSchema, type KpiKind } from '../../../domain/kpi';
import type { Database } from '../../../db/client';
import { contactLabel } from '../../../domain/crm';
import { DEFAULT_NOTIFICATION_SETTINGS, type DesktopAlertTrigger, type NotificationSettings } from '../../../domain/notifications';
import {
  countUnreadNotifications,
  findDesktopAlertFacts,
  findNotificationSettings,
  listLatestNotifications,
  markNotificationsRead as markRead,
  saveNotificationSettings,
} from '../../../db/queries/notifications';
import type { Actor } from './actor';

export interface NotificationItem {
  id: number;
  kind: string;
  dialogId: number | null;
  /** One line a person reads: "Dialog #42 (Website): first answer overdue — limit 5 min". */
  text: string;
  /** For KPI alerts: what went over which limit. */
  kpi: { violation: KpiKind; limitMinutes: number; lineName: string | null } | null;
  createdAt: Date;
  readAt: Date | null;
}

type NotificationRow = Awaited<ReturnType<typeof listLatestNotifications>>[number];

function toItem(row: NotificationRow): NotificationItem {
  const base = { id: row.id, kind: row.kind, dialogId: row.dialog_id, createdAt: row.created_at, readAt: row.read_at };
  const alert = row.kind === 'kpi_alert' ? kpiAlertDataSchema.safeParse(row.data) : null;
  if (alert?.success && row.dialog_id !== null) {
    const { violation, limitMinutes } = alert.data;
    return { ...base, text: describeKpiAlert({ dialogId: row.dialog_id, lineName: row.line_name, violation, limitMinutes }), kpi: { violation, limitMinutes, lineName: row.line_name } };
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

/** The caller's notification settings (the defaults until they change them). */
export async function getMyNotificationSettings(deps: { db: Database }, actor: Actor): Promise<NotificationSettings> {
  const row = await findNotificationSettings(deps.db, actor.id);
  if (!row) return DEFAULT_NOTIFICATION_SETTINGS;
  return { desktop: row.desktop, sound: row.sound, events: { offer: row.on_offer, clientMessage: row.on_client_message, kpiAlert: row.on_kpi_alert } };
}

export async function updateMyNotificationSettings(deps: { db: Database }, actor: Actor, settings: NotificationSettings, now = new Date()): Promise<NotificationSettings> {
  const { events } = settings;
  await saveNotificationSettings(
    deps.db,
    actor.id,
    { desktop: settings.desktop, sound: settings.sound, onOffer: events.offer, onClientMessage: events.clientMessage, onKpiAlert: events.kpiAlert },
    now,
  );
  return getMyNotificationSettings(deps, actor);
}

/** A desktop alert as the live stream carries it: what to show, and which dialog a click opens. */
export interface DesktopAlert extends DesktopAlertTrigger {
  type: 'alert';
  title: string;
  body: string;
  /** The parts of the words, for the web app to say them in its user's language. */
  client: string;
  line: string;
  /** The client's message (cut), or null when it was files only; null for offers. */
  preview: string | null;
}

const PREVIEW_CHARS = 140;

/** Words for a desktop alert; undefined when its dialog is gone. */
export async function describeDesktopAlert(deps: { db: Database }, trigger: DesktopAlertTrigger): Promise<DesktopAlert | undefined> {
  const facts = await findDesktopAlertFacts(deps.db, trigger.dialogId, trigger.messageId);
  if (!facts) return undefined;
  const client = contactLabel({ id: facts.contact_id, name: facts.name, email: facts.email, phone: facts.phone });
  if (trigger.kind === 'offer') {
    const body = `Dialog #${trigger.dialogId} on ${facts.line_name} waits for you to take it.`;
    return { type: 'alert', ...trigger, title: `New dialog offered: ${client}`, body, client, line: facts.line_name, preview: null };
  }
  const text = (facts.messageText ?? '').trim();
  const preview = text === '' ? null : text.length > PREVIEW_CHARS ? `${text.slice(0, PREVIEW_CHARS - 1)}…` : text;
  return { type: 'alert', ...trigger, title: `${client} (dialog #${trigger.dialogId})`, body: preview ?? 'Sent a file.', client, line: facts.line_name, preview };
}
