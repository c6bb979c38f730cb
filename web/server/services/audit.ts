import type { Database } from '../../../db/client';
import { listAuditEntries, recordAudit, type AuditEntry } from '../../../db/queries/audit';
import { findDialog } from '../../../db/queries/dialogs';
import { AUDIT_PAGE_SIZE, type AuditAction, type AuditActorKind, type AuditFilter } from '../../../domain/audit';
import type { Actor } from './actor';

/** What a service needs to write the audit log: the caller's address (null outside HTTP). */
export interface AuditDeps {
  clientAddress?: string | null;
}

/** The one call services make: `audit(trx, deps, actor, { action, subject, before, after })` in the change's transaction. */
export async function audit(trx: Database, deps: AuditDeps, actor: Pick<Actor, 'id'>, entry: Omit<AuditEntry, 'actor' | 'ip'>): Promise<void> {
  await recordAudit(trx, { ...entry, actor: { userId: actor.id }, ip: deps.clientAddress ?? null });
}

/**
 * An operator's action on a dialog, once its workflow has applied it (the change itself is
 * committed by the workflow's activity, so this entry follows it rather than sharing its
 * transaction): who had the dialog, on which line and in which state, before and after.
 */
export async function auditDialogAction(
  deps: AuditDeps & { db: Database },
  actor: Pick<Actor, 'id'>,
  input: { dialogId: number; action: AuditAction; before: { lineId: number; operatorId: string | null; status: string }; details?: Record<string, unknown> },
): Promise<void> {
  const now = await findDialog(deps.db, input.dialogId);
  const after = now ? { lineId: now.line_id, operatorId: now.operator_id, status: now.status, pinned: now.pinned } : null;
  await audit(deps.db, deps, actor, {
    action: input.action,
    subject: { type: 'dialog', id: input.dialogId },
    before: input.before,
    after: after && { ...after, ...input.details },
  });
}

/** Who made an entry: a user (by name; null when removed since), an API key, or the system (neither). */
function actorOf(row: { actor_user_id: string | null; actor_name: string | null; actor_api_key_id: string | null }): { kind: AuditActorKind; id: string; name: string | null } {
  if (row.actor_user_id) return { kind: 'user', id: row.actor_user_id, name: row.actor_name };
  if (row.actor_api_key_id) return { kind: 'api_key', id: row.actor_api_key_id, name: null };
  return { kind: 'system', id: '', name: null };
}

export async function listAuditLog(deps: { db: Database }, filter: AuditFilter) {
  const rows = await listAuditEntries(deps.db, filter, AUDIT_PAGE_SIZE + 1);
  const page = rows.slice(0, AUDIT_PAGE_SIZE);
  return {
    entries: page.map((row) => ({
      id: row.id,
      at: row.at,
      actor: actorOf(row),
      action: row.action,
      subjectType: row.subject_type,
      subjectId: row.subject_id,
      before: row.before,
      after: row.after,
      ip: row.ip,
    })),
    nextCursor: rows.length > AUDIT_PAGE_SIZE ? (page.at(-1)?.id ?? null) : null,
  };
}
