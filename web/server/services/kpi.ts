import type { Database } from '../../../db/client';
import { listLines } from '../../../db/queries/lines';
import { countKpiViolationsByOperator, listKpiViolations, type KpiViolationFilters } from '../../../db/queries/kpi-violations';
import { listUsers } from '../../../db/queries/users';

/** KPI violations for statistics (SPEC §8): the latest ones and counts per operator and kind. Supervisors only: the router checks. */
export async function getKpiViolations(deps: { db: Database }, filters: KpiViolationFilters, limit: number) {
  const [rows, perOperator] = await Promise.all([listKpiViolations(deps.db, filters, limit), countKpiViolationsByOperator(deps.db, filters)]);
  return {
    items: rows.map((row) => ({
      id: row.id,
      dialogId: row.dialog_id,
      line: { id: row.line_id, name: row.line_name },
      operator: row.operator_id ? { id: row.operator_id, name: row.operator_name ?? 'Unknown user' } : null,
      kind: row.kind,
      limitMinutes: row.limit_minutes,
      waitingSince: row.waiting_since,
      detectedAt: row.detected_at,
    })),
    perOperator: perOperator.map((row) => ({
      operator: row.operator_id ? { id: row.operator_id, name: row.operator_name ?? 'Unknown user' } : null,
      firstAnswer: row.first_answer,
      furtherAnswer: row.further_answer,
      total: row.total,
    })),
    total: perOperator.reduce((sum, row) => sum + row.total, 0),
  };
}

/** Lines and users the KPI filters offer. */
export async function getKpiFilterOptions(deps: { db: Database }) {
  const [lines, users] = await Promise.all([listLines(deps.db), listUsers(deps.db)]);
  return { lines: lines.map((l) => ({ id: l.id, name: l.name })), operators: users.map((u) => ({ id: u.id, name: u.name })) };
}
