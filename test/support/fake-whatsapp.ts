import { createHash, createHmac } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buffer } from 'node:stream/consumers';

/**
 * The part of Meta's WhatsApp Cloud API (Graph API) the connector uses, on 127.0.0.1, with the
 * payloads of developers.facebook.com/docs/whatsapp/cloud-api: POST /{phone-number-id}/messages,
 * POST /{phone-number-id}/media (multipart), GET /{media-id} (its URL), the media download, and
 * GET /{phone-number-id} for "check connection". It records every send and upload.
 */
export interface FakeWhatsapp {
  /** The Graph API base URL to put in the channel's settings (…/v21.0). */
  apiBaseUrl: string;
  sent: Array<Record<string, unknown> & { to: string; type: string }>;
  uploads: Array<{ id: string; type: string; mimeType: string; name: string; data: Buffer }>;
  /** Media the client "sent": the webhook refers to it by id; the connector downloads it. */
  addMedia(media: { id: string; mimeType: string; data: Buffer }): void;
  /** The next send is answered with this Graph API error. */
  failNextSend(error: { httpStatus: number; code: number; message: string }): void;
  close(): Promise<void>;
}

export const FAKE_WHATSAPP_TOKEN = 'EAAfake-whatsapp-access-token-0123456789';

export async function startFakeWhatsapp(options: { phoneNumberId: string; accessToken?: string }): Promise<FakeWhatsapp> {
  const token = options.accessToken ?? FAKE_WHATSAPP_TOKEN;
  const sent: FakeWhatsapp['sent'] = [];
  const uploads: FakeWhatsapp['uploads'] = [];
  const media = new Map<string, { mimeType: string; data: Buffer }>();
  const failures: Array<{ httpStatus: number; code: number; message: string }> = [];
  let nextId = 1;
  let origin = '';

  async function handle(request: IncomingMessage, response: ServerResponse) {
    const url = new URL(request.url ?? '/', origin);
    const body = await buffer(request);
    if (request.headers.authorization !== `Bearer ${token}`) {
      return json(response, 401, { error: { message: 'Invalid OAuth access token - Cannot parse access token', type: 'OAuthException', code: 190, fbtrace_id: 'Afake' } });
    }
    const download = /^\/media-download\/(.+)$/.exec(url.pathname);
    if (download) {
      const file = media.get(decodeURIComponent(download[1] ?? ''));
      if (!file) return json(response, 404, { error: { message: 'not found', code: 100 } });
      response.writeHead(200, { 'content-type': file.mimeType, 'content-length': file.data.length });
      return response.end(file.data);
    }
    const path = url.pathname.replace(/^\/v21\.0\//, '');
    if (request.method === 'POST' && path === `${options.phoneNumberId}/messages`) {
      const message = JSON.parse(body.toString('utf8')) as FakeWhatsapp['sent'][number];
      const failure = failures.shift();
      if (failure) {
        return json(response, failure.httpStatus, {
          error: { message: failure.message, type: 'OAuthException', code: failure.code, error_data: { messaging_product: 'whatsapp', details: failure.message }, fbtrace_id: 'Afake' },
        });
      }
      if (message.messaging_product !== 'whatsapp') return json(response, 400, { error: { message: '(#100) The parameter messaging_product is required.', code: 100 } });
      sent.push(message);
      return json(response, 200, { messaging_product: 'whatsapp', contacts: [{ input: message.to, wa_id: message.to }], messages: [{ id: `wamid.fake${nextId++}` }] });
    }
    if (request.method === 'POST' && path === `${options.phoneNumberId}/media`) {
      const form = await new Response(Uint8Array.from(body), { headers: { 'content-type': request.headers['content-type'] ?? '' } }).formData();
      const file = form.get('file');
      if (form.get('messaging_product') !== 'whatsapp' || !(file instanceof Blob)) {
        return json(response, 400, { error: { message: '(#100) Param file must be a file with one of the following types…', code: 100 } });
      }
      const id = `${1000 + nextId++}`;
      uploads.push({ id, type: String(form.get('type')), mimeType: file.type, name: (file as File).name, data: Buffer.from(await file.arrayBuffer()) });
      return json(response, 200, { id });
    }
    if (request.method === 'GET' && path === options.phoneNumberId) {
      return json(response, 200, { display_phone_number: '+1 555-010-0000', verified_name: 'Openlines Test', id: options.phoneNumberId });
    }
    const stored = request.method === 'GET' ? media.get(decodeURIComponent(path)) : undefined;
    if (stored) {
      return json(response, 200, {
        messaging_product: 'whatsapp',
        url: `${origin}/media-download/${encodeURIComponent(path)}`,
        mime_type: stored.mimeType,
        sha256: createHash('sha256').update(stored.data).digest('hex'),
        file_size: String(stored.data.length),
        id: decodeURIComponent(path),
      });
    }
    return json(response, 400, { error: { message: `Unsupported ${request.method} request: ${url.pathname}`, type: 'GraphMethodException', code: 100 } });
  }

  const server: Server = createServer((request, response) => {
    handle(request, response).catch((error: unknown) => json(response, 500, { error: { message: String(error), code: 1 } }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    apiBaseUrl: `${origin}/v21.0`,
    sent,
    uploads,
    addMedia: (file) => media.set(file.id, { mimeType: file.mimeType, data: file.data }),
    failNextSend: (failure) => failures.push(failure),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** The X-Hub-Signature-256 header Meta puts on a delivery: HMAC-SHA256 of the raw body with the app secret. */
export function metaSignature(appSecret: string, body: string): string {
  return `sha256=${createHmac('sha256', appSecret).update(body).digest('hex')}`;
}

/** A `messages` webhook delivery as Meta sends it (payload examples of the Cloud API docs). */
export function whatsappWebhookPayload(phoneNumberId: string, value: { contacts?: unknown[]; messages?: unknown[]; statuses?: unknown[] }) {
  return {
    object: 'whatsapp_business_account',
    entry: [
      {
        id: '102290129340398',
        changes: [
          {
            value: { messaging_product: 'whatsapp', metadata: { display_phone_number: '15550100000', phone_number_id: phoneNumberId }, ...value },
            field: 'messages',
          },
        ],
      },
    ],
  };
}

/** One client message in a webhook delivery, with the sender's profile. */
export function whatsappClientMessage(phoneNumberId: string, from: { waId: string; name: string }, message: Record<string, unknown> & { id: string; type: string }) {
  return whatsappWebhookPayload(phoneNumberId, {
    contacts: [{ profile: { name: from.name }, wa_id: from.waId }],
    messages: [{ from: from.waId, timestamp: String(Math.floor(Date.now() / 1000)), ...message }],
  });
}

function json(response: ServerResponse, status: number, body: unknown) {
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}
