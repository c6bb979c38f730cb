import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Database } from '../../db/client';
import { createAuth } from '../../web/server/auth';
import { acceptInvitation } from '../../web/server/services/staff';
import { createTestDatabase, type TestDatabase } from '../support/db';
import { TEST_SECRET } from '../support/env';
import { createUser } from '../support/fixtures';

/** `npm run users`: recovering a server where nobody can sign in, against a real database. */
const repoRoot = join(import.meta.dirname, '..', '..');
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

async function users(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = promisify(execFile)(join(repoRoot, 'node_modules/.bin/tsx'), ['scripts/users.ts', ...args], {
    cwd: repoRoot,
    env: { ...process.env, DATABASE_URL: database.url, PUBLIC_URL: 'https://help.example.test' },
  });
  return run.then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
  );
}

async function signInStatus(email: string, password: string): Promise<number> {
  const auth = createAuth({ db, secret: TEST_SECRET, baseURL: 'http://openlines.test', rateLimit: false });
  const response = await auth.handler(
    new Request('http://openlines.test/api/auth/sign-in/email', {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: 'http://openlines.test' },
      body: JSON.stringify({ email, password }),
    }),
  );
  return response.status;
}

describe('npm run users', () => {
  it('create-admin with a password makes an admin who can sign in', async () => {
    const result = await users('create-admin', '--email', 'Owner@Example.test', '--name', 'Olga Owner', '--password', 'owner-password-1');
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toContain('Created admin owner@example.test');
    expect(await db.selectFrom('users').select(['name', 'role', 'active']).where('email', '=', 'owner@example.test').executeTakeFirst()).toEqual({ name: 'Olga Owner', role: 'admin', active: true });
    expect(await signInStatus('owner@example.test', 'owner-password-1')).toBe(200);
  });

  it('create-admin without a password prints a one-time link that sets it', async () => {
    const result = await users('create-admin', '--email', 'second@example.test', '--name', 'Sam Second');
    expect(result.code, result.stderr).toBe(0);
    const url = /https:\/\/help\.example\.test\/invite\/(\S+)/.exec(result.stdout);
    expect(url).not.toBeNull();
    await acceptInvitation({ db }, url![1]!, 'second-password-1');
    expect(await signInStatus('second@example.test', 'second-password-1')).toBe(200);
  });

  it('reset-password sets a new password and ends the sessions', async () => {
    const user = await createUser(db, 'admin');
    await db.insertInto('sessions').values({ id: 'cli-session', user_id: user.id, token: 'cli-session-token', expires_at: new Date(Date.now() + 86_400_000) }).execute();
    const result = await users('reset-password', '--email', user.email, '--password', 'recovered-password');
    expect(result.code, result.stderr).toBe(0);
    expect(await db.selectFrom('sessions').select('id').where('user_id', '=', user.id).execute()).toEqual([]);
    expect(await signInStatus(user.email, 'recovered-password')).toBe(200);
  });

  it('gives clear usage errors and changes nothing', async () => {
    const unknown = await users('make-coffee');
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toContain('error: unknown command: make-coffee');
    expect(unknown.stderr).toContain('Usage:');

    expect((await users('create-admin', '--name', 'No Mail')).stderr).toContain('--email is required');
    expect((await users('create-admin', '--email', 'bad', '--name', 'Bad')).stderr).toContain('--email: enter a valid e-mail address');
    expect((await users('create-admin', '--email', 'short@example.test', '--name', 'Short', '--password', 'abc')).stderr).toContain('--password: must be at least 8 characters');
    expect((await users('reset-password', '--email', 'nobody@example.test')).stderr).toContain('no user has the address nobody@example.test');
    const duplicate = await users('create-admin', '--email', 'owner@example.test', '--name', 'Twin');
    expect(duplicate.code).toBe(2);
    expect(duplicate.stderr).toContain('already has an account');
    expect(await db.selectFrom('users').select('id').where('email', 'in', ['bad', 'short@example.test']).execute()).toEqual([]);
  });
});
