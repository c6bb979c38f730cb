import { createHmac } from 'node:crypto';
import { z } from 'zod';
import { WebhookRejected, type DeliveryReceipt, type InboundAttachment, type InboundDelivery, type WebhookOutcome, type WebhookRequest } from '../connector';
import { callGraph, downloadMedia } from './graph-api';
import type { WhatsappSettings } from './settings';
import { parseJsonBody, secretsMatch } from '../webhook-checks';

/**
 * Meta's webhook for the WhatsApp Cloud API: the GET verification handshake and signed POST
 * deliveries of messages and statuses (developers.facebook.com/docs/graph-api/webhooks,
 * …/whatsapp/cloud-api/webhooks/payload-examples).
 */

/** GET: Meta subscribes the URL by asking it to echo `hub.challenge` when `hub.verify_token` is ours; anything else is 403, as Meta's own sample answers. */
export function answerVerification(settings: WhatsappSettings, url: URL): WebhookOutcome {
  const params = url.searchParams;
  if (params.get('hub.mode') !== 'subscribe' || !secretsMatch(params.get('hub.verify_token') ?? '', settings.verifyToken)) {
    throw new WebhookRejected(403, 'hub.verify_token does not match this channel’s verify token (or hub.mode is not "subscribe")');
  }
  return { response: { status: 200, body: params.get('hub.challenge') ?? '', contentType: 'text/plain' }, messages: [], receipts: [] };
}

/** POST: `X-Hub-Signature-256: sha256=<hex HMAC-SHA256 of the raw body with the app secret>`. */
export function checkSignature(settings: WhatsappSettings, request: WebhookRequest): void {
  const header = request.headers.get('x-hub-signature-256');
  if (!header) throw new WebhookRejected(401, 'X-Hub-Signature-256 is missing: only Meta’s signed deliveries are accepted');
  const expected = `sha256=${createHmac('sha256', settings.appSecret).update(request.rawBody).digest('hex')}`;
  if (!secretsMatch(header, expected)) throw new WebhookRejected(401, 'X-Hub-Signature-256 does not match the body signed with this channel’s app secret');
}


const mediaSchema = z.object({ id: z.string(), mime_type: z.string().optional(), caption: z.string().optional(), filename: z.string().optional() });
const MEDIA_TYPES = ['image', 'document', 'audio', 'video', 'sticker'] as const;
type MediaType = (typeof MEDIA_TYPES)[number];

const messageSchema = z.object({
  from: z.string(),
  id: z.string(),
  timestamp: z.string().optional(),
  type: z.string(),
  text: z.object({ body: z.string() }).optional(),
  image: mediaSchema.optional(),
  document: mediaSchema.optional(),
  audio: mediaSchema.optional(),
  video: mediaSchema.optional(),
  sticker: mediaSchema.optional(),
  interactive: z
    .object({
      type: z.string(),
      button_reply: z.object({ id: z.string(), title: z.string() }).optional(),
      list_reply: z.object({ id: z.string(), title: z.string() }).optional(),
    })
    .optional(),
  button: z.object({ text: z.string(), payload: z.string().optional() }).optional(),
  location: z.object({ latitude: z.number(), longitude: z.number(), name: z.string().optional(), address: z.string().optional() }).optional(),
});
type WhatsappMessage = z.infer<typeof messageSchema>;

const statusSchema = z.object({
  id: z.string(),
  status: z.string(),
  recipient_id: z.string().optional(),
  errors: z.array(z.object({ code: z.number().optional(), title: z.string().optional(), message: z.string().optional() })).optional(),
});

const payloadSchema = z.object({
  object: z.string(),
  entry: z.array(
    z.object({
      id: z.string().optional(),
      changes: z.array(
        z.object({
          field: z.string(),
          value: z.object({
            messaging_product: z.string().optional(),
            metadata: z.object({ phone_number_id: z.string() }).optional(),
            contacts: z.array(z.object({ wa_id: z.string(), profile: z.object({ name: z.string().optional() }).optional() })).optional(),
            messages: z.array(messageSchema).optional(),
            statuses: z.array(statusSchema).optional(),
          }),
        }),
      ),
    }),
  ),
});

