import type { Channel, Message } from '../../db/types';

/** What a channel adapter needs to send one message to one client. */
export interface OutboundDelivery {
  channel: Channel;
  /** The client's id inside the channel (widget visitor id, Telegram chat id…). */
  recipientExternalId: string;
  message: Pick<Message, 'id' | 'text' | 'extras' | 'author_kind'>;
}

/**
 * One per channel kind. `deliver` throws to have Temporal retry with back-off; it throws
 * ApplicationFailure.nonRetryable for permanent failures, which the operator then sees on the message.
 * A message already delivered is never handed over again; an adapter whose channel deduplicates
 * sends passes `message.id` as the channel's idempotency key, so a retry after a lost answer sends once.
 */
export interface OutboundAdapter {
  deliver(delivery: OutboundDelivery): Promise<void>;
}
