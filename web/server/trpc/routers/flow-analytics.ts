import { z } from 'zod';
import { statisticsFiltersSchema } from '../../../../domain/statistics';
import { getFlowAnalytics } from '../../services/flow-analytics';
import { adminProcedure, createTRPCRouter } from '../init';

/** Flow analytics on the canvas (issue 12): admins, who edit flows. */
export const flowAnalyticsRouter = createTRPCRouter({
  version: adminProcedure
    .input(
      statisticsFiltersSchema.and(
        z.object({ flowId: z.number({ error: 'must be a flow id' }).int().positive(), version: z.number({ error: 'must be a version number' }).int().positive() }),
      ),
    )
    .output(
      z.object({
        timeZone: z.string(),
        nodes: z.array(z.object({ nodeId: z.string(), reached: z.number(), left: z.record(z.string(), z.number()), stopped: z.number(), dropOff: z.number().nullable() })),
        edges: z.array(z.object({ edgeId: z.string(), dialogs: z.number() })),
      }),
    )
    .query(({ ctx, input }) => getFlowAnalytics(ctx, input)),
});
