import { z } from 'zod';
import { MAX_MESSAGE_LENGTH } from '../../domain/dialog';

/**
 * The connector API's JSON bodies (docs/connector-api.openapi.yaml says the same for outside
 * readers; test/channels/custom-openapi.test.ts keeps the two in step).
 */

/** Base64 of at most 10 MiB of file: a file is sent inline, so nothing is fetched from an outside URL. */
const MAX_ATTACHMENT_BASE64_LENGTH = Math.ceil((10 * 1024 * 1024) / 3) * 4;

const inboundAttachmentSchema = z.object({
  name: z.string().trim().min(1, 'must not be empty').max(255),
  mimeType: z.string().trim().min(1, 'must not be empty, e.g. image/png').max(255),
  data: z.base64('must be the file’s bytes in base64').max(MAX_ATTACHMENT_BASE64_LENGTH, 'must be at most 10 MiB of file'),
});

const senderSchema = z.object(
  {
    /** Your system's id of the client: their messages join one dialog, and replies go to this id. */
    id: z.string().min(1, 'must not be empty').max(200),
    name: z.string().trim().max(200).optional(),
    email: z.email('must be an e-mail address').optional(),
    phone: z.string().trim().max(40).optional(),
  },
  'must be the client as {"id": "<your id of the client>", "name"?: "…"}',
);

const inboundMessageSchema = z
  .object({
    /** Your system's id of the message: a re-delivery with the same id is stored once. */
    id: z.string().min(1, 'must not be empty').max(200),
    sender: senderSchema,
    text: z.string().trim().max(MAX_MESSAGE_LENGTH, `must be at most ${MAX_MESSAGE_LENGTH} characters`).default(''),
    attachments: z.array(inboundAttachmentSchema).max(10, 'at most 10 files a message').default([]),
  })
  .refine((message) => message.text !== '' || message.attachments.length > 0, { error: 'a message needs a text or attachments', path: ['text'] });

const receiptSchema = z.object({
  /** The id the message had in the outbound request (or the id your webhook answered with). */
  messageId: z.string().min(1, 'must not be empty').max(200),
  status: z.enum(['delivered', 'read', 'failed'], 'must be delivered, read or failed'),
  error: z.string().max(1000).optional(),
});

export const inboundPayloadSchema = z
  .object({
    messages: z.array(inboundMessageSchema).max(100, 'at most 100 messages a request').default([]),
    receipts: z.array(receiptSchema).max(100, 'at most 100 receipts a request').default([]),
  })
  .refine((payload) => payload.messages.length + payload.receipts.length > 0, { error: 'send at least one message or receipt', path: ['messages'] });
export type InboundPayload = z.output<typeof inboundPayloadSchema>;

/** POSTed to the connector's webhook URL. */
export interface OutboundMessageEvent {
  event: 'message';
  /** The channel's key, as in its webhook URL. */
  channel: string;
  message: {
    /** Our id of the message: receipts name it unless your webhook answers with its own id. */
    id: string;
    dialogId: number;
    recipient: { id: string };
    text: string;
    author: { kind: 'operator' | 'bot' | 'system'; name?: string };
    buttons?: { id: string; label: string }[];
    ratingRequest?: { scale: 'like_dislike' | 'five_stars' };
    attachments?: { name: string; mimeType: string; size: number; url: string }[];
  };
}

/** POSTed by "Check connection" in the admin. */
export interface PingEvent {
  event: 'ping';
  channel: string;
}

/** What a webhook may answer a message with (any other 2xx body is fine too). */
export const sendResponseSchema = z.object({ id: z.string().min(1).max(200) });
