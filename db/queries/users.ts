import type { Role } from '../../domain/roles';
import type { Locale } from '../../domain/locale';
import type { Transaction } from 'kysely';
import type { Database } from '../client';
import type { DB } from '../types';

export async function listUsers(db: Database) {
  return db.selectFrom('users').select(['id', 'name', 'email', 'role', 'active']).orderBy('name').orderBy('id').execute();
}

/** Which of these user ids exist (the rest are unknown). */
export async function findExistingUserIds(db: Database, userIds: readonly string[]): Promise<Set<string>> {
  if (userIds.length === 0) return new Set();
  const rows = await db.selectFrom('users').select('id').where('id', 'in', [...userIds]).execute();
  return new Set(rows.map((r) => r.id));
}

export async function findUserNames(db: Database, userIds: readonly string[]): Promise<Map<string, string>> {
  const unique = [...new Set(userIds)];
  if (unique.length === 0) return new Map();
  const rows = await db.selectFrom('users').select(['id', 'name']).where('id', 'in', unique).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/** Role and active flag of the users behind open live streams, in one query however many streams. */
export async function findUsersAccess(db: Database, userIds: readonly string[]) {
  if (userIds.length === 0) return [];
  return db.selectFrom('users').select(['id', 'role', 'active']).where('id', 'in', [...userIds]).execute();
}

export async function findUserActive(db: Database, userId: string): Promise<{ active: boolean } | undefined> {
  return db.selectFrom('users').select('active').where('id', '=', userId).executeTakeFirst();
}

/** The user, locked against deletion or deactivation until the transaction ends (undefined: no such user). */
export async function lockUserForShare(trx: Transaction<DB>, userId: string) {
  return trx.selectFrom('users').select(['id', 'active']).where('id', '=', userId).forShare().executeTakeFirst();
}

/** The active users among `userIds`, in the given order: deactivated users are not alerted. */
export async function keepActiveUserIds(db: Database, userIds: readonly string[]): Promise<string[]> {
  if (userIds.length === 0) return [];
  const rows = await db.selectFrom('users').select('id').where('id', 'in', [...userIds]).where('active', '=', true).execute();
  const active = new Set(rows.map((r) => r.id));
  return userIds.filter((id) => active.has(id));
}

export async function insertUser(db: Database, user: { id: string; email: string; name: string; role: Role; emailVerified: boolean; locale?: Locale }): Promise<void> {
  await db
    .insertInto('users')
    .values({ id: user.id, email: user.email, name: user.name, role: user.role, email_verified: user.emailVerified, image: null, ...(user.locale ? { locale: user.locale } : {}) })
    .execute();
}

export async function findUserIdByEmail(db: Database, email: string): Promise<string | undefined> {
  const row = await db.selectFrom('users').select('id').where('email', '=', email.toLowerCase()).executeTakeFirst();
  return row?.id;
}

/** The user, locked against other changes until the transaction ends (undefined: no such user). */
export async function lockUserForUpdate(trx: Transaction<DB>, userId: string) {
  return trx.selectFrom('users').select(['id', 'name', 'email', 'role', 'active']).where('id', '=', userId).forUpdate().executeTakeFirst();
}

/**
 * The active admins, locked: two admins demoting each other at once take turns here, so the
 * second sees the first's change and neither leaves the product without an admin.
 */
export async function lockActiveAdminIds(trx: Transaction<DB>): Promise<string[]> {
  const rows = await trx.selectFrom('users').select('id').where('role', '=', 'admin').where('active', '=', true).orderBy('id').forUpdate().execute();
  return rows.map((r) => r.id);
}

export async function updateUserAccess(db: Database, userId: string, change: { role?: Role; active?: boolean }): Promise<void> {
  await db
    .updateTable('users')
    .set({ ...change, updated_at: new Date() })
    .where('id', '=', userId)
    .execute();
}

export async function findUserProfile(db: Database, userId: string) {
  return db.selectFrom('users').select(['id', 'name', 'email', 'role', 'image', 'locale']).where('id', '=', userId).executeTakeFirst();
}

export async function updateUserProfile(db: Database, userId: string, profile: { name: string; image: string | null; locale: Locale }): Promise<void> {
  await db
    .updateTable('users')
    .set({ ...profile, updated_at: new Date() })
    .where('id', '=', userId)
    .execute();
}

export async function markEmailVerified(db: Database, userId: string): Promise<void> {
  await db.updateTable('users').set({ email_verified: true, updated_at: new Date() }).where('id', '=', userId).execute();
}

/** Whether a write failed because the e-mail address is taken (users.email is unique). */
export function isDuplicateEmailError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === '23505' && 'constraint' in error && error.constraint === 'users_email_key';
}
