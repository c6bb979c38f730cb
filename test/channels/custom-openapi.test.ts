import { Validator } from '@seriousme/openapi-schema-validator';
import { describe, expect, it } from 'vitest';
import { WebhookRejected, type OutboundMessage } from '../../channels/connector';
import { customConnector } from '../../channels/custom/connector';
import { signConnectorBody } from '../support/fake-connector';
import { useConnectorChannel } from '../support/fake-connector-channel';
import { connectorApiDocument as document, connectorApiErrors as schemaErrors, pushResponsePointer } from '../support/fake-connector-api';

// The OpenAPI document is what outside developers build against: it must be a valid OpenAPI 3.1
// document, and what the connector really sends and accepts must match it.

const SECRET = 'openapi-test-secret-0123456789abcdef01234';

const under = useConnectorChannel({ secret: SECRET, key: 'shop-chat' });
const signedRequest = (body: string) => under.webhookRequest(body, signConnectorBody(SECRET, body));

describe('the connector API document', () => {
  it('is a valid OpenAPI 3.1 document', async () => {
    const validator = new Validator();
    const result = await validator.validate(document);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.1');
  });

  it('has examples the connector accepts, with its 200 answer as documented', async () => {
    const examples = document.paths['/api/channels/{channelKey}/webhook']!.post.requestBody.content['application/json'].examples;
    expect(Object.keys(examples).length).toBeGreaterThanOrEqual(3);
    for (const [name, { value }] of Object.entries(examples)) {
      expect(schemaErrors('/components/schemas/InboundPayload', value), name).toEqual([]);
      const outcome = await customConnector.handleWebhook!(under.channel, signedRequest(JSON.stringify(value)), { fetch });
      expect(outcome.messages.length + outcome.receipts.length, name).toBeGreaterThan(0);
      const answer = JSON.parse(outcome.response!.body!) as unknown;
      expect(schemaErrors(pushResponsePointer(200), answer)).toEqual([]);
    }
  });

  it('refuses what the connector refuses', async () => {
    const malformed = [
      {},
      { messages: [] },
      { messages: [{ id: 'x', text: 'no sender' }] },
      { messages: [{ id: 'x', sender: { id: 'u' } }] },
      { messages: [{ id: 'x', sender: { id: 'u' }, text: 'hi', attachments: [{ name: 'a', mimeType: 'text/plain' }] }] },
      { receipts: [{ messageId: '1', status: 'lost' }] },
    ];
    for (const payload of malformed) {
      const label = JSON.stringify(payload);
      expect(schemaErrors('/components/schemas/InboundPayload', payload), label).not.toEqual([]);
      const refused = await customConnector.handleWebhook!(under.channel, signedRequest(label), { fetch }).catch((e: unknown) => e);
      expect(refused, label).toBeInstanceOf(WebhookRejected);
      expect((refused as WebhookRejected).status, label).toBe(400);
    }
  });

  it('describes the message and ping webhooks as the connector really sends them', async () => {
    const message: OutboundMessage = {
      messageId: 381,
      dialogId: 1204,
      idempotencyKey: 'deliver-381',
      recipientExternalId: 'user-42',
      text: 'How would you rate us?',
      authorKind: 'bot',
      buttons: [{ id: '5', label: '★★★★★' }],
      ratingRequest: { scale: 'five_stars' },
      attachments: [{ name: 'terms.pdf', mimeType: 'application/pdf', size: 4, url: 'http://127.0.0.1:3999/api/files/1?sig=abc', read: async () => new Uint8Array(4) }],
    };
    await customConnector.send(under.channel, message, under.context);
    await customConnector.checkConnection(under.channel, under.context);
    const [sent, ping] = under.fake.received.slice(-2);
    expect(schemaErrors('/components/schemas/MessageEvent', sent!.json)).toEqual([]);
    expect(schemaErrors('/components/schemas/PingEvent', ping!.json)).toEqual([]);
    for (const event of [sent!, ping!]) {
      expect(schemaErrors('/components/parameters/Signature/schema', event.headers['x-openlines-signature'])).toEqual([]);
    }
    expect(sent!.headers['idempotency-key']).toBe('deliver-381');
  });
});
