import { z } from 'zod';

/**
 * What a public REST API key may do (SPEC §9). A key acts with an admin's reach (every line and
 * dialog) but only within its scopes; each operation of the API names the one scope it needs.
 */
export const apiScopes = [
  'lines:read',
  'lines:manage',
  'dialogs:read',
  'messages:send',
  'operators:read',
  'operators:manage',
  'contacts:read',
  'flows:read',
  'flows:publish',
] as const;
export type ApiScope = (typeof apiScopes)[number];
export const apiScopeSchema = z.enum(apiScopes, { error: `must be one of: ${apiScopes.join(', ')}` });

/** English, for the OpenAPI document and logs; the admin page translates the scope itself. */
export const apiScopeDescriptions: Record<ApiScope, string> = {
  'lines:read': 'Read lines and their channels',
  'lines:manage': 'Create lines',
  'dialogs:read': 'List and search dialogs, read their messages',
  'messages:send': 'Send messages into dialogs as an operator',
  'operators:read': 'Read operators and their presence',
  'operators:manage': 'Set an operator’s presence',
  'contacts:read': 'Read contacts and their channel identities',
  'flows:read': 'Read flows',
  'flows:publish': 'Publish a flow’s draft',
};

/** Tokens look like `ol_` + 43 base64url characters (32 random bytes). */
export const API_KEY_PREFIX = 'ol_';
export const apiKeyTokenPattern = /^ol_[A-Za-z0-9_-]{43}$/;

export const MAX_API_KEY_NAME_LENGTH = 100;

export const createApiKeySchema = z.object({
  name: z.string().trim().min(1, 'give the key a name, e.g. the system that will use it').max(MAX_API_KEY_NAME_LENGTH, `must be at most ${MAX_API_KEY_NAME_LENGTH} characters`),
  scopes: z.array(apiScopeSchema).min(1, 'choose at least one scope').max(apiScopes.length),
});
export type CreateApiKeyInput = z.infer<typeof createApiKeySchema>;
