import type ipaddr from 'ipaddr.js';
import { inAddressRanges, listEntries, parseAddressRange, type AddressRange } from './address-ranges';
import { embeddedIpv4, parseAddress } from './internal-addresses';

/**
 * HTTP_ALLOWED_INTERNAL_HOSTS: the internal hosts an on-premises admin lets flows reach (a CRM on
 * the office network). Comma-separated host names (matched exactly, any case), IP addresses and
 * CIDR ranges (matched against the address the name resolved to).
 */
export interface InternalHostAllowList {
  readonly names: ReadonlySet<string>;
  readonly ranges: readonly AddressRange[];
}

export const NO_INTERNAL_HOSTS: InternalHostAllowList = { names: new Set(), ranges: [] };

const HOST_NAME = /^(?=.{1,253}$)[a-z0-9_](?:[a-z0-9_-]{0,62})(?:\.[a-z0-9_](?:[a-z0-9_-]{0,62}))*$/;

/** The parsed list, or a message naming the entry that is wrong and how to write it. */
export function parseInternalHostAllowList(text: string): { ok: true; allowList: InternalHostAllowList } | { ok: false; problem: string } {
  const names = new Set<string>();
  const ranges: AddressRange[] = [];
  for (const entry of listEntries(text)) {
    if (entry.includes('://')) return { ok: false, problem: `"${entry}" is a URL: write only its host name, such as crm.office.lan` };
    const range = parseAddressRange(entry);
    if (range) {
      ranges.push(range);
      continue;
    }
    if (entry.includes('/')) {
      return { ok: false, problem: `"${entry}" is not a CIDR range: write it as an address and a prefix length, such as 10.0.0.0/8 or fd00::/8` };
    }
    const name = entry.toLowerCase().replace(/\.$/, '');
    if (!HOST_NAME.test(name)) {
      return { ok: false, problem: `"${entry}" is neither a host name, an IP address nor a CIDR range: write e.g. crm.office.lan, 10.0.0.5 or 10.0.0.0/8, separated by commas` };
    }
    names.add(name);
  }
  return { ok: true, allowList: { names, ranges } };
}

/** The list from configuration that parseConfig already checked (a bad value stopped start-up). */
export function internalHostAllowList(text: string): InternalHostAllowList {
  const parsed = parseInternalHostAllowList(text);
  if (!parsed.ok) throw new Error(`HTTP_ALLOWED_INTERNAL_HOSTS: ${parsed.problem}`);
  return parsed.allowList;
}

/** Whether the admin allowed `host` (as written in the URL) or the internal `address` it resolved to. */
export function isAllowedInternalHost(allowList: InternalHostAllowList, host: string, address: string): boolean {
  if (allowList.names.has(host.toLowerCase().replace(/\.$/, ''))) return true;
  const parsed = parseAddress(address);
  if (!parsed) return false;
  // An IPv4 address may come back IPv4-mapped ("::ffff:10.0.0.5"); an allowed 10.0.0.5 covers it.
  const candidates = parsed.kind() === 'ipv6' ? [parsed, embeddedIpv4(parsed as ipaddr.IPv6)].filter((a) => a !== null) : [parsed];
  return inAddressRanges(candidates, allowList.ranges);
}
