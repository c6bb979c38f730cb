import { z } from 'zod';
import { quickAnswerInputSchema, quickAnswerSearchSchema } from '../../../../domain/quick-answers';
import {
  deleteQuickAnswer,
  lineChoices,
  listQuickAnswersForAdmin,
  quickAnswersForDialog,
  saveQuickAnswer,
  useQuickAnswer,
} from '../../services/quick-answers';
import { createTRPCRouter, protectedProcedure, supervisorProcedure } from '../init';
import { dialogIdSchema } from './schemas';
import { englishErrorText } from '../../../../domain/error-messages';

const quickAnswerIdSchema = z.number({ error: englishErrorText('field.quickAnswerId') }).int(englishErrorText('field.quickAnswerId')).positive(englishErrorText('field.quickAnswerId'));

const fileSchema = z.object({ fileId: z.number(), name: z.string(), mimeType: z.string(), size: z.number() });

const quickAnswerSchema = z.object({
  id: z.number(),
  title: z.string(),
  text: z.string(),
  lineId: z.number().nullable(),
  lineName: z.string().nullable(),
  usageCount: z.number(),
  updatedAt: z.date(),
  files: z.array(fileSchema),
});

/** SPEC §5 quick answers: admins and directors keep them; every operator searches and inserts them. */
export const quickAnswersRouter = createTRPCRouter({
  list: supervisorProcedure
    .input(z.object({ search: quickAnswerSearchSchema }))
    .output(z.array(quickAnswerSchema))
    .query(({ ctx, input }) => listQuickAnswersForAdmin(ctx, input)),

  /** The lines a quick answer may be kept for (directors cannot open the admin's line list). */
  lines: supervisorProcedure.output(z.array(z.object({ id: z.number(), name: z.string() }))).query(({ ctx }) => lineChoices(ctx)),

  create: supervisorProcedure
    .input(quickAnswerInputSchema)
    .output(z.object({ id: z.number() }))
    .mutation(({ ctx, input }) => saveQuickAnswer(ctx, ctx.user, input)),

  update: supervisorProcedure
    .input(quickAnswerInputSchema.extend({ id: quickAnswerIdSchema }))
    .output(z.object({ id: z.number() }))
    .mutation(({ ctx, input }) => saveQuickAnswer(ctx, ctx.user, input)),

  delete: supervisorProcedure
    .input(z.object({ id: quickAnswerIdSchema }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await deleteQuickAnswer(ctx, input.id);
      return { ok: true as const };
    }),

  /** The reply box's "/" picker: this dialog's line's quick answers and everyone's. */
  forDialog: protectedProcedure
    .input(z.object({ dialogId: dialogIdSchema, search: quickAnswerSearchSchema }))
    .output(z.array(quickAnswerSchema))
    .query(({ ctx, input }) => quickAnswersForDialog(ctx, ctx.user, input)),

  /** Inserting one into a reply: the filled text and its files, stored with the dialog; counts a use. */
  insert: protectedProcedure
    .input(z.object({ dialogId: dialogIdSchema, quickAnswerId: quickAnswerIdSchema }))
    .output(z.object({ text: z.string(), attachments: z.array(fileSchema.extend({ url: z.string() })) }))
    .mutation(({ ctx, input }) => useQuickAnswer(ctx, ctx.user, input)),
});
