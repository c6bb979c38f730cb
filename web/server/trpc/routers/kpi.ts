import { z } from 'zod';
import { kpiKindSchema } from '../../../../domain/kpi';
import { getKpiFilterOptions, getKpiViolations } from '../../services/kpi';
import { createTRPCRouter, supervisorProcedure } from '../init';

const namedSchema = z.object({ id: z.string(), name: z.string() });

const violationsInputSchema = z
  .object({
    lineId: z.number({ error: 'must be a line id' }).int().positive().optional(),
    operatorId: z.string().min(1, 'must be a user id').optional(),
    from: z.date({ error: 'must be a date' }).optional(),
    to: z.date({ error: 'must be a date' }).optional(),
    limit: z.number().int().min(1).max(500, 'must be at most 500; narrow the filters to see older ones').default(100),
  })
  .refine((input) => !input.from || !input.to || input.from < input.to, { path: ['to'], message: 'must be after "from"; swap the dates or widen the range' });

/** SPEC §8 "KPI violations": for admins and directors. */
export const kpiRouter = createTRPCRouter({
  violations: supervisorProcedure
    .input(violationsInputSchema)
    .output(
      z.object({
        items: z.array(
          z.object({
            id: z.number(),
            dialogId: z.number(),
            line: z.object({ id: z.number(), name: z.string() }),
            operator: namedSchema.nullable(),
            kind: kpiKindSchema,
            limitMinutes: z.number(),
            waitingSince: z.date(),
            detectedAt: z.date(),
          }),
        ),
        perOperator: z.array(z.object({ operator: namedSchema.nullable(), firstAnswer: z.number(), furtherAnswer: z.number(), total: z.number() })),
        total: z.number(),
      }),
    )
    .query(({ ctx, input }) => {
      const { limit, ...filters } = input;
      return getKpiViolations(ctx, filters, limit);
    }),

  filterOptions: supervisorProcedure
    .output(z.object({ lines: z.array(z.object({ id: z.number(), name: z.string() })), operators: z.array(namedSchema) }))
    .query(({ ctx }) => getKpiFilterOptions(ctx)),
});
