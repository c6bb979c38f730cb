import { isSiteOriginAllowed, originRefusal } from '../../../../channels/widget/origins';
import { AppError } from '../../../../domain/errors';
import type { Channel } from '../../../../db/types';
import { widgetSettingsOf } from './channel-settings';

/** The product's own origin: PUBLIC_URL's in the server, the request's own in handler tests. */
function ownOrigin(deps: { publicOrigin?: string }, request: Request): string {
  return deps.publicOrigin ?? new URL(request.url).origin;
}

/**
 * Browsers stamp `Origin` on cross-origin requests and on same-origin POSTs; a page of a site not
 * in the channel's allowed origins gets 403. No header (a same-origin GET, EventSource, a server)
 * passes: such callers could send any header anyway, so only what a browser vouches for is judged.
 */
export function requireAllowedOrigin(deps: { publicOrigin?: string }, request: Request, channel: Channel): void {
  const origin = request.headers.get('origin');
  if (origin === null) return;
  requireAllowedSite(deps, request, channel, origin);
}

/** The same rule for the page embedding the hosted chat, which the chat reports when it starts a session. */
export function requireAllowedSite(deps: { publicOrigin?: string }, request: Request, channel: Channel, site: string): void {
  const origin = originOf(site);
  if (!isSiteOriginAllowed(widgetSettingsOf(channel).allowedOrigins, origin, ownOrigin(deps, request))) {
    throw new AppError('FORBIDDEN', originRefusal(origin), 'origin');
  }
}

/** "https://shop.example.com/cart?x" → its origin; "null" (a sandboxed or file page) stays "null". */
function originOf(site: string): string {
  try {
    return new URL(site).origin;
  } catch {
    return site;
  }
}
