import ipaddr from 'ipaddr.js';

/**
 * Which IP addresses a flow's HTTP request must not reach (SSRF): anything that is not a public
 * unicast address — loopback, private, link-local (with the cloud metadata service), unique-local,
 * multicast, unspecified, reserved — and IPv6 forms that carry such an IPv4 address inside
 * (IPv4-mapped and -compatible, NAT64, 6to4). Pure: the worker and the web server check every
 * address a host name resolves to with it, and every literal address in a URL.
 */

type Address = ipaddr.IPv4 | ipaddr.IPv6;
type Cidr = [Address, number];

const cidr = (text: string): Cidr => ipaddr.parseCIDR(text);

const INTERNAL_IPV4: [Cidr, string][] = [
  [cidr('0.0.0.0/8'), 'unspecified ("this network")'],
  [cidr('10.0.0.0/8'), 'private'],
  [cidr('100.64.0.0/10'), 'carrier-grade NAT'],
  [cidr('127.0.0.0/8'), 'loopback'],
  [cidr('169.254.0.0/16'), 'link-local (cloud metadata service)'],
  [cidr('172.16.0.0/12'), 'private'],
  [cidr('192.0.0.0/24'), 'IETF protocol assignments'],
  [cidr('192.0.2.0/24'), 'documentation'],
  [cidr('192.88.99.0/24'), '6to4 relay'],
  [cidr('192.168.0.0/16'), 'private'],
  [cidr('198.18.0.0/15'), 'benchmarking'],
  [cidr('198.51.100.0/24'), 'documentation'],
  [cidr('203.0.113.0/24'), 'documentation'],
  [cidr('224.0.0.0/4'), 'multicast'],
  [cidr('240.0.0.0/4'), 'reserved (and broadcast)'],
];

const INTERNAL_IPV6: [Cidr, string][] = [
  [cidr('::/128'), 'unspecified'],
  [cidr('::1/128'), 'loopback'],
  [cidr('64:ff9b:1::/48'), 'local-use NAT64'],
  [cidr('100::/64'), 'discard-only'],
  // Teredo hides its client's IPv4 address (obfuscated) in the address; nothing public is served there.
  [cidr('2001::/32'), 'Teredo tunnel'],
  [cidr('2001:db8::/32'), 'documentation'],
  [cidr('fc00::/7'), 'unique-local (includes the fd00:ec2::254 metadata service)'],
  [cidr('fe80::/10'), 'link-local'],
  [cidr('fec0::/10'), 'site-local'],
  [cidr('ff00::/8'), 'multicast'],
];

/** IPv6 prefixes whose last 32 bits are an IPv4 address reached through them. */
const IPV4_IN_LAST_32_BITS: Cidr[] = [cidr('::ffff:0:0/96'), cidr('::/96'), cidr('64:ff9b::/96'), cidr('::ffff:0:0:0/96')];
const SIX_TO_FOUR = cidr('2002::/16');

/**
 * The kind of internal range `address` lies in ("loopback", "private"…), or null for a public
 * address. Text that is not an IP address counts as internal: it cannot be checked.
 */
export function internalRangeOf(address: string): string | null {
  const parsed = parseAddress(address);
  if (!parsed) return 'not an IP address';
  if (parsed.kind() === 'ipv4') return rangeName(parsed, INTERNAL_IPV4);
  const ipv6 = parsed as ipaddr.IPv6;
  const own = rangeName(ipv6, INTERNAL_IPV6);
  if (own !== null) return own;
  const embedded = embeddedIpv4(ipv6);
  if (!embedded) return null;
  const inner = rangeName(embedded, INTERNAL_IPV4);
  return inner === null ? null : `${inner}, inside an IPv6 address`;
}

/** An IP address in any spelling URL hosts and resolvers use: "2130706433", "0x7f.1", "[::1]". Null otherwise. */
export function parseAddress(text: string): Address | null {
  const bare = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  if (!ipaddr.isValid(bare)) return null;
  return ipaddr.parse(bare);
}

/** The IPv4 address an IPv6 address carries (mapped, compatible, NAT64, SIIT, 6to4), or null. */
export function embeddedIpv4(address: ipaddr.IPv6): ipaddr.IPv4 | null {
  const bytes = address.toByteArray();
  if (IPV4_IN_LAST_32_BITS.some((range) => address.match(range))) return ipaddr.fromByteArray(bytes.slice(12)) as ipaddr.IPv4;
  if (address.match(SIX_TO_FOUR)) return ipaddr.fromByteArray(bytes.slice(2, 6)) as ipaddr.IPv4;
  return null;
}

function rangeName(address: Address, ranges: [Cidr, string][]): string | null {
  for (const [range, name] of ranges) {
    if (address.kind() === range[0].kind() && address.match(range)) return name;
  }
  return null;
}
