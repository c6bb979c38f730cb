import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { hashPassword } from 'better-auth/crypto';
import { AppError } from '../../../domain/errors';
import { errorMessage } from '../../../domain/error-messages';
import type { Locale } from '../../../domain/locale';
import type { Role } from '../../../domain/roles';
import { INVITATION_TTL_DAYS, type PasswordSetup } from '../../../domain/staff';
import type { Database } from '../../../db/client';
import { deleteSessionsOfUser, removePassword, setPasswordHash } from '../../../db/queries/credentials';
import { expireOpenInvitations, insertInvitation } from '../../../db/queries/invitations';
import { findUserIdByEmail, insertUser, isDuplicateEmailError } from '../../../db/queries/users';

// Creating accounts and setting their passwords: shared by the admin pages (services/staff.ts)
// and the `npm run users` command (scripts/users.ts), so both write the credential better-auth
// signs in with and the same one-time links. Nothing here needs Temporal.

export interface CredentialDeps {
  db: Database;
  /** Base URL the one-time links point at. */
  publicUrl: string;
}

/** A one-time link to `/invite/<token>`: shown once, only its hash is stored. */
export interface OneTimeLink {
  url: string;
  expiresAt: Date;
}

export function hashInvitationToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/**
 * Issues a fresh one-time link for the user (their earlier unused links stop working). Call
 * inside the caller's transaction.
 */
async function issueLink(deps: CredentialDeps, userId: string, createdBy: string | null, now: Date): Promise<OneTimeLink> {
  const token = randomBytes(32).toString('base64url');
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000);
  await expireOpenInvitations(deps.db, userId, now);
  await insertInvitation(deps.db, { userId, tokenHash: hashInvitationToken(token), expiresAt, createdBy });
  return { url: `${deps.publicUrl.replace(/\/$/, '')}/invite/${token}`, expiresAt };
}

/** Creates a user who signs in with a password set now, or sets it through the returned link. */
export async function createAccount(
  deps: CredentialDeps,
  input: { name: string; email: string; role: Role; setup: PasswordSetup; locale?: Locale },
  createdBy: string | null,
  /** More writes of the same transaction (the audit entry). */
  alsoInTransaction?: (trx: Database, userId: string) => Promise<void>,
): Promise<{ id: string; link: OneTimeLink | null }> {
  const duplicate = () => new AppError('CONFLICT', errorMessage('staff.emailTaken', { email: input.email }), 'email');
  // Hashing is slow on purpose: done before the transaction holds any lock.
  const passwordHash = input.setup.kind === 'password' ? await hashPassword(input.setup.password) : null;
  if (await findUserIdByEmail(deps.db, input.email)) throw duplicate();
  try {
    return await deps.db.transaction().execute(async (trx) => {
      const id = randomUUID();
      await insertUser(trx, { id, email: input.email, name: input.name, role: input.role, emailVerified: passwordHash !== null, locale: input.locale });
      await alsoInTransaction?.(trx, id);
      if (passwordHash) {
        await setPasswordHash(trx, id, passwordHash);
        return { id, link: null };
      }
      return { id, link: await issueLink({ ...deps, db: trx }, id, createdBy, new Date()) };
    });
  } catch (error) {
    // Two admins adding the same address at once: the second gets the same answer as above.
    if (isDuplicateEmailError(error)) throw duplicate();
    throw error;
  }
}

/**
 * Resets the user's password: sets the new one, or removes the old one and returns a one-time
 * link to choose another. Either way every session of the user ends now.
 */
export async function resetAccountPassword(
  deps: CredentialDeps,
  userId: string,
  setup: PasswordSetup,
  resetBy: string | null,
  alsoInTransaction?: (trx: Database) => Promise<void>,
): Promise<{ link: OneTimeLink | null }> {
  const passwordHash = setup.kind === 'password' ? await hashPassword(setup.password) : null;
  return deps.db.transaction().execute(async (trx) => {
    await alsoInTransaction?.(trx);
    let link: OneTimeLink | null = null;
    if (passwordHash) {
      await setPasswordHash(trx, userId, passwordHash);
      await expireOpenInvitations(trx, userId, new Date());
    } else {
      await removePassword(trx, userId);
      link = await issueLink({ ...deps, db: trx }, userId, resetBy, new Date());
    }
    await deleteSessionsOfUser(trx, userId);
    return { link };
  });
}
