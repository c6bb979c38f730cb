import { z } from 'zod';
import { isKnownTimeZone } from '../../../../domain/availability';
import { EMPTY_MESSAGE, lacksContent, messageBodySchema, messageTextSchema } from '../../../../domain/dialog';
import { MAX_FILES_PER_MESSAGE } from '../../../../domain/files';
import { inviteToDialog, markDialogSpam, pinDialog, rateDialogAsSupervisor, takeOverDialog, transferDialog } from '../../services/dialog-actions';
import { addDialogNote, closeDialog, getDialogView, replyToDialog, sendReplyWindowTemplate, skipDialog, takeDialog } from '../../services/dialogs';
import { listTransferTargets } from '../../services/transfer-targets';
import { publishOperatorTyping } from '../../services/typing';
import { createTRPCRouter, protectedProcedure } from '../init';
import { dialogIdSchema, dialogViewSchema, transferTargetsSchema } from './schemas';
import { englishErrorText } from '../../../../domain/error-messages';

const byId = z.object({ dialogId: dialogIdSchema });
const ok = z.object({ ok: z.literal(true) });
const fileIdSchema = z.number({ error: englishErrorText('field.fileId') }).int(englishErrorText('field.fileId')).positive(englishErrorText('field.fileId'));
const userIdSchema = z.string({ error: englishErrorText('field.userId') }).trim().min(1, englishErrorText('field.userId'));

const transferTargetSchema = z.discriminatedUnion(
  'kind',
  [
    z.object({ kind: z.literal('operator'), operatorId: userIdSchema }),
    z.object({ kind: z.literal('line'), lineId: z.number({ error: englishErrorText('field.lineId') }).int(englishErrorText('field.lineId')).positive(englishErrorText('field.lineId')) }),
  ],
  { error: englishErrorText('dialog.transferTarget') },
);

const supervisorRatingSchema = z
  .number({ error: englishErrorText('field.oneToFive') })
  .int(englishErrorText('field.oneToFive'))
  .min(1, englishErrorText('field.oneToFive'))
  .max(5, englishErrorText('field.oneToFive'));

export const dialogsRouter = createTRPCRouter({
  get: protectedProcedure
    .input(byId)
    .output(dialogViewSchema)
    .query(({ ctx, input }) => getDialogView(ctx, ctx.user, input.dialogId)),

  take: protectedProcedure
    .input(byId)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await takeDialog(ctx, ctx.user, input.dialogId);
      return { ok: true as const };
    }),

  skip: protectedProcedure
    .input(byId)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await skipDialog(ctx, ctx.user, input.dialogId);
      return { ok: true as const };
    }),

  reply: protectedProcedure
    // The browser's id for this reply: sending it again (after a timeout) stores and sends it once.
    // `fileIds`: files uploaded for this dialog (POST /api/files); with any, the text may be empty.
    .input(
      z
        .object({
          dialogId: dialogIdSchema,
          text: messageBodySchema,
          clientMessageId: z.uuid('clientMessageId: must be a UUID').optional(),
          fileIds: z.array(fileIdSchema).max(MAX_FILES_PER_MESSAGE, englishErrorText('dialog.tooManyFiles', { max: String(MAX_FILES_PER_MESSAGE) })).optional(),
        })
        .refine((input) => !lacksContent(input.text, input.fileIds?.length ?? 0), { path: ['text'], message: EMPTY_MESSAGE }),
    )
    .output(z.object({ messageId: z.number() }))
    .mutation(({ ctx, input }) => replyToDialog(ctx, ctx.user, input)),

  /** The channel's approved template, when its reply window (WhatsApp: 24 h) is closed. */
  sendTemplate: protectedProcedure
    .input(z.object({ dialogId: dialogIdSchema, clientMessageId: z.uuid('clientMessageId: must be a UUID').optional() }))
    .output(z.object({ messageId: z.number() }))
    .mutation(({ ctx, input }) => sendReplyWindowTemplate(ctx, ctx.user, input)),

  /** An internal note: hidden from the client, allowed to anyone who may see the dialog (closed too). */
  addNote: protectedProcedure
    .input(z.object({ dialogId: dialogIdSchema, text: messageTextSchema }))
    .output(z.object({ messageId: z.number() }))
    .mutation(({ ctx, input }) => addDialogNote(ctx, ctx.user, input)),

  /** The operator is typing a reply: a live event for the client's widget, never stored. */
  typing: protectedProcedure
    .input(byId)
    .output(z.object({ published: z.boolean() }))
    .mutation(({ ctx, input }) => publishOperatorTyping(ctx, ctx.user, input.dialogId)),

  close: protectedProcedure
    .input(byId)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await closeDialog(ctx, ctx.user, input.dialogId);
      return { ok: true as const };
    }),

  /** To another operator or another line's queue; the comment is seen by staff only. */
  transfer: protectedProcedure
    .input(z.object({ dialogId: dialogIdSchema, to: transferTargetSchema, comment: z.string().trim().max(1000, englishErrorText('field.maxChars', { max: '1000' })).optional() }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await transferDialog(ctx, ctx.user, input);
      return { ok: true as const };
    }),

  /** Operators and lines a dialog can be transferred to (any signed-in user may transfer their own). */
  transferTargets: protectedProcedure
    .input(z.object({ timeZone: z.string().refine(isKnownTimeZone, englishErrorText('field.timeZone')).optional() }).optional())
    .output(transferTargetsSchema)
    .query(({ ctx, input }) => listTransferTargets(ctx, { timeZone: input?.timeZone })),

  invite: protectedProcedure
    .input(z.object({ dialogId: dialogIdSchema, userId: userIdSchema }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await inviteToDialog(ctx, ctx.user, input);
      return { ok: true as const };
    }),

  /** Supervisors only: intercept another operator's (or the queue's) dialog. */
  takeOver: protectedProcedure
    .input(byId)
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await takeOverDialog(ctx, ctx.user, input.dialogId);
      return { ok: true as const };
    }),

  pin: protectedProcedure
    .input(z.object({ dialogId: dialogIdSchema, pinned: z.boolean({ error: englishErrorText('field.trueOrFalse') }) }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await pinDialog(ctx, ctx.user, input);
      return { ok: true as const };
    }),

  /** Mark as spam and close; `blockContact` also ignores the contact's next messages. */
  spam: protectedProcedure
    .input(z.object({ dialogId: dialogIdSchema, blockContact: z.boolean({ error: englishErrorText('field.trueOrFalse') }) }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await markDialogSpam(ctx, ctx.user, input);
      return { ok: true as const };
    }),

  /** Admins and directors: their own 1–5 rating and comment, on open or closed dialogs. */
  rateAsSupervisor: protectedProcedure
    .input(z.object({ dialogId: dialogIdSchema, rating: supervisorRatingSchema, comment: z.string().trim().max(2000, englishErrorText('field.maxChars', { max: '2000' })).optional() }))
    .output(ok)
    .mutation(async ({ ctx, input }) => {
      await rateDialogAsSupervisor(ctx, ctx.user, input);
      return { ok: true as const };
    }),
});
