import { z } from 'zod';
import { authorKindSchema, dialogStatusSchema } from './dialog';

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
]);
export type LiveEvent = z.infer<typeof liveEventSchema>;
