import { randomBytes } from 'node:crypto';
import { Server, type IncomingMessage } from 'node:http';
import { PEER_HEADER, peerStampNonce, peerStampValue, setPeerStampNonce } from './peer-address';

/**
 * Stamps every request that any HTTP server of this process receives with its socket's peer
 * address (see peer-address.ts). `next start` owns the server and offers no hook, so the stamp
 * wraps Server.prototype.emit: the 'request' event is where Node hands a parsed request to the
 * server's listener, before Next.js reads a single header.
 */
export function installPeerAddressStamp(): void {
  if (peerStampNonce()) return;
  const nonce = randomBytes(16).toString('hex');
  const emit = Server.prototype.emit as (this: Server, event: string | symbol, ...args: unknown[]) => boolean;
  function emitWithPeerStamp(this: Server, event: string | symbol, ...args: unknown[]): boolean {
    if (event === 'request') stamp(args[0] as IncomingMessage, nonce);
    return emit.call(this, event, ...args);
  }
  Server.prototype.emit = emitWithPeerStamp as Server['emit'];
  setPeerStampNonce(nonce);
}

function stamp(request: IncomingMessage, nonce: string): void {
  const address = request.socket.remoteAddress;
  // Whatever the client sent under this name is replaced, never appended to.
  if (address) request.headers[PEER_HEADER] = peerStampValue(nonce, address);
  else delete request.headers[PEER_HEADER];
}
