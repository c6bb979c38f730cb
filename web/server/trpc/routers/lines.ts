import { z } from 'zod';
import { lineNameSchema, lineSettingsSchema } from '../../../../domain/line-settings';
import { retentionDaysSchema } from '../../../../domain/privacy';
import { createLine, getLineForAdmin, listLinesForAdmin, updateLineSettings } from '../../services/lines';
import { adminProcedure, createTRPCRouter } from '../init';
import { lineChannelSchema, userSummarySchema } from './schemas';
import { englishErrorText } from '../../../../domain/error-messages';

const lineIdSchema = z.number({ error: englishErrorText('field.lineId') }).int().positive();

export const linesRouter = createTRPCRouter({
  list: adminProcedure
    .output(
      z.array(z.object({ id: z.number(), name: z.string(), queueSize: z.number(), channels: z.array(lineChannelSchema), createdAt: z.date() })),
    )
    .query(({ ctx }) => listLinesForAdmin(ctx)),

  get: adminProcedure
    .input(z.object({ lineId: lineIdSchema }))
    .output(
      z.object({
        id: z.number(),
        name: z.string(),
        settings: lineSettingsSchema,
        retentionDays: z.number().nullable(),
        queue: z.array(userSummarySchema.omit({ id: true }).extend({ userId: z.string() })),
        channels: z.array(lineChannelSchema.extend({ widgetUrl: z.string().nullable(), embedSnippet: z.string().nullable() })),
        updatedAt: z.date(),
      }),
    )
    .query(({ ctx, input }) => getLineForAdmin(ctx, input.lineId)),

  create: adminProcedure
    .input(z.object({ name: lineNameSchema }))
    .output(z.object({ id: z.number() }))
    .mutation(({ ctx, input }) => createLine(ctx, ctx.user, input)),

  update: adminProcedure
    .input(
      z.object({
        lineId: lineIdSchema,
        name: lineNameSchema,
        settings: lineSettingsSchema,
        queue: z
          .array(z.string().min(1), { error: englishErrorText('lines.userIds') })
          .max(500, englishErrorText('lines.tooManyOperators', { max: '500' }))
          .refine((ids) => new Set(ids).size === ids.length, englishErrorText('lines.sameOperatorTwice')),
        /** "Delete closed dialogs older than N days": null switches it off; left out, it stays as it is. */
        retentionDays: retentionDaysSchema.nullable().optional(),
      }),
    )
    .output(z.object({ queueChanged: z.boolean() }))
    .mutation(({ ctx, input }) => updateLineSettings(ctx, ctx.user, input)),
});
