import { describe, expect, it } from 'vitest';
import { addressLimitKey, parseTrustedProxies, resolveClientAddress, UNKNOWN_ADDRESS } from '../../domain/client-address';
import { ConfigError, parseConfig } from '../../domain/config';

const none = parseTrustedProxies('');
const proxies = parseTrustedProxies('10.0.0.0/8, 192.168.1.5, fd00::/8');

describe('the client address behind TRUSTED_PROXIES', () => {
  it('is the socket peer when no proxy is trusted, whatever X-Forwarded-For claims', () => {
    expect(resolveClientAddress({ peer: '198.51.100.7', forwardedFor: '203.0.113.1', trusted: none })).toBe('198.51.100.7');
    expect(resolveClientAddress({ peer: '::ffff:127.0.0.1', forwardedFor: '1.2.3.4, 5.6.7.8', trusted: none })).toBe('127.0.0.1');
  });

  it('is the peer when the peer is not a trusted proxy', () => {
    expect(resolveClientAddress({ peer: '198.51.100.7', forwardedFor: '203.0.113.1', trusted: proxies })).toBe('198.51.100.7');
  });

  it('takes the right-most hop not added by a trusted proxy', () => {
    // The client prepended a fake hop; its own address was appended by the first trusted proxy.
    expect(resolveClientAddress({ peer: '10.1.2.3', forwardedFor: '6.6.6.6, 203.0.113.9', trusted: proxies })).toBe('203.0.113.9');
    // Two trusted proxies in a row.
    expect(resolveClientAddress({ peer: '192.168.1.5', forwardedFor: '6.6.6.6, 203.0.113.9, 10.9.9.9', trusted: proxies })).toBe('203.0.113.9');
    expect(resolveClientAddress({ peer: 'fd12::1', forwardedFor: '2001:db8::42', trusted: proxies })).toBe('2001:db8::42');
    // Ports some proxies append are not part of the address.
    expect(resolveClientAddress({ peer: '10.1.2.3', forwardedFor: '203.0.113.9:5123', trusted: proxies })).toBe('203.0.113.9');
  });

  it('stops at the trusted hop that passed on garbage, and at the left end', () => {
    expect(resolveClientAddress({ peer: '10.1.2.3', forwardedFor: 'not-an-ip, 10.4.4.4', trusted: proxies })).toBe('10.4.4.4');
    expect(resolveClientAddress({ peer: '10.1.2.3', forwardedFor: null, trusted: proxies })).toBe('10.1.2.3');
  });

  it('is unknown when the server could not learn its peer', () => {
    expect(resolveClientAddress({ peer: undefined, forwardedFor: '203.0.113.9', trusted: proxies })).toBe(UNKNOWN_ADDRESS);
  });

  it('counts an IPv6 client by its /64, which one subscriber holds whole', () => {
    expect(addressLimitKey('2001:db8:1:2:aaaa::1')).toBe(addressLimitKey('2001:db8:1:2:bbbb::9'));
    expect(addressLimitKey('2001:db8:1:2::1')).not.toBe(addressLimitKey('2001:db8:1:3::1'));
    expect(addressLimitKey('203.0.113.9')).toBe('203.0.113.9');
  });

  it('refuses a TRUSTED_PROXIES entry that is no address or range, naming it', () => {
    expect(() => parseConfig({ TRUSTED_PROXIES: '10.0.0.0/8, proxy.local' })).toThrow(ConfigError);
    expect(() => parseConfig({ TRUSTED_PROXIES: '10.0.0.0/8, proxy.local' })).toThrow(/TRUSTED_PROXIES: "proxy.local" is neither an IP address nor a CIDR range/);
    expect(parseConfig({ TRUSTED_PROXIES: '10.0.0.0/8,::1' }).TRUSTED_PROXIES).toBe('10.0.0.0/8,::1');
  });
});
