import { z } from 'zod';
// Type-only: live-events.ts imports this file's schemas.
import type { LiveEvent } from './live-events';

/** What an alert in a user's notification inbox is about (SPEC §5 "Notifications"). */
export const notificationKindSchema = z.enum(['kpi_alert']);
export type NotificationKind = z.infer<typeof notificationKindSchema>;

/**
 * Live events name at most this many recipients: PostgreSQL caps a NOTIFY payload at 8 kB, and a
 * line lists at most 50 alerted users besides the operator.
 */
export const MAX_LIVE_RECIPIENTS = 100;

/**
 * What the browser raises a desktop notification and a sound for, besides the bell's alerts: a
 * dialog offered to the user, a client's new message in a dialog they answer (SPEC §5).
 */
export const desktopAlertKindSchema = z.enum(['offer', 'client_message']);
export type DesktopAlertKind = z.infer<typeof desktopAlertKindSchema>;

const onOff = (what: string) => z.boolean({ error: `must be true or false (${what})` });

/** A user's notification settings, stored per user on the server (they follow them to any browser). */
export const notificationSettingsSchema = z.object({
  /** Desktop notifications (the browser's permission is asked separately, from a click). */
  desktop: onOff('desktop notifications on or off'),
  /** A short beep with each notification. */
  sound: onOff('sound on or off'),
  /** Which events notify. */
  events: z.object({
    offer: onOff('a dialog offered to me'),
    clientMessage: onOff('a new client message in my dialogs'),
    kpiAlert: onOff('KPI alerts'),
  }),
});
export type NotificationSettings = z.infer<typeof notificationSettingsSchema>;

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  desktop: true,
  sound: true,
  events: { offer: true, clientMessage: true, kpiAlert: true },
};

/** How an event reaches the user under their settings: a desktop notification, a sound, both or neither. */
export function notificationOutputs(settings: NotificationSettings, kind: DesktopAlertKind | NotificationKind): { desktop: boolean; sound: boolean } {
  const wanted = kind === 'offer' ? settings.events.offer : kind === 'client_message' ? settings.events.clientMessage : settings.events.kpiAlert;
  return { desktop: wanted && settings.desktop, sound: wanted && settings.sound };
}

/** The number in the tab title: dialogs waiting for the user's answer plus offers to them; shown only when above zero. */
export function inboxTitle(counts: { waiting: number; offeredToMe: number } | undefined, base: string): string {
  const total = counts ? counts.waiting + counts.offeredToMe : 0;
  return total > 0 ? `(${total > 99 ? '99+' : total}) ${base}` : base;
}

export interface DesktopAlertTrigger {
  kind: DesktopAlertKind;
  dialogId: number;
  /** The client's message that raised it (client_message only). */
  messageId: number | null;
}

/**
 * Who gets which desktop alert, one live stream at a time: a dialog offered to this user (once per
 * offer, however many updates the offered dialog gets), and a client's message in a dialog the
 * user answers (its operator or an invited colleague). Never for the user's own actions: those are
 * operator messages and acceptances, which raise nothing. Supervisors seeing every dialog are
 * alerted only about their own, like anyone.
 */
export function createDesktopAlertRule(userId: string, initial: { answering: readonly number[]; offered: readonly number[] }) {
  const answering = new Set(initial.answering);
  const offered = new Set(initial.offered);
  return (event: LiveEvent): DesktopAlertTrigger | null => {
    if (event.type === 'dialog.updated') {
      const open = event.status !== 'closed';
      if (open && (event.operatorId === userId || event.participants.includes(userId))) answering.add(event.dialogId);
      else answering.delete(event.dialogId);
      const offeredNow = open && event.operatorId === null && event.offeredTo.includes(userId);
      if (!offeredNow) {
        offered.delete(event.dialogId);
        return null;
      }
      if (offered.has(event.dialogId)) return null;
      offered.add(event.dialogId);
      return { kind: 'offer', dialogId: event.dialogId, messageId: null };
    }
    if (event.type === 'message.created' && event.authorKind === 'client' && !event.hidden && answering.has(event.dialogId)) {
      return { kind: 'client_message', dialogId: event.dialogId, messageId: event.messageId };
    }
    return null;
  };
}
