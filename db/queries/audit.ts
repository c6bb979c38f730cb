import { maskSecrets, type AuditAction, type AuditActor, type AuditFilter, type AuditSubjectType } from '../../domain/audit';
import type { Database } from '../client';

export interface AuditEntry {
  actor: AuditActor;
  action: AuditAction;
  subject: { type: AuditSubjectType; id: string | number };
  /** The subject before and after the change (null: created / removed); secrets are masked here. */
  before?: Record<string, unknown> | null;
  after?: Record<string, unknown> | null;
  /** The caller's address, when the change came over HTTP. */
  ip?: string | null;
}

/**
 * Appends one row to the audit log. Call it with the transaction that makes the change, so the
 * log holds exactly the changes that were committed. The one way anything writes `audit_log`;
 * the table refuses UPDATE and DELETE. API keys (public API) pass `actor: { apiKeyId }`.
 */
export async function recordAudit(db: Database, entry: AuditEntry): Promise<void> {
  await db
    .insertInto('audit_log')
    .values({
      actor_user_id: entry.actor.userId ?? null,
      actor_api_key_id: entry.actor.apiKeyId ?? null,
      action: entry.action,
      subject_type: entry.subject.type,
      subject_id: String(entry.subject.id),
      before: entry.before ? JSON.stringify(maskSecrets(entry.before)) : null,
      after: entry.after ? JSON.stringify(maskSecrets(entry.after)) : null,
      ip: entry.ip ?? null,
    })
    .execute();
}

/** Newest first, `limit` rows older than `filter.cursor` (keyset paging by id). */
export async function listAuditEntries(db: Database, filter: AuditFilter, limit: number) {
  return db
    .selectFrom('audit_log as a')
    .leftJoin('users as u', 'u.id', 'a.actor_user_id')
    .select(['a.id', 'a.at', 'a.actor_user_id', 'u.name as actor_name', 'a.actor_api_key_id', 'a.action', 'a.subject_type', 'a.subject_id', 'a.before', 'a.after', 'a.ip'])
    .$if(filter.from !== undefined, (qb) => qb.where('a.at', '>=', new Date(filter.from!)))
    .$if(filter.to !== undefined, (qb) => qb.where('a.at', '<', new Date(filter.to!)))
    .$if(filter.actorUserId !== undefined, (qb) => qb.where('a.actor_user_id', '=', filter.actorUserId!))
    .$if(filter.actorKind === 'user', (qb) => qb.where('a.actor_user_id', 'is not', null))
    .$if(filter.actorKind === 'api_key', (qb) => qb.where('a.actor_api_key_id', 'is not', null))
    .$if(filter.actorKind === 'system', (qb) => qb.where('a.actor_user_id', 'is', null).where('a.actor_api_key_id', 'is', null))
    .$if(filter.action !== undefined, (qb) => qb.where('a.action', '=', filter.action!))
    .$if(filter.subjectType !== undefined, (qb) => qb.where('a.subject_type', '=', filter.subjectType!))
    .$if(filter.subjectId !== undefined, (qb) => qb.where('a.subject_id', '=', filter.subjectId!))
    .$if(typeof filter.cursor === 'number', (qb) => qb.where('a.id', '<', filter.cursor!))
    .orderBy('a.id', 'desc')
    .limit(limit)
    .execute();
}
