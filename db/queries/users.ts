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
