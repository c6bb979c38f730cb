import { timingSafeEqual } from 'node:crypto';
import { WebhookRejected } from './connector';

/** A secret or signature compared in constant time (a differing length is told at once; it gives nothing away). */
export function secretsMatch(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

/** A webhook body as JSON, or 400 naming the problem. */
export function parseJsonBody(rawBody: Uint8Array): unknown {
  try {
    return JSON.parse(Buffer.from(rawBody).toString('utf8')) as unknown;
  } catch {
    throw new WebhookRejected(400, 'the body is not JSON');
  }
}
