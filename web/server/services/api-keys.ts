import { createHash, randomBytes } from 'node:crypto';
import { API_KEY_PREFIX, apiKeyTokenPattern, apiScopes, type ApiScope, type CreateApiKeyInput } from '../../../domain/api-scopes';
import { AppError } from '../../../domain/errors';
import { canConfigure } from '../../../domain/roles';
import type { Database } from '../../../db/client';
import { findActiveApiKeyByHash, insertApiKey, listApiKeys, revokeApiKey, touchApiKey } from '../../../db/queries/api-keys';
import type { Actor } from './actor';
import { audit, type AuditDeps } from './audit';

export interface ApiKeyView {
  id: number;
  name: string;
  /** The token's first characters, to tell keys apart. */
  prefix: string;
  scopes: ApiScope[];
  createdAt: Date;
  createdByName: string | null;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

/** Who calls the API: the key, the actor it acts as (its creator, with an admin's reach) and its scopes. */
export interface ApiCaller {
  keyId: number;
  actor: Actor;
  scopes: ReadonlySet<ApiScope>;
}

function hashToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

const PREFIX_LENGTH = API_KEY_PREFIX.length + 6;

/** A new key; the token is returned this once and only its hash is stored. */
export async function createApiKey(deps: { db: Database } & AuditDeps, actor: Actor, input: CreateApiKeyInput): Promise<{ key: ApiKeyView; token: string }> {
  const token = API_KEY_PREFIX + randomBytes(32).toString('base64url');
  const scopes = apiScopes.filter((scope) => input.scopes.includes(scope));
  const prefix = token.slice(0, PREFIX_LENGTH);
  const id = await deps.db.transaction().execute(async (trx) => {
    const keyId = await insertApiKey(trx, { name: input.name, prefix, tokenHash: hashToken(token), scopes, createdBy: actor.id });
    await audit(trx, deps, actor, { action: 'api_key.created', subject: { type: 'api_key', id: keyId }, after: { name: input.name, prefix, scopes } });
    return keyId;
  });
  const key = (await listApiKeysForAdmin(deps)).find((k) => k.id === id);
  if (!key) throw new Error(`API key ${id} vanished right after it was created`);
  return { key, token };
}

export async function listApiKeysForAdmin(deps: { db: Database }): Promise<ApiKeyView[]> {
  const rows = await listApiKeys(deps.db);
  return rows.map((row) => ({
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    scopes: apiScopes.filter((scope) => row.scopes.includes(scope)),
    createdAt: row.created_at,
    createdByName: row.created_by_name,
    lastUsedAt: row.last_used_at,
    revokedAt: row.revoked_at,
  }));
}

export async function revokeApiKeyById(deps: { db: Database } & AuditDeps, actor: Actor, keyId: number): Promise<void> {
  await deps.db.transaction().execute(async (trx) => {
    if (!(await revokeApiKey(trx, keyId))) throw new AppError('NOT_FOUND', `API key #${keyId} does not exist or is already revoked.`, 'keyId');
    await audit(trx, deps, actor, { action: 'api_key.revoked', subject: { type: 'api_key', id: keyId }, after: { revoked: true } });
  });
}

const missingKey = 'Send an API key as `Authorization: Bearer ol_…`; an admin creates one under Admin → API keys.';

/**
 * The caller of one API request, from its `Authorization` header. A key works while it is not
 * revoked and the admin who made it is still an active admin: it never reaches further than they do.
 */
export async function authenticateApiKey(deps: { db: Database }, authorization: string | null): Promise<ApiCaller> {
  const match = /^Bearer\s+(\S+)\s*$/i.exec(authorization ?? '');
  if (!match) throw new AppError('UNAUTHORIZED', missingKey, 'Authorization');
  const token = match[1] ?? '';
  const key = apiKeyTokenPattern.test(token) ? await findActiveApiKeyByHash(deps.db, hashToken(token)) : undefined;
  if (!key) throw new AppError('UNAUTHORIZED', 'This API key is unknown or has been revoked; ask an admin for a new one.', 'Authorization');
  if (!key.creator_active || !canConfigure(key.creator_role)) {
    throw new AppError('UNAUTHORIZED', 'The admin who created this API key is no longer an active admin, so the key no longer works; ask an admin for a new one.', 'Authorization');
  }
  await touchApiKey(deps.db, key.id);
  return {
    keyId: key.id,
    actor: { id: key.created_by, role: key.creator_role },
    scopes: new Set(apiScopes.filter((scope) => key.scopes.includes(scope))),
  };
}
