import { getAuth } from '../../../../server/auth';
import { getDb } from '../../../../server/db';
import { createSignInGuardDeps, guardAuthRequest, type SignInGuardDeps } from '../../../../server/sign-in-guard';

export const dynamic = 'force-dynamic';

let guard: SignInGuardDeps | undefined;

// The auth instance is created on the first request, not when Next.js collects routes at build time.
function handler(request: Request): Promise<Response> {
  guard ??= createSignInGuardDeps(getDb());
  return guardAuthRequest(guard, request, (guarded) => getAuth().handler(guarded));
}

export { handler as GET, handler as POST };
