import { z } from 'zod';
import { channelKindSchema } from '../../../../domain/channels';
import { checkConnection, createChannel, listLineChannels, removeChannel, setEnabled, updateChannel, type ChannelDeps } from '../../services/channels';
import { adminProcedure, createTRPCRouter, type AppContext } from '../init';
import { englishErrorText } from '../../../../domain/error-messages';

const lineIdSchema = z.number({ error: englishErrorText('field.lineId') }).int().positive();
const channelIdSchema = z.number({ error: englishErrorText('field.channelId') }).int().positive();
const channelNameSchema = z.string({ error: englishErrorText('field.text') }).trim().min(1, englishErrorText('field.notEmpty')).max(200, englishErrorText('field.maxChars', { max: '200' }));
/** The kind's own form schema validates the values (in the service), naming each field. */
const settingsInputSchema = z.record(z.string(), z.unknown(), { error: englishErrorText('channels.settingsObject') }).default({});

const channelViewSchema = z.object({
  id: z.number(),
  lineId: z.number(),
  kind: channelKindSchema,
  key: z.string(),
  name: z.string(),
  enabled: z.boolean(),
  webhookUrl: z.string().nullable(),
  widgetUrl: z.string().nullable(),
  embedSnippet: z.string().nullable(),
  settings: z.record(z.string(), z.unknown()),
  maskedSecrets: z.record(z.string(), z.string()),
  secretsProblem: z.string().nullable(),
  lastInboundAt: z.date().nullable(),
  lastError: z.string().nullable(),
  lastErrorAt: z.date().nullable(),
});

const connectionCheckSchema = z.discriminatedUnion('ok', [z.object({ ok: z.literal(true), detail: z.string() }), z.object({ ok: z.literal(false), error: z.string() })]);

function channelDeps(ctx: AppContext): ChannelDeps {
  return { db: ctx.db, publicUrl: ctx.publicUrl, appSecret: ctx.appSecret, clientAddress: ctx.clientAddress };
}

export const channelsRouter = createTRPCRouter({
  list: adminProcedure
    .input(z.object({ lineId: lineIdSchema }))
    .output(z.array(channelViewSchema))
    .query(({ ctx, input }) => listLineChannels(channelDeps(ctx), input.lineId)),

  create: adminProcedure
    .input(z.object({ lineId: lineIdSchema, kind: channelKindSchema, name: channelNameSchema, settings: settingsInputSchema }))
    .output(channelViewSchema)
    .mutation(({ ctx, input }) => createChannel(channelDeps(ctx), ctx.user, input)),

  update: adminProcedure
    .input(z.object({ channelId: channelIdSchema, name: channelNameSchema, settings: settingsInputSchema }))
    .output(channelViewSchema)
    .mutation(({ ctx, input }) => updateChannel(channelDeps(ctx), ctx.user, input)),

  setEnabled: adminProcedure
    .input(z.object({ channelId: channelIdSchema, enabled: z.boolean({ error: englishErrorText('field.trueOrFalse') }) }))
    .output(channelViewSchema)
    .mutation(({ ctx, input }) => setEnabled(channelDeps(ctx), ctx.user, input)),

  remove: adminProcedure
    .input(z.object({ channelId: channelIdSchema }))
    .output(z.object({ removed: z.literal(true) }))
    .mutation(({ ctx, input }) => removeChannel(ctx, ctx.user, input.channelId)),

  checkConnection: adminProcedure
    .input(z.object({ channelId: channelIdSchema }))
    .output(connectionCheckSchema)
    .mutation(({ ctx, input }) => checkConnection(channelDeps(ctx), input.channelId)),
});
