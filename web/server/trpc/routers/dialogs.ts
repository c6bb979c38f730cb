import { z } from 'zod';
import { messageTextSchema } from '../../../../domain/dialog';
import { addDialogNote, closeDialog, getDialogView, replyToDialog, skipDialog, takeDialog } from '../../services/dialogs';
import { createTRPCRouter, protectedProcedure } from '../init';
import { dialogIdSchema, dialogViewSchema } from './schemas';

const byId = z.object({ dialogId: dialogIdSchema });

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
    .input(z.object({ dialogId: dialogIdSchema, text: messageTextSchema }))
    .output(z.object({ messageId: z.number() }))
    .mutation(({ ctx, input }) => replyToDialog(ctx, ctx.user, input)),

  /** An internal note: hidden from the client, allowed to anyone who may see the dialog (closed too). */
  addNote: protectedProcedure
    .input(z.object({ dialogId: dialogIdSchema, text: messageTextSchema }))
    .output(z.object({ messageId: z.number() }))
    .mutation(({ ctx, input }) => addDialogNote(ctx, ctx.user, input)),

  close: protectedProcedure
    .input(byId)
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await closeDialog(ctx, ctx.user, input.dialogId);
      return { ok: true as const };
    }),
});
