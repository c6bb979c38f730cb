import { z } from 'zod';
import { EMPTY_MESSAGE, lacksContent, messageBodySchema, withoutNullCharacters } from './dialog';

/**
 * The channel boundary. Every channel adapter (widget today; Telegram, WhatsApp, VK, e-mail and
 * custom connectors later) turns its own payload into an `InboundMessage` and delivers an
 * `OutboundMessage` within the channel's capabilities. The dialog workflow only sees these shapes.
 */
export const channelKindSchema = z.enum(['widget', 'telegram', 'whatsapp', 'vk', 'email', 'custom']);
export type ChannelKind = z.infer<typeof channelKindSchema>;

export const channelKindLabels: Record<ChannelKind, string> = {
  widget: 'Website chat',
  telegram: 'Telegram',
  whatsapp: 'WhatsApp',
  vk: 'VK',
  email: 'E-mail',
  custom: 'Connector',
};

export interface ChannelCapabilities {
  /** Native reply buttons (rating, bot choices); elsewhere the client answers with a word or number. */
  buttons: boolean;
  attachments: boolean;
  /** Hours after the client's last message during which the business may write (Meta channels). */
  replyWindowHours: number | null;
  /** Can an anonymous sender be written back to later (needed before creating a lead)? */
  reachableLater: boolean;
  /** The client reads our messages from this server (live stream and history): a message stored is a message delivered. */
  deliveredOnStore: boolean;
}

export const channelCapabilities = {
  widget: { buttons: true, attachments: true, replyWindowHours: null, reachableLater: false, deliveredOnStore: true },
  telegram: { buttons: true, attachments: true, replyWindowHours: null, reachableLater: true, deliveredOnStore: false },
  whatsapp: { buttons: true, attachments: true, replyWindowHours: 24, reachableLater: true, deliveredOnStore: false },
  vk: { buttons: true, attachments: true, replyWindowHours: null, reachableLater: true, deliveredOnStore: false },
  email: { buttons: false, attachments: true, replyWindowHours: null, reachableLater: true, deliveredOnStore: false },
  custom: { buttons: false, attachments: true, replyWindowHours: null, reachableLater: true, deliveredOnStore: false },
} as const satisfies Record<ChannelKind, ChannelCapabilities>;

export const channelKeySchema = z
  .string()
  .regex(/^[a-z0-9][a-z0-9-]{2,63}$/, 'must be 3–64 lowercase letters, digits or dashes');

/** The largest file a message may carry either way (messengers allow 20–100 MB; most send far less). */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** A file that came with a client's message; stored as a file of the dialog. */
export const inboundAttachmentSchema = z.object({
  name: z.string().trim().min(1).max(255),
  mimeType: z.string().min(1).max(255),
  data: z.instanceof(Uint8Array).refine((data) => data.byteLength <= MAX_ATTACHMENT_BYTES, `must be at most ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB`),
});
export type InboundAttachment = z.infer<typeof inboundAttachmentSchema>;

/** What every adapter hands to the inbound path, after validating its own payload. */
export const inboundMessageSchema = z
  .object({
  channelId: z.number().int().positive(),
  /** The channel's own id of this message; a re-delivery with the same id is stored once. */
  externalMessageId: z.string().min(1).max(200),
  sender: z.object({
    /** The sender's id inside the channel (widget visitor id, Telegram user id, e-mail address…). */
    externalId: z.string().min(1).max(200),
    name: z.string().trim().max(200).optional(),
    email: z.string().email().optional(),
    phone: z.string().max(40).optional(),
  }),
  /** May be empty when files came without a caption. */
  text: z.string().transform(withoutNullCharacters).pipe(messageBodySchema),
  attachments: z.array(inboundAttachmentSchema).max(10, 'at most 10 files per message').optional(),
  /** Channel threading keys of the message (e-mail Message-ID and References). */
  threadKeys: z.array(z.string().min(1).max(998)).max(100).optional(),
})
  .refine((message) => !lacksContent(message.text, message.attachments?.length ?? 0), { path: ['text'], message: EMPTY_MESSAGE });
export type InboundMessage = z.input<typeof inboundMessageSchema>;
export type ParsedInboundMessage = z.output<typeof inboundMessageSchema>;

export const replyButtonSchema = z.object({
  id: z.string().min(1).max(64),
  label: z.string().min(1).max(64),
});
export type ReplyButton = z.infer<typeof replyButtonSchema>;

/** Structured extras of a message, stored with it and rendered by channels that can. */
export const messageExtrasSchema = z.object({
  buttons: z.array(replyButtonSchema).max(10).optional(),
  /** Files a bot message links to (a flow's send-message node). */
  attachments: z
    .array(
      z.object({
        url: z.string(),
        name: z.string(),
        /** A stored file (db files table); absent for a flow's link to an outside URL. */
        fileId: z.number().int().positive().optional(),
        mimeType: z.string().optional(),
        size: z.number().int().nonnegative().optional(),
      }),
    )
    .max(10)
    .optional(),
  /** Marks the rating request so the widget can show its native rating control. */
  ratingRequest: z.object({ scale: z.enum(['like_dislike', 'five_stars']) }).optional(),
});
export type MessageExtras = z.infer<typeof messageExtrasSchema>;
