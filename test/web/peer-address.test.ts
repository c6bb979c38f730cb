import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';
import { describe, expect, it } from 'vitest';
import { PEER_HEADER, readPeerAddress } from '../../web/server/http/peer-address';
import { installPeerAddressStamp } from '../../web/server/http/peer-address-stamp';

/** The stamp web/instrumentation.ts installs, on a real Node HTTP server on loopback. */
describe('the socket peer stamp', () => {
  it('replaces whatever the client sent under its name, and a forged stamp reads as no peer', async () => {
    installPeerAddressStamp();
    const seen: IncomingHttpHeaders[] = [];
    const server = createServer((request, response) => {
      seen.push(request.headers);
      response.end('ok');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      await (await fetch(`http://127.0.0.1:${port}/`, { headers: { [PEER_HEADER]: 'guessed-nonce 203.0.113.9', 'x-forwarded-for': '203.0.113.9' } })).text();
      const stamped = new Headers(seen[0] as Record<string, string>);
      expect(readPeerAddress(stamped)).toMatch(/^(::ffff:)?127\.0\.0\.1$/);

      // A request that reached a handler without passing the stamp (e.g. before it was installed).
      expect(readPeerAddress(new Headers({ [PEER_HEADER]: 'guessed-nonce 203.0.113.9' }))).toBeUndefined();
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });
});
