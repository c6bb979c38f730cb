import { randomUUID } from 'node:crypto';
import type { Database } from '../client';

// better-auth's e-mail/password credential (an `accounts` row with provider 'credential', as
// db/seed.ts writes it) and the user's sessions.

/** The stored password hash of the user's credential (undefined: they have none yet). */
export async function findPasswordHash(db: Database, userId: string): Promise<string | undefined> {
  const row = await db
    .selectFrom('accounts')
    .select('password')
    .where('user_id', '=', userId)
    .where('provider_id', '=', 'credential')
    .executeTakeFirst();
  return row?.password ?? undefined;
}

/** Sets the user's password hash, creating the credential when they have none. */
export async function setPasswordHash(db: Database, userId: string, passwordHash: string): Promise<void> {
  const updated = await db
    .updateTable('accounts')
    .set({ password: passwordHash, updated_at: new Date() })
    .where('user_id', '=', userId)
    .where('provider_id', '=', 'credential')
    .executeTakeFirst();
  if (updated.numUpdatedRows > 0n) return;
  await db.insertInto('accounts').values({ id: randomUUID(), user_id: userId, account_id: userId, provider_id: 'credential', password: passwordHash }).execute();
}

/** Removes the user's password: they can sign in again only through a new one-time link. */
export async function removePassword(db: Database, userId: string): Promise<void> {
  await db.deleteFrom('accounts').where('user_id', '=', userId).where('provider_id', '=', 'credential').execute();
}

/** Ends every session of the user: their next request finds no session. Returns how many ended. */
export async function deleteSessionsOfUser(db: Database, userId: string): Promise<number> {
  const result = await db.deleteFrom('sessions').where('user_id', '=', userId).executeTakeFirst();
  return Number(result.numDeletedRows);
}
