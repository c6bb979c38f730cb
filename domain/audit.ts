import { z } from 'zod';

/**
 * The audit log (SPEC §9): who did what and when. Actions are `<subject>.<verb>`; the subject
 * types below are what the page filters by. Secrets never reach before/after: `maskSecrets`.
 */
export const AUDIT_SUBJECT_TYPES = ['line', 'channel', 'flow', 'user', 'api_key', 'webhook', 'dialog', 'contact'] as const;
export const auditSubjectTypeSchema = z.enum(AUDIT_SUBJECT_TYPES);
export type AuditSubjectType = z.infer<typeof auditSubjectTypeSchema>;

export const AUDIT_ACTIONS = [
  'line.created',
  'line.updated',
  'line.old_dialogs_deleted',
  'channel.created',
  'channel.updated',
  'channel.enabled',
  'channel.disabled',
  'channel.removed',
  'flow.created',
  'flow.published',
  'flow.rolled_back',
  'flow.deleted',
  'user.created',
  'user.role_changed',
  'user.activated',
  'user.deactivated',
  'user.password_reset',
  'api_key.created',
  'api_key.revoked',
  'webhook.created',
  'webhook.updated',
  'webhook.deleted',
  'webhook.redelivered',
  'dialog.taken',
  'dialog.transferred',
  'dialog.invited',
  'dialog.taken_over',
  'dialog.pinned',
  'dialog.unpinned',
  'dialog.closed',
  'dialog.marked_spam',
  'dialog.rated_by_supervisor',
  'contact.exported',
  'contact.erased',
] as const;
export const auditActionSchema = z.enum(AUDIT_ACTIONS);
export type AuditAction = z.infer<typeof auditActionSchema>;

/**
 * Who acted: a signed-in user, (public API) an API key, or the system itself — a scheduled job
 * such as retention, stored with neither a user nor a key.
 */
export type AuditActor =
  | { userId: string; apiKeyId?: undefined; system?: undefined }
  | { apiKeyId: string; userId?: undefined; system?: undefined }
  | { system: true; userId?: undefined; apiKeyId?: undefined };

export const AUDIT_ACTOR_KINDS = ['user', 'api_key', 'system'] as const;
export const auditActorKindSchema = z.enum(AUDIT_ACTOR_KINDS);
export type AuditActorKind = z.infer<typeof auditActorKindSchema>;

const SECRET_KEY = /secret|token|password|api_?key|private/i;

/** A copy with every secret-looking field replaced, at any depth: audit rows never hold secrets. */
export function maskSecrets<T>(value: T): T {
  if (Array.isArray(value)) return value.map((item) => maskSecrets(item)) as T;
  if (value === null || typeof value !== 'object' || value instanceof Date) return value;
  return Object.fromEntries(
    Object.entries(value).map(([key, item]) => [key, SECRET_KEY.test(key) && item !== null && item !== undefined && item !== '' ? '••••' : maskSecrets(item)]),
  ) as T;
}

export const AUDIT_PAGE_SIZE = 50;

export const auditFilterSchema = z.object({
  from: z.iso.datetime({ offset: true, error: 'use an ISO date and time' }).optional(),
  to: z.iso.datetime({ offset: true, error: 'use an ISO date and time' }).optional(),
  actorUserId: z.string().min(1).optional(),
  /** Only entries of this kind of actor ('system': the scheduled jobs). */
  actorKind: auditActorKindSchema.optional(),
  action: auditActionSchema.optional(),
  subjectType: auditSubjectTypeSchema.optional(),
  subjectId: z.string().trim().min(1).max(100).optional(),
  /** Keyset paging: the id of the last row of the previous page (`nextCursor`). */
  cursor: z.number().int().positive().nullish(),
});
export type AuditFilter = z.infer<typeof auditFilterSchema>;
