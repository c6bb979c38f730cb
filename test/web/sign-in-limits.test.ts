import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Database } from '../../db/client';
import type { SignInBackoffPolicy } from '../../domain/sign-in-backoff';
import { createAuth, type Auth } from '../../web/server/auth';
import { createRateLimiter } from '../../web/server/http/rate-limit';
import { guardAuthRequest, type SignInGuardDeps } from '../../web/server/sign-in-guard';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { TEST_SECRET } from '../support/env';
import { createUser, TEST_PASSWORD } from '../support/fixtures';
import { fromPeer } from '../support/peer';
import { PUBLIC_URL } from './helpers';

/**
 * Sign-in through the guard the auth route wraps around better-auth: per address (the socket
 * peer, whatever X-Forwarded-For says) and, after repeated failures, per e-mail address.
 */
let database: TestDatabase;
let db: Database;
let auth: Auth;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  auth = createAuth({ db, secret: TEST_SECRET, baseURL: PUBLIC_URL });
});

afterAll(async () => {
  await db?.destroy();
  await database?.destroy();
});

function guardWith(options: { perAddress?: number; backoff?: SignInBackoffPolicy } = {}): SignInGuardDeps {
  return {
    db,
    addressLimiter: createRateLimiter(db, { name: `sign-in-${randomUUID()}`, limit: options.perAddress ?? 1000, windowMs: 60_000, counts: 'sign-in attempts from your network address' }),
    backoff: options.backoff,
  };
}

function signIn(guard: SignInGuardDeps, email: string, password: string, headers: Record<string, string>) {
  const request = new Request(`${PUBLIC_URL}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: PUBLIC_URL, ...headers },
    body: JSON.stringify({ email, password }),
  });
  return guardAuthRequest(guard, request, (guarded) => auth.handler(guarded));
}

async function messageOf(response: Response): Promise<string> {
  return ((await response.json()) as { message: string }).message;
}

let fakeHop = 0;
/** A request from `peer` claiming a new forwarded address every time. */
const spoofing = (peer: string) => fromPeer(peer, `203.0.113.${(fakeHop += 1) % 250}`);

describe('sign-in attempts per address', () => {
  it('are limited by the socket peer however X-Forwarded-For is faked, and other addresses go on', async () => {
    const guard = guardWith({ perAddress: 4 });
    for (let i = 0; i < 4; i += 1) {
      expect((await signIn(guard, `nobody-${i}@test.local`, 'wrong-password', spoofing('198.51.100.1'))).status).toBe(401);
    }
    const refused = await signIn(guard, 'nobody-5@test.local', 'wrong-password', spoofing('198.51.100.1'));
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    expect(await messageOf(refused)).toMatch(/Too many sign-in attempts from your network address: the limit is 4 per minute\. Try again in \d+ seconds?/);

    const anna = await createUser(db, 'manager');
    expect((await signIn(guard, anna.email, TEST_PASSWORD, spoofing('198.51.100.2'))).status).toBe(200);
  });

  it('hands better-auth the resolved address, not the one the client claims', async () => {
    const anna = await createUser(db, 'manager');
    expect((await signIn(guardWith(), anna.email, TEST_PASSWORD, fromPeer('198.51.100.3', '6.6.6.6'))).status).toBe(200);
    const session = await db.selectFrom('sessions').select('ip_address').where('user_id', '=', anna.id).executeTakeFirstOrThrow();
    expect(session.ip_address).toBe('198.51.100.3');
  });
});

describe('failed sign-ins per e-mail address', () => {
  it('make the next attempt wait 30 seconds after five, the right password included, from any address', async () => {
    const guard = guardWith();
    const boris = await createUser(db, 'manager');
    for (let i = 0; i < 5; i += 1) {
      expect((await signIn(guard, boris.email, `guess-${i}`, fromPeer(`198.51.100.${10 + i}`))).status).toBe(401);
    }
    const refused = await signIn(guard, boris.email.toUpperCase(), TEST_PASSWORD, fromPeer('198.51.100.20'));
    expect(refused.status).toBe(429);
    const retryAfter = Number(refused.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(25);
    expect(retryAfter).toBeLessThanOrEqual(30);
    expect(await messageOf(refused)).toMatch(/^Too many failed sign-ins for this e-mail address\. Try again in \d+ seconds \(after \d\d:\d\d:\d\d UTC\)\.$/);
  });

  it('say the same for an address nobody has, so they reveal no account', async () => {
    const guard = guardWith();
    const boris = await createUser(db, 'manager');
    const ghost = `ghost-${randomUUID().slice(0, 8)}@test.local`;
    const refusals: Response[] = [];
    for (const email of [boris.email, ghost]) {
      for (let i = 0; i < 5; i += 1) expect((await signIn(guard, email, 'wrong-password', fromPeer('198.51.100.21'))).status).toBe(401);
      refusals.push(await signIn(guard, email, 'wrong-password', fromPeer('198.51.100.21')));
    }
    const [real, none] = await Promise.all(
      refusals.map(async (r) => ({ status: r.status, waitsAbout30s: Number(r.headers.get('retry-after')) > 20, message: (await messageOf(r)).replace(/\d/g, '#') })),
    );
    expect(real).toMatchObject({ status: 429, waitsAbout30s: true });
    expect(none).toEqual(real);
  });

  it('count a burst sent at once: only the free failures get through', async () => {
    const guard = guardWith();
    const cleo = await createUser(db, 'manager');
    const statuses = await Promise.all(Array.from({ length: 10 }, (_, i) => signIn(guard, cleo.email, `burst-${i}`, fromPeer(`198.51.100.${30 + i}`)).then((r) => r.status)));
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(5);
  });

  it('are forgotten when the right password comes after the wait', async () => {
    // A wait long enough that a slow password check cannot outlast it.
    const guard = guardWith({ backoff: { freeFailures: 2, firstWaitSeconds: 6, maxWaitSeconds: 60, forgetAfterSeconds: 3600 } });
    const dora = await createUser(db, 'manager');
    for (let i = 0; i < 2; i += 1) expect((await signIn(guard, dora.email, 'wrong-password', fromPeer('198.51.100.40'))).status).toBe(401);
    const refused = await signIn(guard, dora.email, TEST_PASSWORD, fromPeer('198.51.100.40'));
    expect(refused.status).toBe(429);
    await new Promise((resolve) => setTimeout(resolve, Number(refused.headers.get('retry-after')) * 1000 + 100));
    expect((await signIn(guard, dora.email, TEST_PASSWORD, fromPeer('198.51.100.40'))).status).toBe(200);
    // A clean slate: two more failures are free again.
    for (let i = 0; i < 2; i += 1) expect((await signIn(guard, dora.email, 'wrong-password', fromPeer('198.51.100.40'))).status).toBe(401);
    expect((await signIn(guard, dora.email, 'wrong-password', fromPeer('198.51.100.40'))).status).toBe(429);
  });
});
