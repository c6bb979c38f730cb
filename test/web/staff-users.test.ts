import { describe, expect, it } from 'vitest';
import { createAuth, getSessionUser } from '../../web/server/auth';
import { acceptInvitation, viewInvitation } from '../../web/server/services/staff';
import { TEST_SECRET } from '../support/env';
import { createUser, TEST_PASSWORD } from '../support/fixtures';
import { apiAs, PUBLIC_URL, rejection, sessionUser, useApiDatabase } from './helpers';

/** Admin → Users: creating staff, invitations, roles, deactivation, resets, and the own profile. */
const shared = useApiDatabase();

const db = () => shared.deps.db;
const auth = () => createAuth({ db: db(), secret: TEST_SECRET, baseURL: PUBLIC_URL, rateLimit: false });

async function adminApi() {
  const admin = await createUser(db(), 'admin');
  return { admin, api: apiAs(shared.deps, sessionUser(admin, 'admin')) };
}

async function signIn(email: string, password: string): Promise<{ status: number; cookie: string }> {
  const response = await auth().handler(
    new Request(`${PUBLIC_URL}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: PUBLIC_URL },
      body: JSON.stringify({ email, password }),
    }),
  );
  const cookie = response.headers.getSetCookie().map((c) => c.split(';')[0] ?? '').find((c) => c.includes('session_token=')) ?? '';
  return { status: response.status, cookie };
}

const tokenOf = (url: string) => url.split('/invite/')[1] ?? '';
const email = (tag: string) => `${tag}-${Math.random().toString(36).slice(2, 8)}@test.local`;

describe('creating users', () => {
  it('creates a user with a password who can sign in at once', async () => {
    const { api } = await adminApi();
    const address = email('pat');
    const { user, link } = await api.users.create({ name: 'Pat Operator', email: address.toUpperCase(), role: 'manager', setup: { kind: 'password', password: 'first-password-1' } });
    expect(user).toMatchObject({ name: 'Pat Operator', email: address, role: 'manager', active: true });
    expect(link).toBeNull();
    expect((await signIn(address, 'first-password-1')).status).toBe(200);
  });

  it('creates a user with a one-time link that works once, stores only its hash, and signs them in', async () => {
    const { api } = await adminApi();
    const address = email('ivy');
    const { user, link } = await api.users.create({ name: 'Ivy Invited', email: address, role: 'manager', setup: { kind: 'invitation' } });
    expect(link?.url).toMatch(new RegExp(`^${PUBLIC_URL}/invite/[A-Za-z0-9_-]{40,}$`));
    const days = (link!.expiresAt.getTime() - Date.now()) / 86_400_000;
    expect(days).toBeGreaterThan(6.9);
    expect(days).toBeLessThanOrEqual(7);
    const token = tokenOf(link!.url);
    const stored = await db().selectFrom('user_invitations').select('token_hash').where('user_id', '=', user.id).execute();
    expect(stored).toHaveLength(1);
    expect(stored[0]!.token_hash).not.toContain(token);
    // No password yet: nobody can sign in as them.
    expect((await signIn(address, 'any-password-1')).status).toBe(401);

    expect(await viewInvitation({ db: db() }, token)).toEqual({ state: 'valid', name: 'Ivy Invited', email: address });
    expect(await acceptInvitation({ db: db() }, token, 'chosen-password-1')).toEqual({ email: address });
    expect((await signIn(address, 'chosen-password-1')).status).toBe(200);

    expect(await viewInvitation({ db: db() }, token)).toMatchObject({ state: 'used', title: 'This link was already used' });
    const again = await acceptInvitation({ db: db() }, token, 'other-password-1').catch((e: unknown) => e);
    expect(again).toMatchObject({ code: 'CONFLICT', field: 'token' });
    expect((await signIn(address, 'chosen-password-1')).status).toBe(200);
  });

  it('says an expired or unknown link does not work, and sets nothing', async () => {
    const { api } = await adminApi();
    const { user, link } = await api.users.create({ name: 'Late Larry', email: email('larry'), role: 'manager', setup: { kind: 'invitation' } });
    const token = tokenOf(link!.url);
    const eightDays = new Date(Date.now() + 8 * 86_400_000);
    expect(await viewInvitation({ db: db() }, token, eightDays)).toMatchObject({ state: 'expired', title: 'This link has expired' });
    expect(await acceptInvitation({ db: db() }, token, 'late-password-1', eightDays).catch((e: unknown) => e)).toMatchObject({ code: 'CONFLICT' });
    expect(await viewInvitation({ db: db() }, 'not-a-real-token')).toMatchObject({ state: 'unknown' });
    const accounts = await db().selectFrom('accounts').select('id').where('user_id', '=', user.id).execute();
    expect(accounts).toEqual([]);
  });

  it("gives the new user the language the admin picked, else the admin's own, and refuses one we do not speak", async () => {
    const { admin, api } = await adminApi();
    const localeOf = async (id: string) => (await db().selectFrom('users').select('locale').where('id', '=', id).executeTakeFirstOrThrow()).locale;

    const russian = await api.users.create({ name: 'Olga Orlova', email: email('olga'), role: 'manager', setup: { kind: 'invitation' }, locale: 'ru' });
    expect(await localeOf(russian.user.id)).toBe('ru');
    const english = await api.users.create({ name: 'Eve English', email: email('eve'), role: 'manager', setup: { kind: 'password', password: 'first-password-1' }, locale: 'en' });
    expect(await localeOf(english.user.id)).toBe('en');

    // Not picked: the admin's own language, whichever it is.
    await apiAs(shared.deps, sessionUser(admin, 'admin')).profile.update({ name: admin.name, image: null, locale: 'ru' });
    const inherited = await api.users.create({ name: 'Ivan Inherit', email: email('ivan'), role: 'manager', setup: { kind: 'invitation' } });
    expect(await localeOf(inherited.user.id)).toBe('ru');

    // The invitee keeps it after setting the password: their first page is in that language.
    await acceptInvitation({ db: db() }, tokenOf(inherited.link!.url), 'chosen-password-1');
    expect(await localeOf(inherited.user.id)).toBe('ru');

    const address = email('de');
    const german = await rejection(api.users.create({ name: 'Dora', email: address, role: 'manager', setup: { kind: 'invitation' }, locale: 'de' as 'en' }));
    expect(german.code).toBe('BAD_REQUEST');
    expect(german.message).toContain('locale: must be "en" (English) or "ru" (Russian)');
    expect(await db().selectFrom('users').select('id').where('email', '=', address).execute()).toEqual([]);
  });

  it('refuses a duplicate e-mail, an invalid e-mail and a short password naming the field, writing nothing', async () => {
    const { api } = await adminApi();
    const taken = await createUser(db(), 'manager');
    const duplicate = await rejection(api.users.create({ name: 'Twin', email: taken.email.toUpperCase(), role: 'manager', setup: { kind: 'invitation' } }));
    expect(duplicate.code).toBe('CONFLICT');
    expect(duplicate.message).toContain('already has an account');

    const invalid = await rejection(api.users.create({ name: 'Bad', email: 'not-an-email', role: 'manager', setup: { kind: 'invitation' } }));
    expect(invalid.code).toBe('BAD_REQUEST');
    expect(invalid.message).toContain('email: enter a valid e-mail address');

    const address = email('short');
    const short = await rejection(api.users.create({ name: 'Short', email: address, role: 'manager', setup: { kind: 'password', password: 'abc' } }));
    expect(short.message).toContain('setup.password: must be at least 8 characters');
    expect(await db().selectFrom('users').select('id').where('email', 'in', [address, 'not-an-email']).execute()).toEqual([]);
  });

  it('refuses every staff change to a director or a manager (FORBIDDEN), changing nothing', async () => {
    const target = await createUser(db(), 'manager');
    for (const role of ['director', 'manager'] as const) {
      const api = apiAs(shared.deps, sessionUser(await createUser(db(), role), role));
      const calls = [
        api.users.create({ name: 'Sneaky', email: email('sneaky'), role: 'admin', setup: { kind: 'invitation' } }),
        api.users.setRole({ userId: target.id, role: 'admin' }),
        api.users.setActive({ userId: target.id, active: false }),
        api.users.resetPassword({ userId: target.id, setup: { kind: 'password', password: 'taken-over-1' } }),
      ];
      for (const call of calls) expect((await rejection(call)).code).toBe('FORBIDDEN');
    }
    expect(await db().selectFrom('users').select(['role', 'active']).where('id', '=', target.id).executeTakeFirst()).toEqual({ role: 'manager', active: true });
    expect((await signIn(target.email, TEST_PASSWORD)).status).toBe(200);
  });
});

describe('roles and deactivation', () => {
  it('changes a role', async () => {
    const { api } = await adminApi();
    const target = await createUser(db(), 'manager');
    expect(await api.users.setRole({ userId: target.id, role: 'director' })).toMatchObject({ id: target.id, role: 'director' });
  });

  it('deactivation ends the sessions at once and refuses sign-in; reactivation lets them back', async () => {
    const { api } = await adminApi();
    const target = await createUser(db(), 'manager');
    const { cookie } = await signIn(target.email, TEST_PASSWORD);
    expect(await getSessionUser(auth(), new Headers({ cookie }))).toMatchObject({ id: target.id });

    expect(await api.users.setActive({ userId: target.id, active: false })).toMatchObject({ active: false });
    expect(await getSessionUser(auth(), new Headers({ cookie }))).toBeNull();
    expect((await signIn(target.email, TEST_PASSWORD)).status).toBe(403);

    await api.users.setActive({ userId: target.id, active: true });
    expect((await signIn(target.email, TEST_PASSWORD)).status).toBe(200);
  });

  it('never leaves the product without an active admin', async () => {
    await db().updateTable('users').set({ active: false }).where('role', '=', 'admin').execute();
    const { admin, api } = await adminApi();
    const demote = await rejection(api.users.setRole({ userId: admin.id, role: 'manager' }));
    expect(demote.code).toBe('CONFLICT');
    expect(demote.message).toContain('last active admin');
    const deactivate = await rejection(api.users.setActive({ userId: admin.id, active: false }));
    expect(deactivate.code).toBe('CONFLICT');
    expect(await db().selectFrom('users').select(['role', 'active']).where('id', '=', admin.id).executeTakeFirst()).toEqual({ role: 'admin', active: true });

    // With a second admin, the first may step down.
    const second = await createUser(db(), 'manager');
    await api.users.setRole({ userId: second.id, role: 'admin' });
    expect(await api.users.setRole({ userId: admin.id, role: 'director' })).toMatchObject({ role: 'director' });
  });
});

describe('password resets', () => {
  it('a new password ends the sessions; the old one stops working', async () => {
    const { api } = await adminApi();
    const target = await createUser(db(), 'manager');
    const { cookie } = await signIn(target.email, TEST_PASSWORD);
    expect(await api.users.resetPassword({ userId: target.id, setup: { kind: 'password', password: 'reset-password-1' } })).toEqual({ link: null });
    expect(await getSessionUser(auth(), new Headers({ cookie }))).toBeNull();
    expect((await signIn(target.email, TEST_PASSWORD)).status).toBe(401);
    expect((await signIn(target.email, 'reset-password-1')).status).toBe(200);
  });

  it('a fresh link replaces the password and earlier links', async () => {
    const { api } = await adminApi();
    const { user, link: first } = await api.users.create({ name: 'Reset Rita', email: email('rita'), role: 'manager', setup: { kind: 'invitation' } });
    const { link } = await api.users.resetPassword({ userId: user.id, setup: { kind: 'invitation' } });
    expect(await viewInvitation({ db: db() }, tokenOf(first!.url))).toMatchObject({ state: 'expired' });
    await acceptInvitation({ db: db() }, tokenOf(link!.url), 'rita-password-1');
    expect((await signIn(user.email, 'rita-password-1')).status).toBe(200);
  });
});

describe('own profile', () => {
  it('changes name, avatar and language, and the password with the current one', async () => {
    const me = await createUser(db(), 'manager');
    const api = apiAs(shared.deps, sessionUser(me, 'manager'));
    expect(await api.profile.get()).toMatchObject({ name: me.name, image: null, locale: 'en' });
    const updated = await api.profile.update({ name: 'New Name', image: 'https://example.com/me.png', locale: 'ru' });
    expect(updated).toMatchObject({ name: 'New Name', image: 'https://example.com/me.png', locale: 'ru' });

    const badImage = await rejection(api.profile.update({ name: 'New Name', image: 'javascript:alert(1)', locale: 'ru' }));
    expect(badImage.message).toContain('image:');

    const wrong = await rejection(api.profile.changePassword({ currentPassword: 'not-it', newPassword: 'my-new-password' }));
    expect(wrong.code).toBe('BAD_REQUEST');
    expect(wrong.message).toContain('current password is not right');
    expect((await signIn(me.email, TEST_PASSWORD)).status).toBe(200);

    await api.profile.changePassword({ currentPassword: TEST_PASSWORD, newPassword: 'my-new-password' });
    expect((await signIn(me.email, 'my-new-password')).status).toBe(200);
    expect((await signIn(me.email, TEST_PASSWORD)).status).toBe(401);
  });
});
