import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * An outside system speaking the connector API (docs/connector-api.openapi.yaml) on 127.0.0.1:
 * its webhook receives Openlines' signed POSTs and checks them with its own HMAC code (not the
 * product's), and `push` signs and sends what a client wrote, as the system would.
 */
export interface ReceivedEvent {
  headers: IncomingHttpHeaders;
  body: string;
  json: { event: string; channel: string; message?: { id: string; text: string; recipient: { id: string }; [key: string]: unknown } };
  /** Whether X-Openlines-Signature held for the secret the fake was given. */
  signatureValid: boolean;
}

export interface FakeConnector {
  url: string;
  received: ReceivedEvent[];
  /** What the webhook answers next (default 200 `{}`); a function sees the event. */
  respondWith(answer: ((event: ReceivedEvent) => { status: number; body?: string }) | { status: number; body?: string }): void;
  /** Resolves with the first received event that `match` accepts, now or later. */
  waitFor(match: (event: ReceivedEvent) => boolean): Promise<ReceivedEvent>;
  close(): Promise<void>;
}

export async function startFakeConnector(secret: string): Promise<FakeConnector> {
  const received: ReceivedEvent[] = [];
  const waiters: { match: (event: ReceivedEvent) => boolean; resolve: (event: ReceivedEvent) => void }[] = [];
  let answer: Parameters<FakeConnector['respondWith']>[0] = { status: 200, body: '{}' };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const event: ReceivedEvent = {
        headers: req.headers,
        body,
        json: JSON.parse(body) as ReceivedEvent['json'],
        signatureValid: verifySignature(secret, String(req.headers['x-openlines-signature'] ?? ''), body),
      };
      received.push(event);
      const reply = typeof answer === 'function' ? answer(event) : answer;
      res.writeHead(reply.status, { 'Content-Type': 'application/json' }).end(reply.body ?? '');
      for (const waiter of waiters.filter((w) => w.match(event))) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve(event);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/openlines`,
    received,
    respondWith(next) {
      answer = next;
    },
    waitFor(match) {
      const already = received.find(match);
      if (already) return Promise.resolve(already);
      return new Promise((resolve) => waiters.push({ match, resolve }));
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** `t=<unix>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>`, as the OpenAPI document specifies it. */
export function signConnectorBody(secret: string, body: string, unixSeconds = Math.floor(Date.now() / 1000)): string {
  const mac = createHmac('sha256', secret).update(`${unixSeconds}.${body}`).digest('hex');
  return `t=${unixSeconds},v1=${mac}`;
}

function verifySignature(secret: string, header: string, body: string): boolean {
  const fields = new Map(header.split(',').map((part) => part.split('=') as [string, string]));
  const t = Number(fields.get('t'));
  const given = Buffer.from(fields.get('v1') ?? '', 'hex');
  const expected = Buffer.from(signConnectorBody(secret, body, t).split('v1=')[1] ?? '', 'hex');
  return Math.abs(Date.now() / 1000 - t) <= 300 && given.length === expected.length && timingSafeEqual(given, expected);
}

/** Posts a body to a channel's webhook URL as the outside system does: signed, JSON. */
export async function pushSigned(webhookUrl: string, secret: string, payload: unknown, options: { signature?: string | null } = {}): Promise<Response> {
  const body = typeof payload === 'string' ? payload : JSON.stringify(payload);
  const signature = options.signature === undefined ? signConnectorBody(secret, body) : options.signature;
  return fetch(webhookUrl, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(signature === null ? {} : { 'X-Openlines-Signature': signature }) },
    body,
  });
}
