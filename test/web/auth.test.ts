import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Database } from '../../db/client';
import { createAuth, getSessionUser, type Auth } from '../../web/server/auth';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { TEST_SECRET } from '../support/env';
import { createUser, TEST_PASSWORD } from '../support/fixtures';
import { PUBLIC_URL } from './helpers';

/** better-auth over our snake_case tables, with credentials written the way db/seed.ts writes them. */
let database: TestDatabase;
let db: Database;
let auth: Auth;

beforeAll(async () => {
  database = await createTestDatabase();
  db = createDb(database.url);
  auth = createAuth({ db, secret: TEST_SECRET, baseURL: PUBLIC_URL, rateLimit: false });
});

afterAll(async () => {
  await db?.destroy();
  await database?.destroy();
});

function post(path: string, body: unknown, headers: Record<string, string> = {}) {
  return auth.handler(
    new Request(`${PUBLIC_URL}/api/auth${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: PUBLIC_URL, ...headers },
      body: JSON.stringify(body),
    }),
  );
}

function sessionCookieOf(response: Response): string {
  const cookies = response.headers.getSetCookie().map((c) => c.split(';')[0] ?? '');
  const session = cookies.find((c) => c.includes('session_token='));
  expect(session).toBeTruthy();
  return session ?? '';
}

describe('sign-in with e-mail and password', () => {
  it('signs a seeded user in through the HTTP handler and knows their role', async () => {
    const admin = await createUser(db, 'admin', 'Alex Admin');
    const response = await post('/sign-in/email', { email: admin.email.toUpperCase(), password: TEST_PASSWORD });
    expect(response.status).toBe(200);
    const cookie = sessionCookieOf(response);

    const user = await getSessionUser(auth, new Headers({ cookie }));
    expect(user).toEqual({ id: admin.id, name: 'Alex Admin', email: admin.email, role: 'admin', active: true, locale: 'en' });
    const stored = await db.selectFrom('sessions').select(['user_id', 'expires_at']).where('user_id', '=', admin.id).execute();
    expect(stored).toHaveLength(1);

    const signOut = await post('/sign-out', {}, { cookie });
    expect(signOut.status).toBe(200);
    expect(await getSessionUser(auth, new Headers({ cookie }))).toBeNull();
  });

  it('signs in through the server API too', async () => {
    const anna = await createUser(db, 'manager');
    const result = await auth.api.signInEmail({ body: { email: anna.email, password: TEST_PASSWORD } });
    expect(result.user).toMatchObject({ id: anna.id, email: anna.email, role: 'manager', active: true });
  });

  it('refuses a wrong password without saying which part was wrong', async () => {
    const anna = await createUser(db, 'manager');
    const response = await post('/sign-in/email', { email: anna.email, password: 'not-the-password' });
    expect(response.status).toBe(401);
    expect(((await response.json()) as { message: string }).message).toMatch(/invalid email or password/i);
  });

  it('refuses a deactivated user', async () => {
    const gone = await createUser(db, 'manager');
    await db.updateTable('users').set({ active: false }).where('id', '=', gone.id).execute();
    const response = await post('/sign-in/email', { email: gone.email, password: TEST_PASSWORD });
    expect(response.status).toBe(403);
    expect(((await response.json()) as { message: string }).message).toMatch(/deactivated/);
  });

  it('has sign-up turned off: admins create users', async () => {
    const response = await post('/sign-up/email', { email: 'new@test.local', password: 'long-enough-password', name: 'New' });
    expect(response.ok).toBe(false);
    expect(await db.selectFrom('users').select('id').where('email', '=', 'new@test.local').execute()).toEqual([]);
  });
});
