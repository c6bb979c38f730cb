import { getAuth } from '../../../../server/auth';

export const dynamic = 'force-dynamic';

// The auth instance is created on the first request, not when Next.js collects routes at build time.
function handler(request: Request): Promise<Response> {
  return getAuth().handler(request);
}

export { handler as GET, handler as POST };
