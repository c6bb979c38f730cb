import { AppError } from '../domain/errors';
import { applyDeliveryReceipt } from '../db/queries/message-delivery';
import { markChannelInbound } from '../db/queries/channel-state';
import type { DeliveryReceipt, InboundDelivery } from './connector';
import { receiveInboundMessage, type InboundDeps, type InboundResult } from './inbound';

export interface ChannelNews {
  messages: InboundDelivery[];
  receipts: DeliveryReceipt[];
}

export interface ReceivedNews {
  stored: InboundResult[];
  /** Auto-replies and bounces, which open no dialog. */
  skipped: number;
  receiptsApplied: number;
}

/**
 * What a connector brought in from a webhook delivery or a poll, into the product: each client
 * message through the one inbound path (stored once, in order), automated mail left out, and
 * delivery receipts applied to the messages we sent. A message the inbound path refuses (bad
 * input) stops the batch with its error naming the field, after what came before it was stored;
 * the channel's re-delivery stores the rest once.
 */
export async function receiveChannelNews(deps: InboundDeps, channelId: number, news: ChannelNews): Promise<ReceivedNews> {
  const stored: InboundResult[] = [];
  let skipped = 0;
  for (const [index, delivery] of news.messages.entries()) {
    if (delivery.automated) {
      skipped++;
      continue;
    }
    const { automated: _automated, ...message } = delivery;
    try {
      stored.push(await receiveInboundMessage(deps, { ...message, channelId }));
    } catch (error) {
      if (error instanceof AppError || isZodError(error)) throw new AppError('BAD_REQUEST', `messages[${index}]: ${describe(error)}`, `messages.${index}`);
      throw error;
    }
  }
  if (stored.length > 0) await markChannelInbound(deps.db, channelId, new Date());
  let receiptsApplied = 0;
  for (const receipt of news.receipts) {
    if (await applyDeliveryReceipt(deps.db, channelId, receipt)) receiptsApplied++;
  }
  return { stored, skipped, receiptsApplied };
}

function isZodError(error: unknown): error is { issues: { path: PropertyKey[]; message: string }[] } {
  return typeof error === 'object' && error !== null && Array.isArray((error as { issues?: unknown }).issues);
}

function describe(error: unknown): string {
  if (isZodError(error)) return error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ');
  return error instanceof Error ? error.message : String(error);
}
