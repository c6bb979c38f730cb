import type { ChannelCapabilities, ChannelKind, InboundAttachment, InboundMessage, ReplyButton } from '../domain/channels';
import type { Database } from '../db/client';
import type { ChannelSettingsForm } from './settings-form';

/**
 * The one boundary every channel kind sits behind (SPEC §7). A kind is one folder under channels/
 * exporting a `Connector`, listed in channels/registry.ts; nothing else in the product knows a
 * channel's wire format. The product hands a connector a channel with its settings decrypted, and
 * takes back plain inbound messages, delivery receipts and external message ids.
 */
export interface Connector<Settings = unknown> {
  kind: ChannelKind;
  /** The channel's settings as the admin enters them (channels/<kind>/settings.ts, client-safe). */
  settings: ChannelSettingsForm<Settings>;
  capabilities: ChannelCapabilities;
  /**
   * A delivery to the channel's webhook URL (`/api/channels/{key}/webhook`). Checks the channel's
   * own signature or secret first: throw `WebhookRejected(401, …)` for a forged or unsigned one and
   * `WebhookRejected(400, …)` for a malformed payload; nothing is stored then. Handshakes (Meta's
   * verify token, VK's confirmation code) answer through `response` with no messages.
   */
  handleWebhook?(channel: ConnectedChannel<Settings>, request: WebhookRequest, context: ConnectorContext): Promise<WebhookOutcome>;
  /**
   * Fetches what arrived since `cursor` for channels read by polling (Telegram without a public
   * URL, IMAP). Run by one poller per channel in the worker; may wait up to `waitMs` for news
   * (long polling, IMAP IDLE) and must return promptly when `signal` aborts.
   */
  poll?(channel: ConnectedChannel<Settings>, options: PollOptions): Promise<PollOutcome>;
  /** Whether this channel is read by `poll` (e.g. Telegram set to long polling); webhook otherwise. */
  polls?(settings: Settings): boolean;
  /**
   * Sends one stored message to the client and returns the channel's id for it. Throw
   * `PermanentSendFailure` for what a retry cannot fix (blocked by the user, bad token, outside the
   * reply window); any other error is retried with back-off. `idempotencyKey` is stable across
   * retries: channels that deduplicate sends get it.
   */
  send(channel: ConnectedChannel<Settings>, message: OutboundMessage, context: SendContext): Promise<SendResult>;
  /** "Check connection" in the admin: a cheap authenticated call (getMe, a login, a HEAD). */
  checkConnection(channel: ConnectedChannel<Settings>, context: SendContext): Promise<ConnectionCheck>;
}

/** A channel as its connector sees it: settings validated and decrypted. */
export interface ConnectedChannel<Settings = unknown> {
  id: number;
  lineId: number;
  key: string;
  name: string;
  settings: Settings;
  /** Public base URL of this server (PUBLIC_URL), for webhook URLs and links to files. */
  publicUrl: string;
}

export interface WebhookRequest {
  method: string;
  url: URL;
  headers: Headers;
  /** The body exactly as received (signatures are computed over the raw bytes). */
  rawBody: Uint8Array;
}

export interface WebhookOutcome {
  /** What the channel expects back (VK wants "ok", Meta echoes hub.challenge); 200 with no body when absent. */
  response?: { status: number; body?: string; contentType?: string };
  messages: InboundDelivery[];
  receipts: DeliveryReceipt[];
}

export interface PollOptions {
  /** Outbound HTTP (guarded like SendContext.fetch). */
  fetch: typeof fetch;
  cursor: string | null;
  waitMs: number;
  signal: AbortSignal;
}

export interface PollOutcome {
  messages: InboundDelivery[];
  receipts: DeliveryReceipt[];
  /** Where the next poll starts; stored only after the messages are stored. */
  cursor: string | null;
}

/**
 * A client message as a connector parsed it (text, files, threading keys); the product adds the
 * channel id and stores it once, keyed by `externalMessageId`.
 */
export type InboundDelivery = Omit<InboundMessage, 'channelId'> & {
  /** An auto-reply or bounce (e-mail): stored nowhere, opens no dialog. */
  automated?: boolean;
};

export type { InboundAttachment };

export interface DeliveryReceipt {
  /** The id `send` returned for the message. */
  externalMessageId: string;
  status: 'delivered' | 'read' | 'failed';
  error?: string;
}

/** One outgoing message: an operator's reply or an automatic one (greeting, bot step, rating request). */
export interface OutboundMessage {
  messageId: number;
  dialogId: number;
  idempotencyKey: string;
  /** The client's id in the channel (Telegram chat id, e-mail address, WhatsApp phone…). */
  recipientExternalId: string;
  text: string;
  /** Bot choices or rating answers; connectors without buttons get them as text from the product. */
  buttons?: ReplyButton[];
  attachments?: OutboundAttachment[];
  /** Present on the rating request. */
  ratingRequest?: { scale: 'like_dislike' | 'five_stars' };
  authorKind: 'operator' | 'bot' | 'system';
  /** The operator's display name, when an operator wrote it. */
  authorName?: string;
}

export interface OutboundAttachment {
  name: string;
  mimeType: string;
  size: number;
  /** A public, signed, expiring URL of the file (for channels that fetch media by URL). */
  url: string;
  read(): Promise<Uint8Array>;
}

export interface ConnectorContext {
  /**
   * Outbound HTTP; connectors use no other. In the product it checks every hop against internal
   * addresses (outbound/guarded-fetch.ts, HTTP_ALLOWED_INTERNAL_HOSTS), as admins type the URLs.
   */
  fetch: typeof fetch;
}

export interface SendContext extends ConnectorContext {
  db: Database;
  signal?: AbortSignal;
}

export interface SendResult {
  externalMessageId: string;
  /** Threading data to keep with the sent message (e-mail Message-ID). */
  threadKeys?: string[];
}

export type ConnectionCheck = { ok: true; detail: string } | { ok: false; error: string };

/** A webhook delivery refused before anything is stored. */
export class WebhookRejected extends Error {
  constructor(
    readonly status: 400 | 401 | 403 | 404,
    message: string,
  ) {
    super(message);
    this.name = 'WebhookRejected';
  }
}

/** A send that retrying cannot fix; the operator sees the reason on the message. */
export class PermanentSendFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PermanentSendFailure';
  }
}
