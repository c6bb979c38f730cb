import type { Database } from '../../../db/client';

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

/** What a long-lived request (a live stream) re-checks about its user: role and whether still active. */
export async function findUserAccess(db: Database, userId: string) {
  return db.selectFrom('users').select(['role', 'active']).where('id', '=', userId).executeTakeFirst();
}
