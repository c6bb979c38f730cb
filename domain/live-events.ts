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

type MessageCreatedEvent = Extract<LiveEvent, { type: 'message.created' }>;

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
