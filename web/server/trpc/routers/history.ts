import { z } from 'zod';
import { authorKindSchema, dialogStatusSchema } from '../../../../domain/dialog';
import { historyFiltersSchema, historySorts, timeZoneSchema } from '../../../../domain/dialog-search';
import { historyFilterOptions, searchHistory } from '../../services/history';
import { createTRPCRouter, protectedProcedure } from '../init';
import { englishErrorText } from '../../../../domain/error-messages';

const historyItemSchema = z.object({
  id: z.number(),
  status: dialogStatusSchema,
  line: z.object({ id: z.number(), name: z.string() }),
  channelKind: z.string(),
  contact: z.object({ id: z.number(), label: z.string() }),
  operator: z.object({ id: z.string(), name: z.string() }).nullable(),
  rating: z.string().nullable(),
  missed: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
  closedAt: z.date().nullable(),
  excerpt: z.object({ text: z.string(), authorKind: authorKindSchema, at: z.date() }).nullable(),
});

export const historyRouter = createTRPCRouter({
  search: protectedProcedure
    .input(
      z.object({
        filters: historyFiltersSchema.default({}),
        timeZone: timeZoneSchema.default('UTC'),
        sort: z.enum(historySorts, { error: englishErrorText('field.oneOfList', { options: 'newest, oldest, activity' }) }).default('newest'),
        cursor: z.string().max(500).nullish(),
        limit: z.number().int().min(1).max(100).default(30),
      }),
    )
    .output(z.object({ items: z.array(historyItemSchema), nextCursor: z.string().nullable() }))
    .query(({ ctx, input }) => searchHistory(ctx, ctx.user, { ...input, cursor: input.cursor ?? null })),

  filterOptions: protectedProcedure
    .output(z.object({ lines: z.array(z.object({ id: z.number(), name: z.string() })), operators: z.array(z.object({ id: z.string(), name: z.string() })) }))
    .query(({ ctx }) => historyFilterOptions(ctx, ctx.user)),
});