export function parsePayload(rawBody: Uint8Array): z.infer<typeof payloadSchema> {
  const json = parseJsonBody(rawBody);
  const parsed = payloadSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new WebhookRejected(400, `not a WhatsApp webhook payload: ${issue?.path.join('.') || 'body'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** Messages and statuses addressed to this channel's phone number (one app's webhook may serve several numbers). */
export async function readDeliveries(settings: WhatsappSettings, rawBody: Uint8Array, fetchFn: typeof fetch): Promise<WebhookOutcome> {
  const payload = parsePayload(rawBody);
  const messages: InboundDelivery[] = [];
  const receipts: DeliveryReceipt[] = [];
  for (const change of payload.entry.flatMap((entry) => entry.changes)) {
    const value = change.value;
    if (change.field !== 'messages' || value.metadata?.phone_number_id !== settings.phoneNumberId) continue;
    for (const message of value.messages ?? []) {
      const name = value.contacts?.find((contact) => contact.wa_id === message.from)?.profile?.name;
      const delivery = await toDelivery(settings, message, name, fetchFn);
      if (delivery) messages.push(delivery);
    }
    for (const status of value.statuses ?? []) {
      const receipt = toReceipt(status);
      if (receipt) receipts.push(receipt);
    }
  }
  return { messages, receipts };
}

async function toDelivery(settings: WhatsappSettings, message: WhatsappMessage, name: string | undefined, fetchFn: typeof fetch): Promise<InboundDelivery | null> {
  const sender = { externalId: message.from, phone: `+${message.from}`, ...(name ? { name } : {}) };
  const base = { externalMessageId: message.id, sender };
  const mediaType = MEDIA_TYPES.find((type) => type === message.type);
  if (mediaType) {
    const media = message[mediaType];
    if (!media) return null;
    const attachment = await fetchAttachment(settings, mediaType, media, fetchFn);
    // Files may come without a caption: the text is empty then, and the inbox shows the file.
    return { ...base, text: media.caption?.trim() ?? '', attachments: [attachment] };
  }
  const text = textOf(message);
  return text ? { ...base, text } : null;
}

/** What the operator reads for a non-media message; a pressed button is its title, as if typed. */
function textOf(message: WhatsappMessage): string | null {
  switch (message.type) {
    case 'text':
      return message.text?.body ?? null;
    case 'interactive':
      return message.interactive?.button_reply?.title ?? message.interactive?.list_reply?.title ?? null;
    case 'button':
      return message.button?.text ?? null;
    case 'location': {
      const place = message.location;
      if (!place) return null;
      const label = [place.name, place.address].filter(Boolean).join(', ');
      return `Location: ${place.latitude}, ${place.longitude}${label ? ` (${label})` : ''}`;
    }
    default:
      // Reactions, system notices and unsupported types carry nothing an operator answers.
      return null;
  }
}

/** A media id → its URL (GET /{media-id}) → its bytes, both with the channel's token. */
async function fetchAttachment(settings: WhatsappSettings, type: MediaType, media: z.infer<typeof mediaSchema>, fetchFn: typeof fetch): Promise<InboundAttachment> {
  const info = await callGraph<{ url: string; mime_type?: string }>(fetchFn, settings, encodeURIComponent(media.id));
  const data = await downloadMedia(fetchFn, settings, info.url);
  const mimeType = media.mime_type ?? info.mime_type ?? 'application/octet-stream';
  return { name: media.filename ?? `whatsapp-${type}-${media.id}${extensionOf(mimeType)}`, mimeType, data };
}

function extensionOf(mimeType: string): string {
  const subtype = mimeType.split(';')[0]?.split('/')[1];
  return subtype && /^[a-z0-9]+$/.test(subtype) ? `.${subtype === 'jpeg' ? 'jpg' : subtype}` : '';
}

function toReceipt(status: z.infer<typeof statusSchema>): DeliveryReceipt | null {
  switch (status.status) {
    case 'delivered':
    case 'read':
      return { externalMessageId: status.id, status: status.status };
    case 'failed': {
      const error = status.errors?.[0];
      const reason = error ? `${error.title ?? error.message ?? 'failed'}${error.code ? ` (${error.code})` : ''}` : 'WhatsApp reported the message as failed';
      return { externalMessageId: status.id, status: 'failed', error: reason };
    }
    default:
      // "sent" only says Meta accepted it, which the send's answer already did.
      return null;
  }
}
