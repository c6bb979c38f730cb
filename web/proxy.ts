import { NextResponse, type NextRequest } from 'next/server';
import { publicUrl } from '../domain/config';
import { config as appConfig } from './server/config';
import { crossOriginRefusal } from './server/http/origin-check';
import { securityHeaders } from './server/http/security-headers';

const appUrl = publicUrl(appConfig);
const appOrigin = new URL(appUrl).origin;
const development = process.env.NODE_ENV === 'development';

/**
 * In front of every request: refuses cross-origin state changes to the cookie-authenticated APIs and
 * sets the security headers. Here rather than in next.config.ts `headers()`, which are fixed at build
 * time, because HSTS depends on the PUBLIC_URL the server runs with.
 */
export function proxy(request: NextRequest): NextResponse {
  const refusal = crossOriginRefusal({ method: request.method, pathname: request.nextUrl.pathname, headers: request.headers }, appOrigin);
  const response = refusal ? NextResponse.json({ error: refusal }, { status: 403 }) : NextResponse.next();
  for (const [name, value] of Object.entries(securityHeaders(request.nextUrl.pathname, { publicUrl: appUrl, development }))) {
    response.headers.set(name, value);
  }
  return response;
}

export const config = {
  // Build output and images are immutable files that need no policy; everything else gets one.
  matcher: ['/((?!_next/static|_next/image).*)'],
};
