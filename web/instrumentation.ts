/**
 * Runs once when a server process starts, before Next.js handles a request: per-client limits
 * need the socket's peer address, which Next.js does not pass to route handlers
 * (server/http/peer-address.ts).
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { installPeerAddressStamp } = await import('./server/http/peer-address-stamp');
    installPeerAddressStamp();
  }
}
