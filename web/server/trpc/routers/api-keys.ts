import { z } from 'zod';
import { apiScopeSchema, createApiKeySchema } from '../../../../domain/api-scopes';
import { createApiKey, listApiKeysForAdmin, revokeApiKeyById } from '../../services/api-keys';
import { adminProcedure, createTRPCRouter } from '../init';

const apiKeySchema = z.object({
  id: z.number(),
  name: z.string(),
  prefix: z.string(),
  scopes: z.array(apiScopeSchema),
  createdAt: z.date(),
  createdByName: z.string().nullable(),
  lastUsedAt: z.date().nullable(),
  revokedAt: z.date().nullable(),
});

/** Keys of the public REST API (SPEC §9), managed by admins only. */
export const apiKeysRouter = createTRPCRouter({
  list: adminProcedure.output(z.array(apiKeySchema)).query(({ ctx }) => listApiKeysForAdmin(ctx)),

  /** The token is in this answer only; the server keeps its hash. */
  create: adminProcedure
    .input(createApiKeySchema)
    .output(z.object({ key: apiKeySchema, token: z.string() }))
    .mutation(({ ctx, input }) => createApiKey(ctx, ctx.user, input)),

  revoke: adminProcedure
    .input(z.object({ keyId: z.number({ error: 'must be an API key id' }).int().positive() }))
    .output(z.object({ ok: z.literal(true) }))
    .mutation(async ({ ctx, input }) => {
      await revokeApiKeyById(ctx, ctx.user, input.keyId);
      return { ok: true as const };
    }),
});
