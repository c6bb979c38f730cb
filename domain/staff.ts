import { z } from 'zod';
import { englishErrorText } from './error-messages';
import { localeSchema } from './locale';
import { roleSchema, type Role } from './roles';

// Staff accounts (admin → users, the profile page, `npm run users`): what a valid name, e-mail,
// password, avatar and language are, and the rules about who may be changed how.

/** better-auth's own bounds (web/server/auth.ts reads them from here). */
export const PASSWORD_MIN_LENGTH = 8;
export const PASSWORD_MAX_LENGTH = 128;
/** How long a one-time invitation or password link works. */
export const INVITATION_TTL_DAYS = 7;
export const USER_NAME_MAX_LENGTH = 100;
/** An uploaded avatar is stored as a small data: URL (the browser scales it down first). */
export const AVATAR_MAX_LENGTH = 200_000;


export const userNameSchema = z
  .string()
  .trim()
  .min(1, englishErrorText('staff.nameRequired'))
  .max(USER_NAME_MAX_LENGTH, englishErrorText('field.maxChars', { max: String(USER_NAME_MAX_LENGTH) }));

export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .pipe(z.email({ error: englishErrorText('staff.emailInvalid') }));

export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, englishErrorText('field.minChars', { min: String(PASSWORD_MIN_LENGTH) }))
  .max(PASSWORD_MAX_LENGTH, englishErrorText('field.maxChars', { max: String(PASSWORD_MAX_LENGTH) }));

const dataImage = /^data:image\/(png|jpeg|webp|gif);base64,[A-Za-z0-9+/]+=*$/;

/** An avatar: an https image address (the app's CSP allows those) or an uploaded image (data: URL); null shows initials. */
export const avatarSchema = z
  .string()
  .trim()
  .max(AVATAR_MAX_LENGTH, englishErrorText('staff.avatarTooLarge'))
  .refine((value) => dataImage.test(value) || /^https:\/\/\S+$/i.test(value), englishErrorText('staff.avatarAddress'))
  .nullable();

/** How a new user (or a reset one) gets a password: set by the admin now, or a one-time link. */
export const passwordSetupSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('password'), password: passwordSchema }),
  z.object({ kind: z.literal('invitation') }),
]);
export type PasswordSetup = z.infer<typeof passwordSetupSchema>;

export const createStaffUserSchema = z.object({
  name: userNameSchema,
  email: emailSchema,
  role: roleSchema,
  setup: passwordSetupSchema,
  /** The new user's language (their pages and e-mails); absent: the inviting admin's own. */
  locale: localeSchema.optional(),
});
export type CreateStaffUserInput = z.infer<typeof createStaffUserSchema>;

export const profileUpdateSchema = z.object({ name: userNameSchema, image: avatarSchema, locale: localeSchema });
export type ProfileUpdate = z.infer<typeof profileUpdateSchema>;

export const changeOwnPasswordSchema = z.object({ currentPassword: z.string().min(1, englishErrorText('staff.currentPasswordRequired')), newPassword: passwordSchema });

/**
 * The product needs someone who can manage it: a change that would leave no active admin is
 * refused (an admin demoting or deactivating themselves as the last one, or anyone else doing it).
 * `activeAdminIds` are the active admins now; the change makes `userId` `after`.
 */
export function lastAdminRefusal(activeAdminIds: readonly string[], userId: string, after: { role: Role; active: boolean }): string | null {
  const remaining = activeAdminIds.filter((id) => id !== userId).length + (after.role === 'admin' && after.active ? 1 : 0);
  if (remaining > 0) return null;
  return englishErrorText('staff.lastAdmin');
}

export type InvitationState = 'valid' | 'used' | 'expired' | 'unknown' | 'deactivated';

/** Whether a one-time link still works: once, before it expires, for an active account. */
export function invitationState(invitation: { usedAt: Date | null; expiresAt: Date; userActive: boolean } | undefined, now: Date): InvitationState {
  if (!invitation) return 'unknown';
  if (invitation.usedAt) return 'used';
  if (invitation.expiresAt.getTime() <= now.getTime()) return 'expired';
  if (!invitation.userActive) return 'deactivated';
  return 'valid';
}

/** What the invite page says for a link that does not work, and what to do. */
export const invitationProblems: Record<Exclude<InvitationState, 'valid'>, { title: string; text: string }> = {
  used: { title: 'This link was already used', text: 'Each link sets a password once. Sign in with the password you chose, or ask your admin for a new link.' },
  expired: { title: 'This link has expired', text: `Links work for ${INVITATION_TTL_DAYS} days. Ask your admin to send you a new one.` },
  unknown: { title: 'This link does not work', text: 'Check that you copied the whole link, or ask your admin for a new one.' },
  deactivated: { title: 'This account is deactivated', text: 'Ask your admin to reactivate it.' },
};
