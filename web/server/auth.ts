import { betterAuth } from 'better-auth';
import { APIError } from 'better-auth/api';
import { appSecret, publicUrl } from '../../domain/config';
import { englishErrorText } from '../../domain/error-messages';
import { DEFAULT_LOCALE, localeSchema, type Locale } from '../../domain/locale';
import { roleSchema, type Role } from '../../domain/roles';
import { PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../../domain/staff';
import type { Database } from '../../db/client';
import { findUserActive } from '../../db/queries/users';
import { config } from './config';
import { getDb } from './db';
import { CLIENT_ADDRESS_HEADER } from './sign-in-guard';

/**
 * E-mail + password sign-in over the app's own snake_case tables (db/migrations): better-auth's
 * camelCase models are mapped onto `users`, `sessions`, `accounts`, `verifications`. Sign-up is
 * off: admins create users (db/seed.ts writes the same credential format).
 */
export function createAuth(options: { db: Database; secret: string; baseURL: string; rateLimit?: boolean }) {
  return betterAuth({
    appName: 'Openlines',
    baseURL: options.baseURL,
    basePath: '/api/auth',
    secret: options.secret,
    database: { db: options.db, type: 'postgres' },
    emailAndPassword: { enabled: true, disableSignUp: true, minPasswordLength: PASSWORD_MIN_LENGTH, maxPasswordLength: PASSWORD_MAX_LENGTH },
    user: {
      modelName: 'users',
      fields: { emailVerified: 'email_verified', createdAt: 'created_at', updatedAt: 'updated_at' },
      additionalFields: {
        role: { type: 'string', required: false, input: false, defaultValue: 'manager' },
        active: { type: 'boolean', required: false, input: false, defaultValue: true },
        // The user's language (profile → Language): what the server's messages are written in.
        locale: { type: 'string', required: false, input: false, defaultValue: DEFAULT_LOCALE },
      },
    },
    session: {
      modelName: 'sessions',
      fields: {
        userId: 'user_id',
        expiresAt: 'expires_at',
        ipAddress: 'ip_address',
        userAgent: 'user_agent',
        createdAt: 'created_at',
        updatedAt: 'updated_at',
      },
    },
    account: {
      modelName: 'accounts',
      fields: {
        userId: 'user_id',
        accountId: 'account_id',
        providerId: 'provider_id',
        accessToken: 'access_token',
        refreshToken: 'refresh_token',
        idToken: 'id_token',
        accessTokenExpiresAt: 'access_token_expires_at',
        refreshTokenExpiresAt: 'refresh_token_expires_at',
        createdAt: 'created_at',
        updatedAt: 'updated_at',
      },
    },
    verification: {
      modelName: 'verifications',
      fields: { expiresAt: 'expires_at', createdAt: 'created_at', updatedAt: 'updated_at' },
    },
    databaseHooks: {
      session: {
        create: {
          // A deactivated user keeps their history but can no longer sign in.
          before: async (session) => {
            const user = await findUserActive(options.db, session.userId);
            if (!user?.active) {
              throw new APIError('FORBIDDEN', { message: englishErrorText('access.deactivated') });
            }
          },
        },
      },
    },
    // The client's address as web/server/sign-in-guard.ts resolved it (TRUSTED_PROXIES), never a
    // header the client wrote: it keys better-auth's limiter and is stored with each session.
    advanced: { ipAddress: { ipAddressHeaders: [CLIENT_ADDRESS_HEADER] } },
    rateLimit: {
      enabled: options.rateLimit ?? true,
      window: 60,
      max: 100,
      // E-mail sign-in has its own limits, shared by every server, in sign-in-guard.ts.
      customRules: { '/sign-in/email': false },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

/** The signed-in user as the rest of the app sees it. */
export interface SessionUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
  /** The user's language; absent when not known (then English). */
  locale?: Locale;
}

export function toSessionUser(user: { id: string; name: string; email: string; role?: unknown; active?: unknown; locale?: unknown }): SessionUser {
  const role = roleSchema.safeParse(user.role);
  const locale = localeSchema.safeParse(user.locale);
  return {
    id: user.id,
    name: user.name,
    email: user.email,
    // An unknown role grants the least: a manager's rights.
    role: role.success ? role.data : 'manager',
    active: user.active !== false,
    ...(locale.success ? { locale: locale.data } : {}),
  };
}

/** The user signed in with these request headers, or null. */
export async function getSessionUser(auth: Auth, headers: Headers): Promise<SessionUser | null> {
  const session = await auth.api.getSession({ headers });
  return session ? toSessionUser(session.user) : null;
}

function authSecret(): string {
  return appSecret(config, 'signs sessions');
}

const globalForAuth = globalThis as unknown as { openlinesAuth?: Auth };

/** The server's one auth instance, created on first use (not at build time). */
export function getAuth(): Auth {
  globalForAuth.openlinesAuth ??= createAuth({ db: getDb(), secret: authSecret(), baseURL: publicUrl(config) });
  return globalForAuth.openlinesAuth;
}
