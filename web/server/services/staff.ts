import type { Client } from '@temporalio/client';
import { verifyPassword, hashPassword } from 'better-auth/crypto';
import { AppError } from '../../../domain/errors';
import { errorMessage } from '../../../domain/error-messages';
import type { Role } from '../../../domain/roles';
import { invitationProblems, invitationState, lastAdminRefusal, type CreateStaffUserInput, type InvitationState, type PasswordSetup, type ProfileUpdate } from '../../../domain/staff';
import type { Database } from '../../../db/client';
import { deleteSessionsOfUser, findPasswordHash, setPasswordHash } from '../../../db/queries/credentials';
import { findInvitationByTokenHash, lockInvitationByTokenHash, markInvitationUsed } from '../../../db/queries/invitations';
import { lineIdsOfMember } from '../../../db/queries/lines';
import { findUserProfile, lockActiveAdminIds, lockUserForUpdate, markEmailVerified, updateUserAccess, updateUserProfile } from '../../../db/queries/users';
import type { Actor } from './actor';
import { audit, type AuditDeps } from './audit';
import { dispatchWaitingDialogs, tellDialogsOperatorDeactivated } from './routing-wake';
import { createAccount, hashInvitationToken, resetAccountPassword, type OneTimeLink } from './staff-credentials';

export interface StaffDeps extends AuditDeps {
  db: Database;
  temporal: Client;
  publicUrl: string;
}

export interface StaffUser {
  id: string;
  name: string;
  email: string;
  role: Role;
  active: boolean;
}

/**
 * Admin → Users → Add user: the new user, and their one-time link when they set the password
 * themselves. Their language is the one the admin picked, else the admin's own.
 */
export async function createStaffUser(deps: StaffDeps, actor: Actor, input: CreateStaffUserInput): Promise<{ user: StaffUser; link: OneTimeLink | null }> {
  const locale = input.locale ?? (await findUserProfile(deps.db, actor.id))?.locale;
  const { id, link } = await createAccount(deps, { ...input, locale }, actor.id, (trx, userId) =>
    audit(trx, deps, actor, { action: 'user.created', subject: { type: 'user', id: userId }, after: { name: input.name, email: input.email, role: input.role, locale: locale ?? null, signInSetup: input.setup.kind } }),
  );
  return { user: { id, name: input.name, email: input.email, role: input.role, active: true }, link };
}

/**
 * Changes a user's role or active flag under one lock on the user and the active admins, so no
 * change (nor two at once) leaves the product without an active admin.
 */
async function changeAccess(deps: StaffDeps, actor: Actor, userId: string, change: { role?: Role; active?: boolean }): Promise<StaffUser & { before: StaffUser }> {
  return deps.db.transaction().execute(async (trx) => {
    const activeAdmins = await lockActiveAdminIds(trx);
    const user = await lockUserForUpdate(trx, userId);
    if (!user) throw new AppError('NOT_FOUND', errorMessage('staff.userMissing'), 'userId');
    const after = { role: change.role ?? user.role, active: change.active ?? user.active };
    const refusal = lastAdminRefusal(activeAdmins, userId, after);
    if (refusal) throw new AppError('CONFLICT', refusal, change.role !== undefined ? 'role' : 'active');
    await updateUserAccess(trx, userId, change);
    // A deactivated user's next request finds no session (and the live stream ends on its recheck).
    if (change.active === false) await deleteSessionsOfUser(trx, userId);
    const action = change.role !== undefined ? 'user.role_changed' : after.active ? 'user.activated' : 'user.deactivated';
    await audit(trx, deps, actor, { action, subject: { type: 'user', id: userId }, before: { role: user.role, active: user.active }, after });
    return { ...user, ...after, before: user };
  });
}

export async function changeUserRole(deps: StaffDeps, actor: Actor, userId: string, role: Role): Promise<StaffUser> {
  const { before: _before, ...user } = await changeAccess(deps, actor, userId, { role });
  return user;
}

