import { z } from 'zod';
import { authorKindSchema, closeReasonSchema, dialogStatusSchema } from '../../../../domain/dialog';
import { channelKindSchema } from '../../../../domain/channels';
import { availabilityReasonCodeSchema, statusKeySchema } from '../../../../domain/availability';
import { roleSchema } from '../../../../domain/roles';
import { englishErrorText } from '../../../../domain/error-messages';

/** Output shapes: what the browser may rely on (and nothing more leaves the server). */
export const dialogIdSchema = z.number({ error: englishErrorText('field.dialogId') }).int().positive();

export const inboxItemSchema = z.object({
  id: z.number(),
  status: dialogStatusSchema,
  line: z.object({ id: z.number(), name: z.string() }),
  channelKind: z.string(),
  contact: z.object({ id: z.number(), label: z.string() }),
  operator: z.object({ id: z.string(), name: z.string() }).nullable(),
  priority: z.number(),
  preview: z
    .object({ text: z.string(), authorKind: authorKindSchema, byMe: z.boolean(), hidden: z.boolean(), at: z.date() })
    .nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  offeredToMe: z.boolean(),
});

export const dialogViewSchema = z.object({
  id: z.number(),
  status: dialogStatusSchema,
  closeReason: closeReasonSchema.nullable(),
  missed: z.boolean(),
  rating: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
  closedAt: z.date().nullable(),
  line: z.object({ id: z.number(), name: z.string() }),
  channel: z.object({ id: z.number(), kind: z.string(), name: z.string() }),
  contact: z.object({
    id: z.number(),
    label: z.string(),
    name: z.string().nullable(),
    email: z.string().nullable(),
    phone: z.string().nullable(),
  }),
  operator: z.object({ id: z.string(), name: z.string() }).nullable(),
  offeredTo: z.array(z.object({ id: z.string(), name: z.string() })),
  offeredToMe: z.boolean(),
  pinned: z.boolean(),
  participants: z.array(z.object({ id: z.string(), name: z.string() })),
  supervisorRating: z.object({ rating: z.number(), comment: z.string().nullable(), byName: z.string().nullable(), at: z.date() }).nullable(),
  messages: z.array(
    z.object({
      id: z.number(),
      authorKind: authorKindSchema,
      authorName: z.string().nullable(),
      text: z.string(),
      hidden: z.boolean(),
      deliveryStatus: z.enum(['stored', 'delivered', 'failed']),
      deliveryError: z.string().nullable(),
      attachments: z.array(z.object({ name: z.string(), url: z.string(), mimeType: z.string().nullable(), size: z.number().nullable() })),
      createdAt: z.date(),
    }),
  ),
  events: z.array(
    z.object({
      id: z.number(),
      kind: z.string(),
      actorName: z.string().nullable(),
      subjectName: z.string().nullable(),
      names: z.record(z.string(), z.string()),
      data: z.record(z.string(), z.unknown()),
      createdAt: z.date(),
    }),
  ),
  permissions: z.object({
    canTake: z.boolean(),
    canSkip: z.boolean(),
    canReply: z.boolean(),
    canClose: z.boolean(),
    canSendTemplate: z.boolean(),
    replyBlockedReason: z.string().nullable(),
    canTransfer: z.boolean(),
    canInvite: z.boolean(),
    canTakeOver: z.boolean(),
    canPin: z.boolean(),
    canSpam: z.boolean(),
    canRateAsSupervisor: z.boolean(),
  }),
  replyWindow: z
    .discriminatedUnion('state', [
      z.object({ state: z.literal('open'), until: z.date() }),
      z.object({ state: z.literal('closed'), since: z.date().nullable(), template: z.object({ name: z.string(), language: z.string() }).nullable() }),
    ])
    .nullable(),
});

export const transferTargetsSchema = z.object({
  operators: z.array(
    z.object({
      id: z.string(),
      name: z.string(),
      role: roleSchema,
      available: z.boolean(),
      status: z.object({ key: statusKeySchema, label: z.string(), tone: z.enum(['green', 'amber', 'red', 'gray']) }),
      reason: z.string().nullable(),
      reasonCode: availabilityReasonCodeSchema.nullable(),
    }),
  ),
  lines: z.array(z.object({ id: z.number(), name: z.string() })),
});

export const lineChannelSchema = z.object({ id: z.number(), kind: channelKindSchema, key: z.string(), name: z.string() });

export const userSummarySchema = z.object({
  id: z.string(),
  name: z.string(),
  email: z.string(),
  role: roleSchema,
  active: z.boolean(),
});
