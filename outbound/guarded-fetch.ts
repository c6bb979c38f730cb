import { NO_INTERNAL_HOSTS, type InternalHostAllowList } from '../domain/network/internal-host-allow-list';
import { checkedTarget, systemResolver, type ResolveHost } from './http-target';
import { MAX_REDIRECTS } from './http-request';

/**
 * `fetch` for channel connectors, whose API base URLs and webhook URLs an admin types in: every
 * hop (redirects followed by hand) is checked like a flow's HTTP request (internal addresses only
 * when HTTP_ALLOWED_INTERNAL_HOSTS allows them). Unlike the flows' client it does not pin the
 * connection to the checked address (fetch has no hook for it), so a DNS answer changed between
 * the check and the connection is not caught; the flows' client (http-request.ts) does that.
 */
export function guardedFetch(allowList: InternalHostAllowList = NO_INTERNAL_HOSTS, resolve: ResolveHost = systemResolver): typeof fetch {
  return async (input, init) => {
    const first = new Request(input, init);
    let hop = { url: new URL(first.url), method: first.method, headers: new Headers(first.headers), body: first.body ? await first.arrayBuffer() : null };
    for (let redirects = 0; ; redirects++) {
      await checkedTarget(hop.url, allowList, resolve);
      const response = await fetch(hop.url, { method: hop.method, headers: hop.headers, body: hop.body, redirect: 'manual', signal: init?.signal ?? first.signal });
      const location = response.headers.get('location');
      if (![301, 302, 303, 307, 308].includes(response.status) || location === null) return response;
      if (redirects === MAX_REDIRECTS) throw new Error(`more than ${MAX_REDIRECTS} redirects from ${hop.url.host}`);
      await response.body?.cancel();
      const next = new URL(location, hop.url);
      const becomesGet = response.status === 303 || ((response.status === 301 || response.status === 302) && hop.method === 'POST');
      const headers = new Headers(hop.headers);
      // Credentials are for the host they were written for, not for wherever it redirects.
      if (next.origin !== hop.url.origin) for (const name of ['authorization', 'cookie', 'proxy-authorization']) headers.delete(name);
      hop = becomesGet ? { url: next, method: 'GET', headers, body: null } : { ...hop, url: next, headers };
    }
  };
}
