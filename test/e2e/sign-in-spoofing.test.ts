import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Database } from '../../db/client';
import { SIGN_IN_ATTEMPTS_PER_ADDRESS } from '../../web/server/sign-in-guard';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { createUser, TEST_PASSWORD } from '../support/fixtures';
import { startWebServer } from '../support/web-server';

/**
 * The production server (`next start`) learns who is signing in from the socket, not from what the
 * client writes in X-Forwarded-For; only TRUSTED_PROXIES make that header believed.
 */
let database: TestDatabase;
let db: Database;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
});

afterAll(async () => {
  await db?.destroy();
  await database?.destroy();
});

function signIn(url: string, email: string, password: string, forwardedFor: string): Promise<Response> {
  return fetch(`${url}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: url, 'x-forwarded-for': forwardedFor },
    body: JSON.stringify({ email, password }),
  });
}

async function sessionAddressOf(userId: string): Promise<string | null | undefined> {
  return (await db.selectFrom('sessions').select('ip_address').where('user_id', '=', userId).executeTakeFirst())?.ip_address;
}

describe('sign-in on the production server', () => {
  it('limits a client who sends a new fake X-Forwarded-For with every attempt', async () => {
    const web = await startWebServer({ databaseUrl: database.url, taskQueue: `unused-${randomUUID()}` });
    try {
      const anna = await createUser(db, 'manager');
      expect((await signIn(web.url, anna.email, TEST_PASSWORD, '203.0.113.1')).status).toBe(200);
      // The session records the socket's address, not the claimed one.
      expect(await sessionAddressOf(anna.id)).toBe('127.0.0.1');

      // Windows are whole minutes: one boundary may pass during the loop, so allow two windows' worth.
      const { limit } = SIGN_IN_ATTEMPTS_PER_ADDRESS;
      let refused: Response | undefined;
      let attempts = 1;
      while (!refused && attempts <= 2 * limit + 1) {
        attempts += 1;
        const response = await signIn(web.url, `nobody-${randomUUID()}@test.local`, 'guess', `203.0.113.${attempts}, 198.51.100.${attempts}`);
        if (response.status === 429) refused = response;
        else expect(response.status).toBe(401);
      }
      expect(refused, `no 429 after ${attempts} attempts from one address`).toBeDefined();
      expect(Number(refused?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(((await refused?.json()) as { message: string }).message).toMatch(
        new RegExp(`Too many sign-in attempts from your network address: the limit is ${limit} per minute\\. Try again in \\d+ seconds?`),
      );
    } finally {
      await web.stop();
    }
  });

  it('believes X-Forwarded-For from a trusted proxy, taking the hop the proxy appended', async () => {
    const web = await startWebServer({ databaseUrl: database.url, taskQueue: `unused-${randomUUID()}`, env: { TRUSTED_PROXIES: '127.0.0.1' } });
    try {
      const boris = await createUser(db, 'manager');
      expect((await signIn(web.url, boris.email, TEST_PASSWORD, '6.6.6.6, 203.0.113.77')).status).toBe(200);
      expect(await sessionAddressOf(boris.id)).toBe('203.0.113.77');
    } finally {
      await web.stop();
    }
  });
});
