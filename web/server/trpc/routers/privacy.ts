import { z } from 'zod';
import { eraseContactData } from '../../services/privacy';
import { createTRPCRouter, supervisorProcedure } from '../init';
import { dialogIdSchema } from './schemas';

/**
 * Erase of a client's data on request (SPEC §9): admins and directors, from the contact card of one
 * of the client's dialogs. The export is a download: GET /api/dialogs/{dialogId}/contact-export.
 */
export const privacyRouter = createTRPCRouter({
  eraseContact: supervisorProcedure
    .input(z.object({ dialogId: dialogIdSchema, confirmation: z.string().max(500) }))
    .output(
      z.object({
        contactId: z.number(),
        dialogs: z.number(),
        messages: z.number(),
        files: z.number(),
        identities: z.number(),
        leads: z.number(),
        workflowHistories: z.number(),
      }),
    )
    .mutation(({ ctx, input }) => eraseContactData(ctx, ctx.user, input)),
});
