const STATE_CHANGING_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * Operator and admin requests authenticate by cookie, which a browser attaches to requests from any
 * site: a state-changing request to tRPC, auth or file uploads must come from a page of PUBLIC_URL's origin (CSRF).
 * The widget API (/api/widget/*) is cross-origin by design and authenticates by bearer token, so it
 * is not checked. Returns why the request is refused, or null.
 */
export function crossOriginRefusal(request: { method: string; pathname: string; headers: Headers }, publicOrigin: string): string | null {
  if (!STATE_CHANGING_METHODS.has(request.method.toUpperCase())) return null;
  if (!isCookieAuthenticatedApi(request.pathname)) return null;
  const origin = request.headers.get('origin');
  // An opaque origin ("null": sandboxed frames, some redirects) is never PUBLIC_URL's.
  if (origin !== null) {
    return origin === publicOrigin ? null : `cross-origin request refused: Origin ${origin} is not ${publicOrigin} (PUBLIC_URL)`;
  }
  // Some browsers and clients send no Origin on same-origin requests, but do send a Referer.
  const referer = request.headers.get('referer');
  const refererOrigin = referer ? originOf(referer) : null;
  if (refererOrigin !== null) {
    return refererOrigin === publicOrigin ? null : `cross-origin request refused: Referer ${refererOrigin} is not ${publicOrigin} (PUBLIC_URL)`;
  }
  return `request refused: a ${request.method.toUpperCase()} to ${request.pathname} must carry an Origin or Referer header of ${publicOrigin} (PUBLIC_URL)`;
}

function isCookieAuthenticatedApi(pathname: string): boolean {
  return ['/api/trpc', '/api/auth', '/api/files'].some((prefix) => pathname === prefix || pathname.startsWith(`${prefix}/`));
}

function originOf(url: string): string | null {
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
