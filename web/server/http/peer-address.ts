/**
 * The socket's peer address, carried from Node's HTTP server to route handlers. Next.js builds the
 * handler's Request from the header object only, and fills X-Forwarded-For from the socket only
 * when the client sent none, so a handler cannot tell the peer from what the client wrote.
 * peer-address-stamp.ts (installed by web/instrumentation.ts) writes the peer into PEER_HEADER of
 * every incoming request, prefixed with a random per-process nonce: a client can send the header
 * too, but cannot guess the nonce, so a forged value (or a request that arrived before the stamp
 * was installed) reads as "peer unknown".
 */
export const PEER_HEADER = 'x-openlines-peer';

const NONCE_KEY = Symbol.for('openlines.peerAddressNonce');

type WithNonce = { [NONCE_KEY]?: string };

export function peerStampNonce(): string | undefined {
  return (globalThis as WithNonce)[NONCE_KEY];
}

export function setPeerStampNonce(nonce: string): void {
  (globalThis as WithNonce)[NONCE_KEY] = nonce;
}

export function peerStampValue(nonce: string, address: string): string {
  return `${nonce} ${address}`;
}

/** The peer the stamp recorded for these headers, or undefined when there is no genuine stamp. */
export function readPeerAddress(headers: Headers): string | undefined {
  const nonce = peerStampNonce();
  const value = headers.get(PEER_HEADER);
  if (!nonce || !value?.startsWith(`${nonce} `)) return undefined;
  return value.slice(nonce.length + 1);
}
