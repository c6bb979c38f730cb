import { parseTrustedProxies, resolveClientAddress, type TrustedProxies } from '../../../domain/client-address';
import { config } from '../config';
import { readPeerAddress } from './peer-address';

let trustedFromConfig: TrustedProxies | undefined;

/**
 * The address a request came from, by the TRUSTED_PROXIES rule (domain/client-address.ts), for
 * every per-client limit of the web server. `trusted` defaults to the server's configuration.
 */
export function clientAddressOf(request: Request, trusted?: TrustedProxies): string {
  trustedFromConfig ??= parseTrustedProxies(config.TRUSTED_PROXIES);
  return resolveClientAddress({
    peer: readPeerAddress(request.headers),
    forwardedFor: request.headers.get('x-forwarded-for'),
    trusted: trusted ?? trustedFromConfig,
  });
}
