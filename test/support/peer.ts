import { PEER_HEADER, peerStampNonce, peerStampValue, setPeerStampNonce } from '../../web/server/http/peer-address';

/**
 * Headers of a request whose socket peer was `address`, as the stamp in web/instrumentation.ts
 * writes them in the running server; `forwardedFor` is what the client claims besides.
 */
export function fromPeer(address: string, forwardedFor?: string): Record<string, string> {
  if (!peerStampNonce()) setPeerStampNonce('test-peer-nonce');
  const headers: Record<string, string> = { [PEER_HEADER]: peerStampValue(peerStampNonce() ?? '', address) };
  if (forwardedFor !== undefined) headers['x-forwarded-for'] = forwardedFor;
  return headers;
}
