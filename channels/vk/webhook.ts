import { z } from 'zod';
import { WebhookRejected, type InboundAttachment, type InboundDelivery, type WebhookOutcome, type WebhookRequest } from '../connector';
import { callVk } from './api';
import type { VkSettings } from './settings';
import { parseJsonBody, secretsMatch } from '../webhook-checks';

/**
 * VK's Callback API (dev.vk.com/api/callback/getting-started): every event is a POST of
 * `{ type, group_id, event_id, v, object, secret }`. `confirmation` is answered with the community's
 * confirmation code; every other event must carry the secret key and is answered "ok" (anything else
 * makes VK retry, then switch the server off).
 */
const eventSchema = z.object({
  type: z.string(),
  group_id: z.number(),
  event_id: z.string().optional(),
  secret: z.string().optional(),
  object: z.unknown().optional(),
});

const photoSchema = z.object({
  id: z.number(),
  sizes: z.array(z.object({ type: z.string().optional(), url: z.string(), width: z.number().optional(), height: z.number().optional() })),
});
const docSchema = z.object({ id: z.number(), title: z.string(), ext: z.string().optional(), url: z.string() });

const messageNewSchema = z.object({
  message: z.object({
    id: z.number(),
    from_id: z.number(),
    peer_id: z.number(),
    text: z.string(),
    payload: z.string().optional(),
    attachments: z.array(z.object({ type: z.string(), photo: photoSchema.optional(), doc: docSchema.optional() })).optional(),
  }),
});
type VkMessage = z.infer<typeof messageNewSchema>['message'];

const ok = (): WebhookOutcome => ({ response: { status: 200, body: 'ok', contentType: 'text/plain' }, messages: [], receipts: [] });

export async function readCallback(settings: VkSettings, request: WebhookRequest, fetchFn: typeof fetch): Promise<WebhookOutcome> {
  const event = parseEvent(request.rawBody);
  if (event.group_id !== settings.groupId) throw new WebhookRejected(401, `group_id ${event.group_id} is not this channel’s community (${settings.groupId})`);
  if (event.type === 'confirmation') {
    return { response: { status: 200, body: settings.confirmationCode, contentType: 'text/plain' }, messages: [], receipts: [] };
  }
  if (!secretsMatch(event.secret ?? '', settings.secretKey)) {
    throw new WebhookRejected(401, event.secret ? 'secret does not match this channel’s secret key' : 'secret is missing: set the secret key in the Callback API settings');
  }
  // Sent messages (message_reply), edits, typing and the rest need no answer from the inbox.
  if (event.type !== 'message_new') return ok();
  const parsed = messageNewSchema.safeParse(event.object);
  if (!parsed.success) throw malformed(parsed.error, 'object.');
  const message = parsed.data.message;
  // Only private conversations with the community: a user writing to it (peer = sender).
  if (message.from_id <= 0 || message.peer_id !== message.from_id) return ok();
  const delivery = await toDelivery(settings, message, fetchFn);
  return { ...ok(), messages: delivery ? [delivery] : [] };
}

function parseEvent(rawBody: Uint8Array) {
  const json = parseJsonBody(rawBody);
  const parsed = eventSchema.safeParse(json);
  if (!parsed.success) throw malformed(parsed.error, '');
  return parsed.data;
}

function malformed(error: z.ZodError, prefix: string): WebhookRejected {
  const issue = error.issues[0];
  return new WebhookRejected(400, `not a VK Callback API event: ${prefix}${issue?.path.join('.') ?? ''}: ${issue?.message ?? 'invalid'}`);
}


async function toDelivery(settings: VkSettings, message: VkMessage, fetchFn: typeof fetch): Promise<InboundDelivery | null> {
  const attachments: InboundAttachment[] = [];
  for (const attachment of message.attachments ?? []) {
    const file = await downloadAttachment(attachment, fetchFn);
    if (file) attachments.push(file);
  }
  // A pressed keyboard button arrives as its label in `text` (its payload beside it).
  const text = message.text.trim() || buttonOf(message.payload) || '';
  if (!text && !attachments.length) return null;
  const name = await senderName(settings, message.from_id, fetchFn);
  return {
    externalMessageId: String(message.id),
    sender: { externalId: String(message.from_id), ...(name ? { name } : {}) },
    text,
    ...(attachments.length ? { attachments } : {}),
  };
}

function buttonOf(payload: string | undefined): string | undefined {
  if (!payload) return undefined;
  try {
    const button = (JSON.parse(payload) as { button?: unknown }).button;
    return typeof button === 'string' ? button : undefined;
  } catch {
    return undefined;
  }
}

/** Photos in their largest size and documents, by the URLs VK gives (no token needed). */
async function downloadAttachment(attachment: NonNullable<VkMessage['attachments']>[number], fetchFn: typeof fetch): Promise<InboundAttachment | null> {
  if (attachment.type === 'photo' && attachment.photo) {
    const largest = [...attachment.photo.sizes].sort((a, b) => (b.width ?? 0) * (b.height ?? 0) - (a.width ?? 0) * (a.height ?? 0))[0];
    if (!largest) return null;
    return { name: `vk-photo-${attachment.photo.id}.jpg`, mimeType: 'image/jpeg', data: await download(largest.url, fetchFn) };
  }
  if (attachment.type === 'doc' && attachment.doc) {
    const { title, ext, url } = attachment.doc;
    const name = ext && !title.toLowerCase().endsWith(`.${ext.toLowerCase()}`) ? `${title}.${ext}` : title;
    return { name, mimeType: mimeTypeOf(name), data: await download(url, fetchFn) };
  }
  return null;
}

async function download(url: string, fetchFn: typeof fetch): Promise<Uint8Array<ArrayBuffer>> {
  const response = await fetchFn(url);
  if (!response.ok) throw new Error(`VK file download: HTTP ${response.status}`);
  return new Uint8Array(await response.arrayBuffer());
}

const MIME_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  txt: 'text/plain',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  doc: 'application/msword',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  zip: 'application/zip',
};

function mimeTypeOf(name: string): string {
  return MIME_TYPES[name.split('.').pop()?.toLowerCase() ?? ''] ?? 'application/octet-stream';
}

/** The user's name (users.get) for the contact card; a message is not lost when VK does not answer. */
async function senderName(settings: VkSettings, userId: number, fetchFn: typeof fetch): Promise<string | undefined> {
  try {
    const [user] = await callVk<Array<{ first_name?: string; last_name?: string }>>(fetchFn, settings, 'users.get', { user_ids: userId });
    return [user?.first_name, user?.last_name].filter(Boolean).join(' ') || undefined;
  } catch (error) {
    console.warn(`vk: users.get for ${userId} failed; the contact stays unnamed`, error);
    return undefined;
  }
}
