import { z } from 'zod';
import { kpiKindSchema } from '../../../../domain/kpi';
import { notificationSettingsSchema } from '../../../../domain/notifications';
import { getMyNotificationSettings, listMyNotifications, markMyNotificationsRead, updateMyNotificationSettings } from '../../services/notifications';
import { createTRPCRouter, protectedProcedure } from '../init';

const notificationSchema = z.object({
  id: z.number(),
  kind: z.string(),
  dialogId: z.number().nullable(),
  text: z.string(),
  kpi: z.object({ violation: kpiKindSchema, limitMinutes: z.number(), lineName: z.string().nullable() }).nullable(),
  createdAt: z.date(),
  readAt: z.date().nullable(),
});

const markReadInputSchema = z
  .object({
    ids: z
      .array(z.number({ error: 'must be a notification id' }).int().positive())
      .min(1, 'must name at least one notification')
      .max(200, 'must name at most 200 notifications; use all: true to mark every one read')
      .optional(),
    all: z.literal(true, { error: 'must be true to mark every notification read' }).optional(),
  })
  .superRefine((input, ctx) => {
    if ((input.ids === undefined) === (input.all === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['ids'], message: 'give either the ids of the notifications to mark read or all: true' });
    }
  })
  .transform((input) => (input.all ? ({ all: true } as const) : { ids: input.ids ?? [] }));

/** SPEC §5 notifications: the signed-in user's own alerts (KPI alerts today). */
export const notificationsRouter = createTRPCRouter({
  list: protectedProcedure
    .input(z.object({ limit: z.number().int().min(1).max(100).default(30) }).optional())
    .output(z.object({ items: z.array(notificationSchema), unreadCount: z.number() }))
    .query(({ ctx, input }) => listMyNotifications(ctx, ctx.user, { limit: input?.limit ?? 30 })),

  markRead: protectedProcedure
    .input(markReadInputSchema)
    .output(z.object({ marked: z.number(), unreadCount: z.number() }))
    .mutation(({ ctx, input }) => markMyNotificationsRead(ctx, ctx.user, input)),

  /** The caller's own settings: desktop notifications, sound, and which events notify. */
  settings: protectedProcedure.output(notificationSettingsSchema).query(({ ctx }) => getMyNotificationSettings(ctx, ctx.user)),

  updateSettings: protectedProcedure
    .input(notificationSettingsSchema)
    .output(notificationSettingsSchema)
    .mutation(({ ctx, input }) => updateMyNotificationSettings(ctx, ctx.user, input)),
});
