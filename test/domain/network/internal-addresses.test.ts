import { describe, expect, it } from 'vitest';
import { parseConfig } from '../../../domain/config';
import { internalRangeOf } from '../../../domain/network/internal-addresses';
import { internalHostAllowList, isAllowedInternalHost, parseInternalHostAllowList } from '../../../domain/network/internal-host-allow-list';

describe('internalRangeOf', () => {
  it.each([
    ['127.0.0.1', 'loopback'],
    ['127.255.0.9', 'loopback'],
    ['2130706433', 'loopback'],
    ['0x7f.1', 'loopback'],
    ['0177.0.0.1', 'loopback'],
    ['10.1.2.3', 'private'],
    ['172.16.0.1', 'private'],
    ['172.31.255.254', 'private'],
    ['192.168.1.1', 'private'],
    ['169.254.169.254', 'link-local (cloud metadata service)'],
    ['100.64.0.1', 'carrier-grade NAT'],
    ['198.18.0.1', 'benchmarking'],
    ['198.19.255.255', 'benchmarking'],
    ['0.0.0.0', 'unspecified ("this network")'],
    ['0.1.2.3', 'unspecified ("this network")'],
    ['224.0.0.1', 'multicast'],
    ['239.255.255.250', 'multicast'],
    ['240.0.0.1', 'reserved (and broadcast)'],
    ['255.255.255.255', 'reserved (and broadcast)'],
    ['192.0.0.170', 'IETF protocol assignments'],
  ])('IPv4 %s is %s', (address, range) => {
    expect(internalRangeOf(address)).toBe(range);
  });

  it.each([
    ['::', 'unspecified'],
    ['::1', 'loopback'],
    ['[::1]', 'loopback'],
    ['fc00::1', 'unique-local (includes the fd00:ec2::254 metadata service)'],
    ['fd00:ec2::254', 'unique-local (includes the fd00:ec2::254 metadata service)'],
    ['fe80::1', 'link-local'],
    ['febf::1', 'link-local'],
    ['fec0::1', 'site-local'],
    ['ff02::1', 'multicast'],
    ['64:ff9b:1::1', 'local-use NAT64'],
    ['2001:0:4136:e378::1', 'Teredo tunnel'],
    ['2001:db8::1', 'documentation'],
  ])('IPv6 %s is %s', (address, range) => {
    expect(internalRangeOf(address)).toBe(range);
  });

  it.each([
    ['::ffff:127.0.0.1', 'loopback'],
    ['[::ffff:127.0.0.1]', 'loopback'],
    ['::ffff:7f00:1', 'loopback'],
    ['::ffff:169.254.169.254', 'link-local (cloud metadata service)'],
    ['::127.0.0.1', 'loopback'],
    ['::a00:1', 'private'],
    ['64:ff9b::10.0.0.1', 'private'],
    ['64:ff9b::a9fe:a9fe', 'link-local (cloud metadata service)'],
    ['2002:7f00:1::', 'loopback'],
    ['2002:c0a8:101::1', 'private'],
    ['::ffff:0:192.168.0.1', 'private'],
  ])('an IPv6 address carrying an internal IPv4 (%s) is internal', (address, range) => {
    expect(internalRangeOf(address)).toBe(`${range}, inside an IPv6 address`);
  });

  it.each([['8.8.8.8'], ['93.184.216.34'], ['172.32.0.1'], ['100.128.0.1'], ['198.20.0.1'], ['2606:4700::1111'], ['::ffff:8.8.8.8'], ['64:ff9b::808:808'], ['2002:808:808::1']])(
    'the public address %s is not internal',
    (address) => {
      expect(internalRangeOf(address)).toBeNull();
    },
  );

  it('counts what is not an address as internal: it cannot be checked', () => {
    expect(internalRangeOf('example.com')).toBe('not an IP address');
  });
});

describe('HTTP_ALLOWED_INTERNAL_HOSTS', () => {

  it('allows nothing when empty', () => {
    expect(isAllowedInternalHost(internalHostAllowList(''), 'localhost', '127.0.0.1')).toBe(false);
  });

  it('matches host names exactly, in any case, as written in the URL', () => {
    const list = internalHostAllowList(' CRM.office.lan , localhost.');
    expect(isAllowedInternalHost(list, 'crm.office.lan', '10.0.0.5')).toBe(true);
    expect(isAllowedInternalHost(list, 'Localhost', '127.0.0.1')).toBe(true);
    expect(isAllowedInternalHost(list, 'other.office.lan', '10.0.0.5')).toBe(false);
    expect(isAllowedInternalHost(list, 'x.crm.office.lan', '10.0.0.5')).toBe(false);
  });

  it('matches addresses and CIDR ranges against the resolved address, IPv4-mapped too', () => {
    const list = internalHostAllowList('127.0.0.1,10.20.0.0/16,fd12::/16');
    expect(isAllowedInternalHost(list, 'anything', '127.0.0.1')).toBe(true);
    expect(isAllowedInternalHost(list, 'anything', '::ffff:127.0.0.1')).toBe(true);
    expect(isAllowedInternalHost(list, 'anything', '127.0.0.2')).toBe(false);
    expect(isAllowedInternalHost(list, 'anything', '10.20.255.1')).toBe(true);
    expect(isAllowedInternalHost(list, 'anything', '10.21.0.1')).toBe(false);
    expect(isAllowedInternalHost(list, 'anything', 'fd12:3::1')).toBe(true);
    expect(isAllowedInternalHost(list, 'anything', 'fd13::1')).toBe(false);
  });

  it.each([
    ['10.0.0.0/33', /"10.0.0.0\/33" is not a CIDR range: write it as an address and a prefix length/],
    ['crm office', /"crm office" is neither a host name, an IP address nor a CIDR range/],
    ['http://crm.lan', /"http:\/\/crm.lan" is a URL: write only its host name/],
  ])('refuses %j with the fix', (text, message) => {
    const parsed = parseInternalHostAllowList(text);
    expect(parsed.ok).toBe(false);
    expect(!parsed.ok && parsed.problem).toMatch(message);
  });

  it('stops start-up with a message naming the variable when an entry is wrong', () => {
    expect(() => parseConfig({ HTTP_ALLOWED_INTERNAL_HOSTS: '127.0.0.1, crm office' })).toThrow(/HTTP_ALLOWED_INTERNAL_HOSTS: "crm office" is neither a host name/);
    expect(parseConfig({ HTTP_ALLOWED_INTERNAL_HOSTS: '127.0.0.1, crm.office.lan, 10.0.0.0/8' }).HTTP_ALLOWED_INTERNAL_HOSTS).toBe('127.0.0.1, crm.office.lan, 10.0.0.0/8');
  });
});
