import ipaddr from 'ipaddr.js';
import { inAddressRanges, listEntries, parseAddressRange, type Address, type AddressRange } from './network/address-ranges';

/**
 * Which address a request came from, for per-client limits. The socket's peer is the only address
 * nobody can forge; X-Forwarded-For is believed only hop by hop from the right, and only while the
 * hop that added an entry is one of TRUSTED_PROXIES. Anything else a client can write itself.
 */

export type TrustedProxies = readonly AddressRange[];

/** What a request's address is when the server could not learn its peer: all such requests share one limit. */
export const UNKNOWN_ADDRESS = 'unknown';

/** TRUSTED_PROXIES (comma-separated IP addresses or CIDR ranges) parsed; throws naming the bad entry. */
export function parseTrustedProxies(value: string): TrustedProxies {
  return listEntries(value).map((entry) => {
    const range = parseAddressRange(entry);
    if (!range) throw new Error(`"${entry}" is neither an IP address nor a CIDR range (e.g. 10.0.0.0/8, 192.168.1.5, fd00::/8)`);
    return range;
  });
}

/** The message naming the fix, or null when TRUSTED_PROXIES is valid (for the config schema). */
export function trustedProxiesProblem(value: string): string | null {
  try {
    parseTrustedProxies(value);
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function parseAddress(text: string): Address | null {
  // Some proxies append a port ("203.0.113.7:51234", "[2001:db8::1]:443").
  const trimmed = text.trim();
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(trimmed);
  const candidate = bracketed?.[1] ?? (/^[\d.]+:\d+$/.test(trimmed) ? trimmed.slice(0, trimmed.lastIndexOf(':')) : trimmed);
  // ipaddr.isValid accepts "1" or "0x7f.1" as IPv4; only the usual notations are addresses here.
  if (!ipaddr.IPv4.isValidFourPartDecimal(candidate) && !ipaddr.IPv6.isValid(candidate)) return null;
  return ipaddr.process(candidate);
}

function isTrusted(address: Address, trusted: TrustedProxies): boolean {
  return inAddressRanges([address], trusted);
}

/**
 * The client's address: the peer when it is not a trusted proxy; else the right-most entry of
 * X-Forwarded-For not added by a trusted proxy (a client can prepend anything, but cannot write
 * to the right of what its own proxy appends). A malformed entry stops the walk at the trusted
 * hop that passed it on.
 */
export function resolveClientAddress(input: { peer: string | undefined; forwardedFor: string | null; trusted: TrustedProxies }): string {
  const peer = input.peer === undefined ? null : parseAddress(input.peer);
  if (!peer) return UNKNOWN_ADDRESS;
  let client = peer;
  const hops = (input.forwardedFor ?? '').split(',').filter((hop) => hop.trim() !== '');
  while (isTrusted(client, input.trusted)) {
    const hop = hops.pop();
    const next = hop === undefined ? null : parseAddress(hop);
    if (!next) break;
    client = next;
  }
  return client.toString();
}

/**
 * The key a per-address limit counts under. One IPv6 subscriber usually holds a whole /64, so
 * counting single IPv6 addresses would let them rotate through 2^64 keys.
 */
export function addressLimitKey(address: string): string {
  if (!ipaddr.IPv6.isValid(address)) return address;
  const parts = ipaddr.IPv6.parse(address).parts.slice(0, 4);
  return `${parts.map((part) => part.toString(16)).join(':')}::/64`;
}
