import { z } from 'zod';
import { auditActorKindSchema, auditFilterSchema } from '../../../../domain/audit';
import { listAuditLog } from '../../services/audit';
import { adminProcedure, createTRPCRouter } from '../init';

const jsonObject = z.record(z.string(), z.unknown()).nullable();

/** Admin → Audit log (SPEC §9): read only; entries are written by the services that make the changes. */
export const auditRouter = createTRPCRouter({
  list: adminProcedure
    .input(auditFilterSchema)
    .output(
      z.object({
        entries: z.array(
          z.object({
            id: z.number(),
            at: z.date(),
            actor: z.object({ kind: auditActorKindSchema, id: z.string(), name: z.string().nullable() }),
            action: z.string(),
            subjectType: z.string(),
            subjectId: z.string(),
            before: jsonObject,
            after: jsonObject,
            ip: z.string().nullable(),
          }),
        ),
        nextCursor: z.number().nullable(),
      }),
    )
    .query(({ ctx, input }) => listAuditLog(ctx, input)),
});
