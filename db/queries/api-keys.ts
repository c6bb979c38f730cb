import { sql } from 'kysely';
import type { Database } from '../client';

// Public REST API keys: the hash of each token, never the token itself.

export async function insertApiKey(db: Database, key: { name: string; prefix: string; tokenHash: string; scopes: readonly string[]; createdBy: string }): Promise<number> {
  const row = await db
    .insertInto('api_keys')
    .values({ name: key.name, prefix: key.prefix, token_hash: key.tokenHash, scopes: [...key.scopes], created_by: key.createdBy })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function listApiKeys(db: Database) {
  return db
    .selectFrom('api_keys as k')
    .leftJoin('users as u', 'u.id', 'k.created_by')
    .select(['k.id', 'k.name', 'k.prefix', 'k.scopes', 'k.created_at', 'k.last_used_at', 'k.revoked_at', 'u.name as created_by_name'])
    .orderBy('k.revoked_at', (ob) => ob.desc().nullsFirst())
    .orderBy('k.id', 'desc')
    .execute();
}

/** The unrevoked key with this token hash, with its creator's standing (the key acts in their name). */
export async function findActiveApiKeyByHash(db: Database, tokenHash: string) {
  return db
    .selectFrom('api_keys as k')
    .innerJoin('users as u', 'u.id', 'k.created_by')
    .select(['k.id', 'k.scopes', 'k.created_by', 'u.role as creator_role', 'u.active as creator_active'])
    .where('k.token_hash', '=', tokenHash)
    .where('k.revoked_at', 'is', null)
    .executeTakeFirst();
}

/** Stamps last use at most once a minute, so a busy key does not write on every request. */
export async function touchApiKey(db: Database, keyId: number): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: sql<Date>`now()` })
    .where('id', '=', keyId)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]))
    .execute();
}

/** Returns false when there is no such key or it was already revoked. */
export async function revokeApiKey(db: Database, keyId: number): Promise<boolean> {
  const result = await db.updateTable('api_keys').set({ revoked_at: sql<Date>`now()` }).where('id', '=', keyId).where('revoked_at', 'is', null).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}
