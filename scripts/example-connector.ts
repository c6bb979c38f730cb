/**
 * A toy chat in the terminal bridged to an Openlines line through the connector API
 * (docs/connector-api.openapi.yaml). What you type is pushed to the line as a client's message;
 * what operators answer is printed, and a delivery receipt goes back for it.
 *
 *   OPENLINES_WEBHOOK_URL=http://localhost:3000/api/channels/<key>/webhook \
 *   OPENLINES_SIGNING_SECRET=<the channel's signing secret> PORT=4100 npx tsx scripts/example-connector.ts
 *
 * and set the channel's outbound webhook URL to http://<this machine>:4100/. Standalone on purpose
 * (Node built-ins only): it is what your own system would do.
 */
import { createHmac, randomUUID, timingSafeEqual } from 'node:crypto';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createInterface } from 'node:readline';

const webhookUrl = process.env.OPENLINES_WEBHOOK_URL ?? '';
const secret = process.env.OPENLINES_SIGNING_SECRET ?? '';
if (!webhookUrl || !secret) throw new Error('set OPENLINES_WEBHOOK_URL (the channel webhook URL shown in the admin) and OPENLINES_SIGNING_SECRET');
const me = { id: process.env.TOY_USER_ID ?? 'toy-user', name: process.env.TOY_USER_NAME ?? 'Toy chat user' };

/** X-Openlines-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<body>")>. */
function sign(body: string, t = Math.floor(Date.now() / 1000)): string {
  return `t=${t},v1=${createHmac('sha256', secret).update(`${t}.${body}`).digest('hex')}`;
}

function signedByOpenlines(header: string | undefined, body: string): boolean {
  const fields = new Map((header ?? '').split(',').map((part) => part.split('=') as [string, string]));
  const t = Number(fields.get('t'));
  if (!(Math.abs(Date.now() / 1000 - t) <= 300)) return false; // stale: a replay
  const expected = Buffer.from(sign(body, t).split('v1=')[1] ?? '', 'hex');
  const given = Buffer.from(fields.get('v1') ?? '', 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}

async function push(payload: object): Promise<void> {
  const body = JSON.stringify(payload);
  const response = await fetch(webhookUrl, { method: 'POST', headers: { 'Content-Type': 'application/json', 'X-Openlines-Signature': sign(body) }, body });
  if (!response.ok) console.error(`! Openlines answered ${response.status}: ${await response.text()}`);
}

interface MessageEvent {
  event: 'message' | 'ping';
  message?: { id: string; text: string; author: { name?: string } };
}

const seen = new Set<string>(); // Idempotency-Key: a retried message is shown once
const server = createServer((req, res) => {
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const body = Buffer.concat(chunks).toString('utf8');
    if (!signedByOpenlines(req.headers['x-openlines-signature'] as string | undefined, body)) {
      res.writeHead(401, { 'Content-Type': 'application/json' }).end('{"error":"bad signature"}');
      return;
    }
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
    const { event, message } = JSON.parse(body) as MessageEvent;
    const key = String(req.headers['idempotency-key']);
    if (event !== 'message' || !message || seen.has(key)) return;
    seen.add(key);
    console.log(`${message.author.name ?? 'Support'}: ${message.text}`);
    void push({ receipts: [{ messageId: message.id, status: 'delivered' }] });
  });
});
server.listen(Number(process.env.PORT ?? 4100), () => {
  console.log(`listening on http://127.0.0.1:${(server.address() as AddressInfo).port}/ — type a message and press Enter`);
});

createInterface({ input: process.stdin }).on('line', (text) => {
  if (text.trim()) void push({ messages: [{ id: randomUUID(), sender: me, text }] });
});
