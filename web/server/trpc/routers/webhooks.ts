import { z } from 'zod';
import { webhookDeliveryStatusSchema, webhookEventTypeSchema, webhookSubscriptionInputSchema } from '../../../../domain/webhooks';
import {
  createSubscription,
  deleteSubscription,
  listSubscriptionDeliveries,
  listSubscriptions,
  redeliver,
  updateSubscription,
} from '../../services/webhooks';
import { adminProcedure, createTRPCRouter } from '../init';

const idSchema = z.number({ error: 'must be a webhook id' }).int().positive();

const subscriptionSchema = z.object({
  id: z.number(),
  url: z.string(),
  description: z.string(),
  events: z.array(webhookEventTypeSchema),
  active: z.boolean(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

const deliverySchema = z.object({
  id: z.number(),
  eventId: z.string(),
  type: webhookEventTypeSchema,
  dialogId: z.number().nullable(),
  status: webhookDeliveryStatusSchema,
  round: z.number(),
  attempts: z.array(
    z.object({
      id: z.number(),
      round: z.number(),
      at: z.date(),
      durationMs: z.number(),
      statusCode: z.number().nullable(),
      responseExcerpt: z.string().nullable(),
      error: z.string().nullable(),
    }),
  ),
  lastStatusCode: z.number().nullable(),
  lastError: z.string().nullable(),
  createdAt: z.date(),
  updatedAt: z.date(),
});

/** Admin → Webhooks (SPEC §9): subscriptions, the delivery log, "send again". */
export const webhooksRouter = createTRPCRouter({
  list: adminProcedure.output(z.array(subscriptionSchema)).query(({ ctx }) => listSubscriptions(ctx)),

  create: adminProcedure
    .input(webhookSubscriptionInputSchema)
    .output(z.object({ subscription: subscriptionSchema, secret: z.string() }))
    .mutation(({ ctx, input }) => createSubscription(ctx, ctx.user, input)),

  update: adminProcedure
    .input(webhookSubscriptionInputSchema.extend({ id: idSchema }))
    .output(subscriptionSchema)
    .mutation(({ ctx, input }) => updateSubscription(ctx, ctx.user, input)),

  delete: adminProcedure
    .input(z.object({ id: idSchema }))
    .output(z.object({ deleted: z.literal(true) }))
    .mutation(({ ctx, input }) => deleteSubscription(ctx, ctx.user, input.id)),

  deliveries: adminProcedure
    .input(z.object({ subscriptionId: idSchema, cursor: z.number().int().positive().nullish() }))
    .output(z.object({ deliveries: z.array(deliverySchema), nextCursor: z.number().nullable() }))
    .query(({ ctx, input }) => listSubscriptionDeliveries(ctx, input)),

  redeliver: adminProcedure
    .input(z.object({ subscriptionId: idSchema, deliveryId: z.number({ error: 'must be a delivery id' }).int().positive() }))
    .output(z.object({ queued: z.literal(true) }))
    .mutation(({ ctx, input }) => redeliver(ctx, ctx.user, input)),
});
