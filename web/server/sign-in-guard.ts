import { createHash } from 'node:crypto';
import { addressLimitKey, type TrustedProxies } from '../../domain/client-address';
import { AppError, RateLimitError } from '../../domain/errors';
import { claimSignInAttempt, DEFAULT_SIGN_IN_BACKOFF, type SignInAttemptDecision, type SignInBackoffPolicy } from '../../domain/sign-in-backoff';
import type { Database } from '../../db/client';
import { clearSignInBackoff, deleteStaleSignInBackoffs, findSignInBackoffForUpdate, saveSignInBackoff } from '../../db/queries/rate-limits';
import { readBodyText } from './http/body';
import { clientAddressOf } from './http/client-address';
import { createRateLimiter, describeSeconds, retryAfterHeaders, type RateLimiter } from './http/rate-limit';

/**
 * Guards better-auth's endpoints (web/app/api/auth): the client's address is resolved here by the
 * TRUSTED_PROXIES rule and handed to better-auth in CLIENT_ADDRESS_HEADER (whatever the client
 * sent under that name is replaced), and e-mail sign-in is limited per address and, after repeated
 * failures, per e-mail address (domain/sign-in-backoff.ts). Both limits live in PostgreSQL, so
 * every web server shares them.
 */
export const CLIENT_ADDRESS_HEADER = 'x-openlines-client-address';

export interface SignInGuardDeps {
  db: Database;
  /** Sign-in attempts per network address. */
  addressLimiter: RateLimiter;
  backoff?: SignInBackoffPolicy;
  trustedProxies?: TrustedProxies;
}

/** Sign-in attempts from one address: an office signing in at nine stays far below. */
export const SIGN_IN_ATTEMPTS_PER_ADDRESS = { limit: 10, windowMs: 60_000 };

export function createSignInGuardDeps(db: Database): SignInGuardDeps {
  return {
    db,
    addressLimiter: createRateLimiter(db, { name: 'sign-in', ...SIGN_IN_ATTEMPTS_PER_ADDRESS, counts: 'sign-in attempts from your network address' }),
  };
}

const MAX_SIGN_IN_BODY_BYTES = 16 * 1024;

export async function guardAuthRequest(deps: SignInGuardDeps, request: Request, handle: (request: Request) => Promise<Response>): Promise<Response> {
  const address = clientAddressOf(request, deps.trustedProxies);
  const headers = new Headers(request.headers);
  headers.set(CLIENT_ADDRESS_HEADER, address);
  if (!(request.method === 'POST' && new URL(request.url).pathname.endsWith('/sign-in/email'))) {
    return handle(new Request(request, { headers }));
  }
  try {
    await deps.addressLimiter.hit(addressLimitKey(address));
    const body = await readBodyText(request, MAX_SIGN_IN_BODY_BYTES);
    const forwarded = new Request(request.url, { method: 'POST', headers, body, signal: request.signal });
    const email = submittedEmail(body);
    // better-auth answers a body without an e-mail (400): there is no account to protect.
    if (email === undefined) return await handle(forwarded);
    const accountKey = createHash('sha256').update(email).digest('hex');
    const decision = await claimAttempt(deps, accountKey);
    if (!decision.allowed) {
      throw new RateLimitError(
        `Too many failed sign-ins for this e-mail address. Try again in ${describeSeconds(decision.retryAfterSeconds)} (after ${decision.lockedUntil.toISOString().slice(11, 19)} UTC).`,
        decision.retryAfterSeconds,
      );
    }
    const response = await handle(forwarded);
    // The password was right (a deactivated account's 403 comes only after it is checked).
    if (response.ok || response.status === 403) await clearSignInBackoff(deps.db, accountKey);
    return response;
  } catch (error) {
    if (error instanceof RateLimitError) return refusal(error.message, 429, retryAfterHeaders(error));
    if (error instanceof AppError && error.code === 'PAYLOAD_TOO_LARGE') return refusal(error.message, 413);
    throw error;
  }
}

function submittedEmail(body: string): string | undefined {
  try {
    const email = (JSON.parse(body) as { email?: unknown } | null)?.email;
    return typeof email === 'string' && email.trim() !== '' ? email.trim().toLowerCase() : undefined;
  } catch {
    return undefined;
  }
}

async function claimAttempt(deps: SignInGuardDeps, accountKey: string): Promise<SignInAttemptDecision> {
  const policy = deps.backoff ?? DEFAULT_SIGN_IN_BACKOFF;
  await forgetStaleBackoffs(deps.db, policy);
  return deps.db.transaction().execute(async (trx) => {
    const now = new Date();
    const decision = claimSignInAttempt(await findSignInBackoffForUpdate(trx, accountKey), now, policy);
    if (decision.allowed) await saveSignInBackoff(trx, accountKey, decision.next);
    return decision;
  });
}

const SWEEP_EVERY_MS = 10 * 60_000;
let lastSweepAt = 0;

/** Rows of addresses nobody tried for longer than the policy remembers, deleted now and then. */
async function forgetStaleBackoffs(db: Database, policy: SignInBackoffPolicy): Promise<void> {
  const now = Date.now();
  if (now - lastSweepAt < SWEEP_EVERY_MS) return;
  lastSweepAt = now;
  await deleteStaleSignInBackoffs(db, new Date(now - (policy.forgetAfterSeconds + policy.maxWaitSeconds) * 1000));
}

/** better-auth's error shape, which the sign-in page shows. */
function refusal(message: string, status: number, headers: Record<string, string> = {}): Response {
  const code = status === 429 ? 'TOO_MANY_REQUESTS' : 'PAYLOAD_TOO_LARGE';
  return Response.json({ code, message }, { status, headers: { 'Cache-Control': 'no-store', ...headers } });
}