/**
 * Deactivates (sessions end, their dialogs go back to the queue: SPEC §4 rule 5) or reactivates a
 * user (their lines may offer waiting dialogs to them again).
 */
export async function setUserActive(deps: StaffDeps, actor: Actor, userId: string, active: boolean): Promise<StaffUser> {
  const { before, ...user } = await changeAccess(deps, actor, userId, { active });
  if (before.active && !active) await tellDialogsOperatorDeactivated(deps, userId);
  if (!before.active && active) await dispatchWaitingDialogs(deps, await lineIdsOfMember(deps.db, userId));
  return user;
}

/** Admin → Users → Reset password: a new password, or a fresh one-time link; the user's sessions end. */
export async function resetUserPassword(deps: StaffDeps, actor: Actor, userId: string, setup: PasswordSetup): Promise<{ link: OneTimeLink | null }> {
  if (!(await findUserProfile(deps.db, userId))) throw new AppError('NOT_FOUND', errorMessage('staff.userMissing'), 'userId');
  return resetAccountPassword(deps, userId, setup, actor.id, (trx) =>
    audit(trx, deps, actor, { action: 'user.password_reset', subject: { type: 'user', id: userId }, after: { signInSetup: setup.kind } }),
  );
}

export async function getMyProfile(deps: Pick<StaffDeps, 'db'>, actor: Actor) {
  const profile = await findUserProfile(deps.db, actor.id);
  if (!profile) throw new AppError('UNAUTHORIZED', errorMessage('staff.accountGone'));
  return profile;
}

export async function updateMyProfile(deps: Pick<StaffDeps, 'db'>, actor: Actor, profile: ProfileUpdate) {
  await updateUserProfile(deps.db, actor.id, profile);
  return getMyProfile(deps, actor);
}

/** The user's own password: the current one proves it is them. */
export async function changeMyPassword(deps: Pick<StaffDeps, 'db'>, actor: Actor, input: { currentPassword: string; newPassword: string }): Promise<void> {
  const hash = await findPasswordHash(deps.db, actor.id);
  if (!hash || !(await verifyPassword({ hash, password: input.currentPassword }))) {
    throw new AppError('BAD_REQUEST', errorMessage('staff.wrongCurrentPassword'), 'currentPassword');
  }
  await setPasswordHash(deps.db, actor.id, await hashPassword(input.newPassword));
}

export type InvitationView = { state: 'valid'; name: string; email: string } | { state: Exclude<InvitationState, 'valid'>; title: string; text: string };

/** What the invite page shows for a token: the account it sets a password for, or why it does not work. */
export async function viewInvitation(deps: Pick<StaffDeps, 'db'>, token: string, now = new Date()): Promise<InvitationView> {
  const invitation = await findInvitationByTokenHash(deps.db, hashInvitationToken(token));
  const state = invitationState(invitation, now);
  if (invitation && state === 'valid') return { state, name: invitation.name, email: invitation.email };
  const problem = state === 'valid' ? 'unknown' : state;
  return { state: problem, ...invitationProblems[problem] };
}

/** Sets the password through a one-time link, once. Returns the e-mail to sign in with. */
export async function acceptInvitation(deps: Pick<StaffDeps, 'db'>, token: string, password: string, now = new Date()): Promise<{ email: string }> {
  const passwordHash = await hashPassword(password);
  return deps.db.transaction().execute(async (trx) => {
    const invitation = await lockInvitationByTokenHash(trx, hashInvitationToken(token));
    const state = invitationState(invitation, now);
    if (state !== 'valid' || !invitation) {
      const problem = invitationProblems[state === 'valid' ? 'unknown' : state];
      throw new AppError(state === 'unknown' ? 'NOT_FOUND' : 'CONFLICT', `${problem.title}. ${problem.text}`, 'token');
    }
    await setPasswordHash(trx, invitation.userId, passwordHash);
    await markInvitationUsed(trx, invitation.id, now);
    await markEmailVerified(trx, invitation.userId);
    return { email: invitation.email };
  });
}
