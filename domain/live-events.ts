import { z } from 'zod';
import { authorKindSchema, dialogStatusSchema } from './dialog';
import { MAX_LIVE_RECIPIENTS, notificationKindSchema } from './notifications';

/**
 * Live-update events. Written with pg_notify inside the transaction that changes the data (so an
 * event is seen only after the change commits), fanned out by the web server to inboxes and
 * widget visitors. Kept small (PostgreSQL caps a payload at 8 kB): receivers fetch details.
 */
export const LIVE_CHANNEL = 'openlines_live';

export const liveEventSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('dialog.updated'),
    dialogId: z.number(),
    lineId: z.number(),
    contactId: z.number(),
    status: dialogStatusSchema,
    operatorId: z.string().nullable(),
    offeredTo: z.array(z.string()),
    /** Colleagues invited into the dialog: they follow it like its operator. */
    participants: z.array(z.string()).default([]),
    at: z.string(),
  }),
  z.object({
    type: z.literal('message.created'),
    dialogId: z.number(),
    lineId: z.number(),
    contactId: z.number(),
    messageId: z.number(),
    authorKind: authorKindSchema,
    hidden: z.boolean(),
    at: z.string(),
  }),
  // Someone is typing in a dialog: never stored, shown for TYPING_SHOWN_MS unless repeated.
  z.object({
    type: z.literal('typing'),
    dialogId: z.number(),
    lineId: z.number(),
    contactId: z.number(),
    /** The client (shown in the inbox) or an operator (shown in the widget). */
    by: z.enum(['client', 'operator']),
    at: z.string(),
  }),
  // New alerts in these users' notification inboxes: delivered to them only, whatever their role.
  z.object({
    type: z.literal('notification.created'),
    userIds: z.array(z.string()).max(MAX_LIVE_RECIPIENTS),
    kind: notificationKindSchema,
    dialogId: z.number().nullable(),
    at: z.string(),
  }),
]);
export type LiveEvent = z.infer<typeof liveEventSchema>;

/** Events about a dialog (its state, its messages), as opposed to a user's own notifications. */
export type DialogLiveEvent = Exclude<LiveEvent, { type: 'notification.created' }>;

export function isDialogLiveEvent(event: LiveEvent): event is DialogLiveEvent {
  return event.type !== 'notification.created';
}

export type MessageCreatedEvent = Extract<LiveEvent, { type: 'message.created' }>;

/** A new message in a dialog, for inboxes and the client's widget; `at` is when it was stored. */
export function messageCreatedEvent(
  dialog: { id: number; lineId: number; contactId: number },
  message: { id: number; authorKind: MessageCreatedEvent['authorKind']; hidden: boolean; createdAt: Date },
): MessageCreatedEvent {
  return {
    type: 'message.created',
    dialogId: dialog.id,
    lineId: dialog.lineId,
    contactId: dialog.contactId,
    messageId: message.id,
    authorKind: message.authorKind,
    hidden: message.hidden,
    at: message.createdAt.toISOString(),
  };
}

/**
 * Typing indicators (SPEC §5, §7). Each side sends at most one event per TYPING_THROTTLE_MS while
 * typing; the other side shows the indicator until TYPING_SHOWN_MS pass without a new one, so a
 * lost "stopped" (a closed tab) never leaves it on. Shown longer than the throttle, so it stays
 * steady while typing goes on.
 */
export const TYPING_THROTTLE_MS = 2_000;
export const TYPING_SHOWN_MS = 5_000;

export type TypingEvent = Extract<LiveEvent, { type: 'typing' }>;

export function typingEvent(dialog: { id: number; lineId: number; contactId: number }, by: TypingEvent['by'], at: Date): TypingEvent {
  return { type: 'typing', dialogId: dialog.id, lineId: dialog.lineId, contactId: dialog.contactId, by, at: at.toISOString() };
}
