import { sql } from 'kysely';
import type { KpiKind } from '../../domain/kpi';
import type { Database } from '../client';

export interface NewKpiViolation {
  dialogId: number;
  lineId: number;
  operatorId: string | null;
  kind: KpiKind;
  limitMinutes: number;
  waitingSince: Date;
}

/**
 * Records a violation once per dialog, kind and waiting period: the id of the new row, or null when
 * this period was recorded before (a retried activity).
 */
export async function insertKpiViolationOnce(db: Database, violation: NewKpiViolation): Promise<{ id: number; detectedAt: Date } | null> {
  const row = await db
    .insertInto('kpi_violations')
    .values({
      dialog_id: violation.dialogId,
      line_id: violation.lineId,
      operator_id: violation.operatorId,
      kind: violation.kind,
      limit_minutes: violation.limitMinutes,
      waiting_since: violation.waitingSince,
    })
    .onConflict((oc) => oc.constraint('kpi_violations_once').doNothing())
    .returning(['id', 'detected_at'])
    .executeTakeFirst();
  return row ? { id: row.id, detectedAt: row.detected_at } : null;
}

export interface KpiViolationFilters {
  lineId?: number;
  operatorId?: string;
  /** Detected at or after. */
  from?: Date;
  /** Detected before. */
  to?: Date;
}

function violations(db: Database, filters: KpiViolationFilters) {
  let query = db.selectFrom('kpi_violations as v');
  if (filters.lineId !== undefined) query = query.where('v.line_id', '=', filters.lineId);
  if (filters.operatorId !== undefined) query = query.where('v.operator_id', '=', filters.operatorId);
  if (filters.from) query = query.where('v.detected_at', '>=', filters.from);
  if (filters.to) query = query.where('v.detected_at', '<', filters.to);
  return query;
}

/** The latest violations matching `filters`, newest first, with line and operator names. */
export async function listKpiViolations(db: Database, filters: KpiViolationFilters, limit: number) {
  return violations(db, filters)
    .innerJoin('lines as l', 'l.id', 'v.line_id')
    .leftJoin('users as u', 'u.id', 'v.operator_id')
    .select(['v.id', 'v.dialog_id', 'v.line_id', 'l.name as line_name', 'v.operator_id', 'u.name as operator_name', 'v.kind', 'v.limit_minutes', 'v.waiting_since', 'v.detected_at'])
    .orderBy('v.detected_at', 'desc')
    .orderBy('v.id', 'desc')
    .limit(limit)
    .execute();
}

/** Per operator (null: the dialog waited unassigned), how many violations of each kind; most first. */
export async function countKpiViolationsByOperator(db: Database, filters: KpiViolationFilters) {
  return violations(db, filters)
    .leftJoin('users as u', 'u.id', 'v.operator_id')
    .select([
      'v.operator_id',
      sql<string | null>`max(u.name)`.as('operator_name'),
      sql<number>`(count(*) filter (where v.kind = 'first_answer'))::int`.as('first_answer'),
      sql<number>`(count(*) filter (where v.kind = 'further_answer'))::int`.as('further_answer'),
      sql<number>`count(*)::int`.as('total'),
    ])
    .groupBy('v.operator_id')
    .orderBy('total', 'desc')
    .orderBy(sql`max(u.name)`)
    .execute();
}
