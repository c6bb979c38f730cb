import { z } from 'zod';
import { inboxTabs } from '../../../../db/queries/inbox';
import { getInboxCounts, listInbox } from '../../services/inbox';
import { createTRPCRouter, protectedProcedure } from '../init';
import { inboxItemSchema } from './schemas';
import { englishErrorText } from '../../../../domain/error-messages';

export const inboxRouter = createTRPCRouter({
  list: protectedProcedure
    .input(
      z.object({
        tab: z.enum(inboxTabs, { error: englishErrorText('field.oneOfList', { options: 'waiting, mine, queue, all' }) }),
        cursor: z.string().max(500).nullish(),
        limit: z.number().int().min(1).max(100).default(50),
      }),
    )
    .output(z.object({ items: z.array(inboxItemSchema), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => listInbox(ctx, ctx.user, { tab: input.tab, cursor: input.cursor ?? null, limit: input.limit })),

  counts: protectedProcedure
    .output(z.object({ waiting: z.number(), mine: z.number(), queue: z.number(), offeredToMe: z.number(), allOpen: z.number().nullable() }))
    .query(({ ctx }) => getInboxCounts(ctx, ctx.user)),
});
