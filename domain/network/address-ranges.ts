import ipaddr from 'ipaddr.js';

/**
 * Lists of IP addresses and CIDR ranges an admin writes in configuration (TRUSTED_PROXIES,
 * HTTP_ALLOWED_INTERNAL_HOSTS): one reading and one matching rule for both.
 */

export type Address = ipaddr.IPv4 | ipaddr.IPv6;
export type AddressRange = readonly [Address, number];

/** The non-empty entries of a comma-separated list. */
export function listEntries(text: string): string[] {
  return text.split(',').map((part) => part.trim()).filter((part) => part !== '');
}

/**
 * An entry read as a range: a CIDR range, or one address (its whole prefix). An IPv4-mapped IPv6
 * range ("::ffff:10.0.0.0/104") is read as the IPv4 range it maps. Null: neither.
 */
export function parseAddressRange(entry: string): AddressRange | null {
  if (ipaddr.isValidCIDR(entry)) {
    const [address, prefix] = ipaddr.parseCIDR(entry);
    const mapped = address.kind() === 'ipv6' && (address as ipaddr.IPv6).isIPv4MappedAddress() && prefix >= 96;
    return mapped ? [(address as ipaddr.IPv6).toIPv4Address(), prefix - 96] : [address, prefix];
  }
  if (!ipaddr.isValid(entry)) return null;
  const address = ipaddr.process(entry);
  return [address, address.kind() === 'ipv4' ? 32 : 128];
}

/** Whether any of `addresses` (e.g. an address and the IPv4 address it carries) lies in one of `ranges`. */
export function inAddressRanges(addresses: readonly Address[], ranges: readonly AddressRange[]): boolean {
  return ranges.some(([range, prefix]) => addresses.some((address) => address.kind() === range.kind() && address.match(range, prefix)));
}
