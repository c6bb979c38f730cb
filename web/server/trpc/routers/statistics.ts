import { z } from 'zod';
import { channelKindSchema } from '../../../../domain/channels';
import { statisticsFiltersSchema } from '../../../../domain/statistics';
import { getStatisticsDashboard, getStatisticsFilterOptions, scopedFilters } from '../../services/statistics';
import { createTRPCRouter, protectedProcedure } from '../init';

const seconds = z.number().nullable();
const figuresSchema = z.object({
  dialogs: z.number(),
  missed: z.number(),
  firstAnswerMedian: seconds,
  firstAnswerP90: seconds,
  furtherAnswerMedian: seconds,
  furtherAnswerP90: seconds,
  resolutionMedian: seconds,
  resolutionP90: seconds,
  rated: z.number(),
  good: z.number(),
  averageRating: z.number().nullable(),
  supervisorRated: z.number(),
  supervisorAverage: z.number().nullable(),
  leads: z.number(),
  kpiViolations: z.number(),
});

export const statisticsDashboardSchema = z.object({
  total: figuresSchema,
  days: z.array(figuresSchema.extend({ day: z.string() })),
  lines: z.array(figuresSchema.extend({ id: z.number(), name: z.string() })),
  channels: z.array(figuresSchema.extend({ id: z.number(), name: z.string(), kind: z.string() })),
  operators: z.array(figuresSchema.extend({ id: z.string().nullable(), name: z.string().nullable() })),
  load: z.array(z.array(z.object({ weekday: z.number(), hour: z.number(), dialogs: z.number() }))),
  presence: z.object({
    timeZone: z.string(),
    operators: z.array(z.object({ id: z.string(), name: z.string(), onlineSeconds: z.number(), workingSeconds: z.number() })),
  }),
});

/** SPEC §8: the director's dashboard (admins and directors: everything) and an operator's own ("My statistics"). */
export const statisticsRouter = createTRPCRouter({
  dashboard: protectedProcedure
    .input(statisticsFiltersSchema.and(z.object({ own: z.boolean().default(false) })))
    .output(statisticsDashboardSchema)
    .query(({ ctx, input: { own, ...filters } }) => getStatisticsDashboard(ctx, scopedFilters(ctx.user, filters, own))),

  filterOptions: protectedProcedure
    .output(
      z.object({
        lines: z.array(z.object({ id: z.number(), name: z.string(), timeZone: z.string() })),
        channels: z.array(z.object({ id: z.number(), lineId: z.number(), name: z.string(), kind: channelKindSchema })),
        operators: z.array(z.object({ id: z.string(), name: z.string() })),
      }),
    )
    .query(({ ctx }) => getStatisticsFilterOptions(ctx, ctx.user)),
});
