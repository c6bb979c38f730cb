import { z } from 'zod';
import { flowDocumentSchema, flowKindSchema, httpRequestNodeSchema } from '../../../../domain/flows/document';
import { flowProblemSchema } from '../../../../domain/flows/validate';
import { performHttpRequest } from '../../../../outbound/http-request';
import { exportFlow, importFlow } from '../../services/flow-files';
import {
  createFlow,
  deleteFlow,
  getFlowDraft,
  getVersion,
  listFlowsForAdmin,
  listPublished,
  listVersions,
  publishFlow,
  rollbackFlow,
  saveFlowDraft,
  validateFlowDocument,
} from '../../services/flows';
import { adminProcedure, createTRPCRouter } from '../init';
import { englishErrorText } from '../../../../domain/error-messages';

const flowIdSchema = z.number({ error: englishErrorText('field.flowId') }).int().positive(englishErrorText('field.flowId'));
const versionSchema = z.number({ error: englishErrorText('field.versionNumber') }).int().positive(englishErrorText('field.versionNumber'));
const flowNameSchema = z.string().trim().min(1, englishErrorText('field.notEmpty')).max(120, englishErrorText('field.maxChars', { max: '120' }));

const problemsSchema = z.array(flowProblemSchema);

/**
 * SPEC §6 flows, configured by admins only (SPEC §2): drafts, publishing, versions, pickers, import,
 * export and the simulator. Directors get none of it, published versions included: HTTP request
 * nodes carry integration secrets (header values, credentials in URLs). Documents arrive as `unknown` and are parsed by the
 * service, so a structural error names its path and node (`document.nodes[2].text … (node "ask")`).
 */
export const flowsRouter = createTRPCRouter({
  list: adminProcedure
    .output(
      z.array(
        z.object({
          id: z.number(),
          name: z.string(),
          kind: flowKindSchema,
          updatedAt: z.date(),
          publishedVersion: z.number().nullable(),
          publishedAt: z.date().nullable(),
          usedByLines: z.array(z.object({ id: z.number(), name: z.string() })),
        }),
      ),
    )
    .query(({ ctx }) => listFlowsForAdmin(ctx)),

  create: adminProcedure
    .input(z.object({ name: flowNameSchema, kind: flowKindSchema }))
    .output(z.object({ id: z.number() }))
    .mutation(({ ctx, input }) => createFlow(ctx, ctx.user, input)),

  get: adminProcedure
    .input(z.object({ flowId: flowIdSchema }))
    .output(z.object({ id: z.number(), name: z.string(), kind: flowKindSchema, draft: flowDocumentSchema, problems: problemsSchema, publishedVersion: z.number().nullable() }))
    .query(({ ctx, input }) => getFlowDraft(ctx, input.flowId)),

  saveDraft: adminProcedure
    .input(z.object({ flowId: flowIdSchema, name: flowNameSchema.optional(), document: z.unknown() }))
    .output(z.object({ problems: problemsSchema, savedAt: z.date() }))
    .mutation(({ ctx, input }) => saveFlowDraft(ctx, ctx.user, input)),

  validate: adminProcedure
    .input(z.object({ document: z.unknown(), flowId: flowIdSchema.optional() }))
    .output(z.object({ problems: problemsSchema }))
    // A mutation, not a query: a whole document would not fit in a GET URL. It changes nothing.
    .mutation(({ ctx, input }) => validateFlowDocument(ctx, input)),

  publish: adminProcedure
    .input(z.object({ flowId: flowIdSchema }))
    .output(z.object({ version: z.number() }))
    .mutation(({ ctx, input }) => publishFlow(ctx, ctx.user, input.flowId)),

  versions: adminProcedure
    .input(z.object({ flowId: flowIdSchema }))
    .output(z.array(z.object({ version: z.number(), publishedAt: z.date(), publishedByName: z.string().nullable() })))
    .query(({ ctx, input }) => listVersions(ctx, input.flowId)),

  getVersion: adminProcedure
    .input(z.object({ flowId: flowIdSchema, version: versionSchema }))
    .output(flowDocumentSchema)
    .query(({ ctx, input }) => getVersion(ctx, input)),

  rollback: adminProcedure
    .input(z.object({ flowId: flowIdSchema, version: versionSchema }))
    .output(z.object({ version: z.number() }))
    .mutation(({ ctx, input }) => rollbackFlow(ctx, ctx.user, input)),

  exportJson: adminProcedure
    .input(z.object({ flowId: flowIdSchema }))
    .output(z.object({ fileName: z.string(), json: z.string() }))
    .query(({ ctx, input }) => exportFlow(ctx, input.flowId)),

  importJson: adminProcedure
    .input(z.object({ flowId: flowIdSchema, json: z.string().max(5_000_000, englishErrorText('field.atMostMegabytes', { max: '5' })) }))
    .output(z.object({ problems: problemsSchema }))
    .mutation(({ ctx, input }) => importFlow(ctx, ctx.user, input)),

  delete: adminProcedure
    .input(z.object({ flowId: flowIdSchema }))
    .output(z.object({ deleted: z.literal(true) }))
    .mutation(({ ctx, input }) => deleteFlow(ctx, ctx.user, input.flowId)),

  /** Published flows of one kind, for pickers (line settings, run-bot and jump nodes). */
  published: adminProcedure
    .input(z.object({ kind: flowKindSchema }))
    .output(z.array(z.object({ id: z.number(), name: z.string(), version: z.number() })))
    .query(({ ctx, input }) => listPublished(ctx, input.kind)),

  /** The simulator's HTTP request node, sent from the server (no CORS) exactly as a dialog would. */
  simulateHttp: adminProcedure
    .input(
      z.object({
        method: httpRequestNodeSchema.shape.method,
        url: z.string().min(1, englishErrorText('field.notEmpty')).max(2000),
        headers: z.record(z.string(), z.string()).default({}),
        body: z.string().max(10_000).default(''),
        timeoutSeconds: httpRequestNodeSchema.shape.timeoutSeconds,
      }),
    )
    .output(z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), status: z.number(), body: z.unknown() }), z.object({ ok: z.literal(false), error: z.string() })]))
    .mutation(async ({ ctx, input }) => {
      const result = await performHttpRequest({ kind: 'http_request', ...input }, { allowList: ctx.httpAllowList });
      if (result.kind !== 'http_response') throw new Error(`unexpected result ${result.kind}`);
      return result.ok ? { ok: true as const, status: result.status, body: result.body } : { ok: false as const, error: result.error };
    }),
});
