import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The connector API's signature, both directions: header `X-Openlines-Signature:
 * t=<unix seconds>,v1=<hex HMAC-SHA256(secret, "<t>.<raw body>")>`. The timestamp is signed with
 * the body, so a captured request cannot be replayed after `MAX_SIGNATURE_AGE_SECONDS` (within that
 * time a replayed message is stored once anyway: inbound is keyed by its id).
 */
export const SIGNATURE_HEADER = 'X-Openlines-Signature';
export const MAX_SIGNATURE_AGE_SECONDS = 5 * 60;

export function signatureHeader(secret: string, body: string | Uint8Array, nowMs = Date.now()): string {
  const t = Math.floor(nowMs / 1000);
  return `t=${t},v1=${hmacHex(secret, t, body)}`;
}

/** Why the signature does not hold, or null when it does. Several v1 values are allowed (rotating secrets). */
export function signatureProblem(secret: string, header: string | null, body: Uint8Array, nowMs = Date.now()): string | null {
  if (!header) return `missing ${SIGNATURE_HEADER} header: sign each request as t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<body>">`;
  const parts = header.split(',').map((part) => part.trim().split('='));
  const t = parts.find(([name]) => name === 't')?.[1];
  const signatures = parts.filter(([name]) => name === 'v1').map(([, value]) => value ?? '');
  if (!t || !/^\d+$/.test(t) || signatures.length === 0) return `${SIGNATURE_HEADER} must be t=<unix seconds>,v1=<hex signature>`;
  const ageSeconds = Math.abs(nowMs / 1000 - Number(t));
  if (ageSeconds > MAX_SIGNATURE_AGE_SECONDS) {
    return `${SIGNATURE_HEADER} timestamp is ${Math.round(ageSeconds)} s away from this server's clock (at most ${MAX_SIGNATURE_AGE_SECONDS} s): sign each request when it is sent`;
  }
  const expected = Buffer.from(hmacHex(secret, Number(t), body), 'hex');
  const matches = signatures.some((value) => {
    const given = Buffer.from(value, 'hex');
    return given.length === expected.length && timingSafeEqual(given, expected);
  });
  return matches ? null : `${SIGNATURE_HEADER} does not match the body: sign the raw body with the channel's signing secret`;
}

function hmacHex(secret: string, t: number, body: string | Uint8Array): string {
  return createHmac('sha256', secret).update(`${t}.`).update(body).digest('hex');
}
