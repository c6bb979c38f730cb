import { lookup } from 'node:dns/promises';
import { internalRangeOf, parseAddress } from '../domain/network/internal-addresses';
import { isAllowedInternalHost, type InternalHostAllowList } from '../domain/network/internal-host-allow-list';

/**
 * Where a flow's HTTP request may connect (SSRF guard): the host's addresses, each checked against
 * the internal ranges and the admin's allow-list. The request then connects to the checked address
 * itself, so a second DNS answer (rebinding) cannot swap in another one.
 */
export interface ResolvedAddress {
  address: string;
  family: number;
}

/** Host name → addresses; the system resolver by default, a stub in tests. */
export type ResolveHost = (hostname: string) => Promise<ResolvedAddress[]>;

export const systemResolver: ResolveHost = (hostname) => lookup(hostname, { all: true, verbatim: true });

/** Why the request must not be sent: a message for the admin, without addresses or error codes. */
export class RefusedTarget extends Error {
  constructor(
    message: string,
    /** Whether trying again later may help (a name that did not resolve), unlike a blocked address. */
    readonly retryable: boolean,
  ) {
    super(message);
    this.name = 'RefusedTarget';
  }
}

/** The address to connect to for `url`, or a RefusedTarget thrown. */
export async function checkedTarget(url: URL, allowList: InternalHostAllowList, resolve: ResolveHost): Promise<ResolvedAddress> {
  const host = url.hostname;
  // The URL parser already wrote "2130706433", "0x7f.1" and "[::ffff:127.0.0.1]" as plain addresses.
  const literal = parseAddress(host);
  if (literal) {
    const address = literal.toString();
    if (internalRangeOf(address) !== null && !isAllowedInternalHost(allowList, host, address)) {
      throw new RefusedTarget(`${host} is an internal address (blocked); an admin can allow it with HTTP_ALLOWED_INTERNAL_HOSTS`, false);
    }
    return { address, family: literal.kind() === 'ipv4' ? 4 : 6 };
  }
  let addresses: ResolvedAddress[];
  try {
    addresses = await resolve(host);
  } catch {
    throw new RefusedTarget(`could not connect to ${host}`, true);
  }
  const first = addresses[0];
  if (!first) throw new RefusedTarget(`could not connect to ${host}`, true);
  // One internal address among public ones is refused too: which one is used is not ours to choose.
  if (addresses.some(({ address }) => internalRangeOf(address) !== null && !isAllowedInternalHost(allowList, host, address))) {
    throw new RefusedTarget(`the address of ${host} is internal (blocked); an admin can allow it with HTTP_ALLOWED_INTERNAL_HOSTS`, false);
  }
  return first;
}
