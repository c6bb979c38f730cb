import { channelCapabilities } from '../../domain/channels';
import {
  PermanentSendFailure,
  WebhookRejected,
  type ConnectedChannel,
  type ConnectionCheck,
  type Connector,
  type InboundDelivery,
  type OutboundMessage,
  type SendContext,
  type WebhookRequest,
} from '../connector';
import { inboundPayloadSchema, sendResponseSchema, type InboundPayload, type OutboundMessageEvent, type PingEvent } from './payloads';
import { customSettingsForm, type CustomSettings } from './settings';
import { SIGNATURE_HEADER, signatureHeader, signatureProblem } from './signature';

/** How long one POST to the connector's webhook may take before it counts as failed (and is retried). */
const WEBHOOK_TIMEOUT_MS = 10_000;

/**
 * The custom connector API (SPEC §7, docs/connector-api.openapi.yaml): an outside system pushes
 * signed JSON to the channel's webhook URL and receives operators' messages, signed the same way,
 * on its own webhook URL.
 */
export const customConnector: Connector<CustomSettings> = {
  kind: 'custom',
  settings: customSettingsForm,
  capabilities: channelCapabilities.custom,

  async handleWebhook(channel, request) {
    if (request.method !== 'POST') throw new WebhookRejected(400, `use POST with a JSON body of messages and receipts (got ${request.method})`);
    const problem = signatureProblem(channel.settings.signingSecret, request.headers.get(SIGNATURE_HEADER), request.rawBody);
    if (problem) throw new WebhookRejected(401, problem);
    const payload = parsePayload(request);
    return {
      response: { status: 200, body: JSON.stringify({ ok: true }), contentType: 'application/json' },
      messages: payload.messages.map(toInboundDelivery),
      receipts: payload.receipts.map((receipt) => ({ externalMessageId: receipt.messageId, status: receipt.status, error: receipt.error })),
    };
  },

  async send(channel, message, context) {
    const event = outboundEvent(channel, message);
    const response = await postSigned(channel, event, context, { 'Idempotency-Key': message.idempotencyKey });
    const body = await response.text();
    if (response.ok) return { externalMessageId: externalIdIn(body) ?? event.message.id };
    const refusal = `the connector's webhook answered HTTP ${response.status}${body ? `: ${body.slice(0, 300)}` : ''}`;
    // A 4xx is the receiver saying this request will never do; 408 and 429 are "later".
    if (response.status >= 400 && response.status < 500 && response.status !== 408 && response.status !== 429) throw new PermanentSendFailure(refusal);
    throw new Error(refusal);
  },

  async checkConnection(channel, context): Promise<ConnectionCheck> {
    const ping: PingEvent = { event: 'ping', channel: channel.key };
    try {
      const response = await postSigned(channel, ping, context);
      if (response.ok) return { ok: true, detail: `the webhook answered the signed ping with HTTP ${response.status}` };
      return { ok: false, error: `the webhook answered the signed ping with HTTP ${response.status}; check the URL and that your system uses this channel's signing secret` };
    } catch (error) {
      return { ok: false, error: `the webhook could not be reached (${error instanceof Error ? error.message : String(error)}); check the URL` };
    }
  },
};

function parsePayload(request: WebhookRequest): InboundPayload {
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder().decode(request.rawBody));
  } catch {
    throw new WebhookRejected(400, 'the body must be JSON: {"messages": [...], "receipts": [...]}');
  }
  const parsed = inboundPayloadSchema.safeParse(json);
  if (!parsed.success) {
    throw new WebhookRejected(400, parsed.error.issues.map((issue) => `${issue.path.join('.') || 'body'}: ${issue.message}`).join('; '));
  }
  return parsed.data;
}

function toInboundDelivery(message: InboundPayload['messages'][number]): InboundDelivery {
  const { sender } = message;
  return {
    externalMessageId: message.id,
    sender: { externalId: sender.id, name: sender.name, email: sender.email, phone: sender.phone },
    text: message.text,
    attachments: message.attachments.map((file) => ({ name: file.name, mimeType: file.mimeType, data: Buffer.from(file.data, 'base64') })),
  };
}

function outboundEvent(channel: ConnectedChannel<CustomSettings>, message: OutboundMessage): OutboundMessageEvent {
  return {
    event: 'message',
    channel: channel.key,
    message: {
      id: String(message.messageId),
      dialogId: message.dialogId,
      recipient: { id: message.recipientExternalId },
      text: message.text,
      author: { kind: message.authorKind, ...(message.authorName ? { name: message.authorName } : {}) },
      ...(message.buttons?.length ? { buttons: message.buttons } : {}),
      ...(message.ratingRequest ? { ratingRequest: message.ratingRequest } : {}),
      ...(message.attachments?.length
        ? { attachments: message.attachments.map(({ name, mimeType, size, url }) => ({ name, mimeType, size, url })) }
        : {}),
    },
  };
}

async function postSigned(
  channel: ConnectedChannel<CustomSettings>,
  event: OutboundMessageEvent | PingEvent,
  context: SendContext,
  headers: Record<string, string> = {},
): Promise<Response> {
  const body = JSON.stringify(event);
  const timeout = AbortSignal.timeout(WEBHOOK_TIMEOUT_MS);
  return context.fetch(channel.settings.webhookUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', [SIGNATURE_HEADER]: signatureHeader(channel.settings.signingSecret, body), ...headers },
    body,
    signal: context.signal ? AbortSignal.any([context.signal, timeout]) : timeout,
  });
}

/** The receiver's own id of the message, when its answer names one. */
function externalIdIn(body: string): string | undefined {
  try {
    const parsed = sendResponseSchema.safeParse(JSON.parse(body));
    return parsed.success ? parsed.data.id : undefined;
  } catch {
    return undefined;
  }
}
