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
