/**
 * The security headers of every response (web/proxy.ts sets them).
 *
 * CSP is static, not nonce-based: a nonce needs every page rendered per request (no static pages)
 * and still cannot cover React Flow's and the UI's inline `style` attributes, so styles need
 * 'unsafe-inline' either way; Next.js's inline bootstrap scripts then need 'unsafe-inline' for
 * scripts too. What the policy still buys: no plugins, no foreign scripts, styles or connections,
 * no <base> or form hijacking, and framing only where intended. The dev server's hot reload
 * evaluates code, hence 'unsafe-eval' in development only.
 */
/**
 * Stored files are whatever clients and operators sent: an HTML page or SVG opened from its link
 * must not run script or reach anything (`sandbox` gives it an opaque origin, so not even the
 * session cookie's origin). Images still show; nothing else loads.
 */
export const STORED_FILE_CSP = "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox; frame-ancestors 'none'";

export function isStoredFilePath(pathname: string): boolean {
  return pathname.startsWith('/api/files/');
}

export function securityHeaders(pathname: string, options: { publicUrl: string; development: boolean }): Record<string, string> {
  // The hosted chat is embedded by widget.js into customers' sites, which can be any site;
  // everything else (inbox, admin, login) must never be framed (clickjacking).
  const embeddable = pathname === '/widget' || pathname.startsWith('/widget/');
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'unsafe-inline'${options.development ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    // Operator pictures of a line may be any https image.
    "img-src 'self' data: blob: https:",
    "font-src 'self' data:",
    `connect-src 'self'${options.development ? ' ws: wss:' : ''}`,
    "frame-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    embeddable ? 'frame-ancestors http: https:' : "frame-ancestors 'none'",
  ].join('; ');
  const headers: Record<string, string> = {
    'Content-Security-Policy': isStoredFilePath(pathname) ? STORED_FILE_CSP : csp,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Permissions-Policy': 'camera=(), microphone=(), geolocation=(), payment=(), usb=(), browsing-topics=()',
  };
  // Older browsers ignore frame-ancestors; X-Frame-Options has no "anyone" value, so it is left off where framing is wanted.
  if (!embeddable) headers['X-Frame-Options'] = 'DENY';
  if (new URL(options.publicUrl).protocol === 'https:') headers['Strict-Transport-Security'] = 'max-age=31536000; includeSubDomains';
  return headers;
}
